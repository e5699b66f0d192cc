'use strict'

// Secrets stay out of util.inspect, console.log, JSON, error messages and
// the log on standard error.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const { execFile } = require('node:child_process')
const { Client, IntegrationKey, REDACTED } = require('integration-keys')
const { startSandbox, reset, fault } = require('./helpers.js')

let sandbox
let client

before(async () => {
  sandbox = await startSandbox()
  client = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, maxRetries: 0 })
})
after(() => sandbox.stop())
beforeEach(() => reset(sandbox))

test('a key shows <redacted> for its secret when inspected or turned into JSON', async () => {
  const key = await client.createIntegrationKey('app', 'int', 'shown')
  const secret = key.secret
  assert.equal(typeof secret, 'string')
  assert.ok(secret.length > 20)

  for (const text of [
    util.inspect(key),
    util.inspect([key], { depth: 5, showHidden: true }),
    util.format('%o %O %s', key, key, key),
    JSON.stringify(key),
    JSON.stringify({ nested: [key] }),
    String(Object.entries(key)),
    Object.keys(key).join(','),
  ]) {
    assert.ok(!text.includes(secret), text)
  }
  assert.ok(util.inspect(key).includes(REDACTED))
  assert.deepEqual(JSON.parse(JSON.stringify(key)), { id: key.id, displayName: 'shown', secret: REDACTED })
  assert.ok(key instanceof IntegrationKey)
  assert.throws(() => { key.secret = 'changed' }, TypeError)
  assert.equal(key.secret, secret)
})

test('listed and fetched keys redact their secrets too', async () => {
  const created = await client.createIntegrationKey('app', 'int', 'listed')
  const [listed] = await client.listIntegrationKeys('app', 'int')
  const got = await client.getIntegrationKey('app', 'int', created.id)
  for (const key of [listed, got]) {
    // The sandbox sends the secret with every key, as the API may.
    assert.equal(key.secret, created.secret)
    assert.ok(!util.inspect(key).includes(created.secret))
    assert.ok(!JSON.stringify(key).includes(created.secret))
  }
})

// Runs a script in a child process with the given environment; resolves to
// {code, stdout, stderr}.
function runScript(source, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', source], { env: { ...process.env, ...env }, cwd: process.cwd() }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr })
    })
  })
}

test('with INTEGRATION_KEYS_LOG=trace the log goes to stderr and holds no secret', async () => {
  await fault(sandbox, { status: 500, method: 'GET' })
  const script = `
    const util = require('node:util')
    const { Client } = require('integration-keys')
    ;(async () => {
      const client = Client.fromEnv()
      const key = await client.createIntegrationKey('app', 'int', 'logged')
      console.log(key)
      console.log(util.inspect(client))
      console.error(key)
      process.stdout.write('SECRET=' + key.secret + '\\n')
      try { await client.listIntegrationKeys('app', 'int') } catch (e) { console.error(e) }
      await client.deleteIntegrationKey('app', 'int', key.id)
      try { await client.getIntegrationKey('app', 'int', key.id) } catch (e) { console.error(e.message) }
      const jwt = new (require('integration-keys').Client)({ baseUrl: process.env.INTEGRATION_KEYS_BASE_URL, keyId: process.env.INTEGRATION_KEYS_KEY_ID, secret: process.env.INTEGRATION_KEYS_SECRET, auth: 'jwt' })
      await jwt.listIntegrationKeys('app', 'int')
    })()
  `
  const { code, stdout, stderr } = await runScript(script, {
    INTEGRATION_KEYS_LOG: 'trace',
    INTEGRATION_KEYS_BASE_URL: sandbox.url,
    INTEGRATION_KEYS_KEY_ID: sandbox.keyId,
    INTEGRATION_KEYS_SECRET: sandbox.secret,
    INTEGRATION_KEYS_MAX_RETRIES: '0',
  })
  assert.equal(code, 0, stderr)
  const created = /^SECRET=(.+)$/m.exec(stdout)[1]
  assert.ok(created.length > 20)
  // Logging happened, and the error and key were printed.
  assert.match(stderr, /\[integration-keys DEBUG integration_keys/)
  assert.match(stderr, /ServerError/)
  assert.match(stderr, /<redacted>/)
  for (const secret of [sandbox.secret, created]) {
    assert.ok(!stderr.includes(secret), 'a secret reached stderr')
    assert.ok(!stdout.replace(`SECRET=${created}`, '').includes(secret), 'a secret reached stdout')
  }
  // Basic credentials must not appear in any encoding either.
  const basic = Buffer.from(`${sandbox.keyId}:${sandbox.secret}`).toString('base64')
  assert.ok(!stderr.includes(basic))
})

test('without INTEGRATION_KEYS_LOG nothing is logged', async () => {
  const script = `
    const { Client } = require('integration-keys')
    Client.fromEnv().listIntegrationKeys('app', 'int').then(() => {})
  `
  const { code, stderr } = await runScript(script, {
    INTEGRATION_KEYS_LOG: '',
    INTEGRATION_KEYS_BASE_URL: sandbox.url,
    INTEGRATION_KEYS_KEY_ID: sandbox.keyId,
    INTEGRATION_KEYS_SECRET: sandbox.secret,
  })
  assert.equal(code, 0, stderr)
  assert.equal(stderr, '')
})
