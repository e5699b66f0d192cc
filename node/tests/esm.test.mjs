// The package works from an ES module, with the same objects as require().

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import ik, { Client, NotFoundError, IntegrationKeysError, signJwt, errorKinds } from 'integration-keys'
import helpers from './helpers.js'

const require = createRequire(import.meta.url)
let sandbox

before(async () => {
  sandbox = await helpers.startSandbox()
})
after(() => sandbox.stop())

test('named and default imports are the CommonJS exports', () => {
  const cjs = require('integration-keys')
  assert.equal(Client, cjs.Client)
  assert.equal(NotFoundError, cjs.NotFoundError)
  assert.equal(ik, cjs)
  assert.equal(typeof signJwt, 'function')
  assert.equal(errorKinds.length, 12)
  assert.ok(import.meta.resolve('integration-keys').endsWith('/node_modules/integration-keys/index.mjs'))
})

test('an ES module can make calls and catch typed errors', async () => {
  const client = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret })
  const key = await client.createIntegrationKey('esm_app', 'esm_int', 'from esm')
  assert.equal(key.displayName, 'from esm')
  await client.deleteIntegrationKey('esm_app', 'esm_int', key.id)
  await assert.rejects(client.getIntegrationKey('esm_app', 'esm_int', key.id), (e) => e instanceof NotFoundError && e instanceof IntegrationKeysError)
})
