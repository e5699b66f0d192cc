'use strict'

// Every operation against the sandbox, through the installed package.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ik = require('integration-keys')
const { startSandbox, reset, requests } = require('./helpers.js')

const { Client, IntegrationKey, signJwt } = ik
let sandbox
let client

before(async () => {
  sandbox = await startSandbox()
  client = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret })
})
after(() => sandbox.stop())
beforeEach(() => reset(sandbox))

test('the package is loaded from its installed copy, not the source folder', () => {
  const resolved = require.resolve('integration-keys')
  assert.match(resolved, /node_modules[\\/]integration-keys[\\/]index\.js$/)
  const dir = path.dirname(resolved)
  const addons = fs.readdirSync(dir).filter((f) => f.endsWith('.node'))
  assert.equal(addons.length, 1, 'the tarball holds exactly one .node binary')
  assert.ok(!fs.existsSync(path.join(dir, 'src')), 'no Rust sources in the package')
})

test('the package version is the workspace version', () => {
  const pkg = require('integration-keys/package.json')
  assert.equal(pkg.version, ik.coreVersion)
  const repo = process.env.INTEGRATION_KEYS_REPO
  if (repo) {
    const cargo = fs.readFileSync(path.join(repo, 'Cargo.toml'), 'utf8')
    const section = cargo.slice(cargo.indexOf('[workspace.package]'))
    const version = /^version\s*=\s*"([^"]+)"/m.exec(section)[1]
    assert.equal(pkg.version, version)
  }
})

test('create, list, get and delete a key', async () => {
  const created = await client.createIntegrationKey('app_1', 'int_1', 'My key')
  assert.ok(created instanceof IntegrationKey)
  assert.match(created.id, /^int_[0-9a-f]{24}$/)
  assert.equal(created.displayName, 'My key')
  assert.equal(typeof created.secret, 'string')
  assert.ok(created.secret.length > 20)

  const listed = await client.listIntegrationKeys('app_1', 'int_1')
  assert.equal(listed.length, 1)
  assert.equal(listed[0].id, created.id)
  assert.equal(listed[0].displayName, 'My key')

  const got = await client.getIntegrationKey('app_1', 'int_1', created.id)
  assert.equal(got.id, created.id)
  assert.equal(got.displayName, 'My key')

  assert.equal(await client.deleteIntegrationKey('app_1', 'int_1', created.id), undefined)
  assert.deepEqual(await client.listIntegrationKeys('app_1', 'int_1'), [])
  await assert.rejects(client.getIntegrationKey('app_1', 'int_1', created.id), ik.NotFoundError)
})

test('an empty integration lists no keys', async () => {
  assert.deepEqual(await client.listIntegrationKeys('app_2', 'int_empty'), [])
})

test('ids are sent percent-encoded as single path segments', async () => {
  await client.listIntegrationKeys('a/b', 'i d')
  const log = await requests(sandbox)
  assert.deepEqual(log.map((r) => r.path), ['/v2/apps/a%2Fb/integrations/i%20d/keys'])
})

test('a JWT-authenticated client works', async () => {
  const jwtClient = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, auth: 'jwt' })
  assert.deepEqual(await jwtClient.listIntegrationKeys('app', 'int'), [])
})

test('a client with a token signed by signJwt works', async () => {
  const token = signJwt(sandbox.keyId, sandbox.secret, 'app', 60)
  const tokenClient = new Client({ baseUrl: sandbox.url, token })
  assert.deepEqual(await tokenClient.listIntegrationKeys('app', 'int'), [])
})

test('Client.fromEnv reads the INTEGRATION_KEYS_* variables', async () => {
  try {
    process.env.INTEGRATION_KEYS_BASE_URL = sandbox.url
    process.env.INTEGRATION_KEYS_KEY_ID = sandbox.keyId
    process.env.INTEGRATION_KEYS_SECRET = sandbox.secret
    const envClient = Client.fromEnv()
    assert.ok(envClient instanceof Client)
    assert.equal(envClient.baseUrl, sandbox.url)
    const key = await envClient.createIntegrationKey('app', 'int', 'from env')
    assert.equal(key.displayName, 'from env')

    process.env.INTEGRATION_KEYS_MAX_RETRIES = 'many'
    assert.throws(() => Client.fromEnv(), (e) => e instanceof ik.InvalidArgumentError && /MAX_RETRIES/.test(e.message))
  } finally {
    for (const name of Object.keys(process.env)) if (name.startsWith('INTEGRATION_KEYS_')) delete process.env[name]
  }
})

test('signJwt signs the documented header and claims', () => {
  // The same token as the core's own known-signature test.
  assert.equal(
    signJwt('kid1', 'secret', 'app'),
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6ImtpZDEifQ.eyJzY29wZSI6ImFwcCJ9.U-fVUNeLYdN6GGdoVw_wY_N8Ic6E5GaL0p8P3pPILB8',
  )
  const token = signJwt('kid1', 'secret', 'account', 60)
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
  assert.equal(claims.scope, 'account')
  const now = Math.floor(Date.now() / 1000)
  assert.ok(claims.exp >= now + 58 && claims.exp <= now + 62, `${claims.exp} vs ${now}`)
})

test('the client shows its base URL and no credentials when inspected', () => {
  const text = require('node:util').inspect(client)
  assert.ok(text.includes(sandbox.url), text)
  assert.ok(!text.includes(sandbox.secret), text)
})
