// Creates an API key for a custom integration and prints it with its secret.
//
//   npm install integration-keys
//   export INTEGRATION_KEYS_SUBDOMAIN=acme            # or INTEGRATION_KEYS_BASE_URL
//   export INTEGRATION_KEYS_KEY_ID=app_...            # an app or account key
//   export INTEGRATION_KEYS_SECRET=...
//   node create_key.mjs <appId> <integrationId> [displayName]
//
// The secret is printed on purpose: the create answer is the only time the
// API is sure to show it. Printing the key object itself (console.log(key))
// would show the secret as <redacted>.

import { Client, IntegrationKeysError } from 'integration-keys'

const [appId, integrationId, displayName = 'Created from Node'] = process.argv.slice(2)
if (!appId || !integrationId) {
  console.error('usage: node create_key.mjs <appId> <integrationId> [displayName]')
  process.exit(2)
}

try {
  const client = Client.fromEnv()
  const key = await client.createIntegrationKey(appId, integrationId, displayName)
  console.log(JSON.stringify({ id: key.id, displayName: key.displayName, secret: key.secret }, null, 2))
} catch (error) {
  if (!(error instanceof IntegrationKeysError)) throw error
  console.error(`${error.name}: ${error.message}`)
  if (error.requestId) console.error(`request id: ${error.requestId}`)
  process.exit(1)
}
