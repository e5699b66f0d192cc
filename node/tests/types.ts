// Compiled with `tsc --strict --noEmit` by run.sh: the published types must
// describe the API as users call it.

import {
  Client,
  IntegrationKey,
  IntegrationKeysError,
  NotFoundError,
  RateLimitedError,
  signJwt,
  errorKinds,
  type ClientOptions,
  type ErrorKind,
} from 'integration-keys'

const options: ClientOptions = { baseUrl: 'http://127.0.0.1:1', keyId: 'app_1', secret: 's', auth: 'jwt', timeout: 2.5, maxRetries: 0 }
const client: Client = new Client(options)
const fromEnv: Client = Client.fromEnv({ userAgent: 'types/1' })
const base: string = client.baseUrl

async function use(): Promise<string | null> {
  const key: IntegrationKey = await client.createIntegrationKey('app', 'int', 'name')
  const secret: string | null = key.secret
  const name: string | null = key.displayName
  const keys: IntegrationKey[] = await fromEnv.listIntegrationKeys('app', 'int')
  const one: IntegrationKey = await client.getIntegrationKey('app', 'int', keys[0]?.id ?? key.id)
  const nothing: void = await client.deleteIntegrationKey('app', 'int', one.id)
  try {
    await client.getIntegrationKey('app', 'int', key.id)
  } catch (e) {
    if (e instanceof RateLimitedError) {
      const wait: number | null = e.retryAfter
      return String(wait)
    }
    if (e instanceof NotFoundError) {
      const status: number | null = e.status
      const kind: ErrorKind = e.kind
      return `${status} ${kind} ${e.requestId} ${e.code} ${e.title}`
    }
    if (e instanceof IntegrationKeysError) return e.message
  }
  return `${secret} ${name} ${nothing} ${base}`
}

const token: string = signJwt('app_1', 'secret', 'app', 60)
const kinds: readonly ErrorKind[] = errorKinds
void use
void token
void kinds

// @ts-expect-error: auth is 'basic' or 'jwt'
new Client({ auth: 'digest' })
// @ts-expect-error: the secret is read-only
client.createIntegrationKey('a', 'b', 'c').then((k) => { k.secret = 'x' })
