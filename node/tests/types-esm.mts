// Compiled with `tsc --strict --noEmit` by run.sh, as an ES module: the
// types resolve through the package's "import" condition too.

import { Client, NotFoundError, type IntegrationKey } from 'integration-keys'

const client = new Client({ token: 't' })
const key: Promise<IntegrationKey> = client.getIntegrationKey('a', 'b', 'c')
key.catch((e: unknown) => (e instanceof NotFoundError ? e.requestId : null))
