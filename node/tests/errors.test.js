'use strict'

// Every error kind, with its class and fields, against the sandbox.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ik = require('integration-keys')
const { startSandbox, reset, fault, requests } = require('./helpers.js')

const { Client, IntegrationKeysError } = ik
let sandbox
let client

before(async () => {
  sandbox = await startSandbox()
  client = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, maxRetries: 0 })
})
after(() => sandbox.stop())
beforeEach(() => reset(sandbox))

// Awaits `promise`, which must reject, and returns the error after checking
// its class, kind and that it is an IntegrationKeysError and an Error.
async function failure(promise, Class, kind) {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof Class, `${error && error.name}: ${error && error.message}`)
    assert.ok(error instanceof IntegrationKeysError)
    assert.ok(error instanceof Error)
    assert.equal(error.kind, kind)
    assert.equal(error.name, Class.name)
    assert.ok(error.message.startsWith(`${kind}: `), error.message)
    assert.ok(!error.message.includes(sandbox.secret), error.message)
    return error
  }
  assert.fail(`expected ${Class.name}, but the call succeeded`)
}

function assertServerFields(error, status, code, title) {
  assert.equal(error.status, status)
  assert.equal(error.code, code)
  if (title !== undefined) assert.equal(error.title, title)
  assert.match(error.requestId, /^req_[0-9a-f]+$/)
}

test('the kind table has a class for every kind the core knows', () => {
  assert.deepEqual(ik.errorKinds, [
    'invalid_argument', 'authentication', 'permission_denied', 'not_found', 'conflict', 'rate_limited',
    'bad_request', 'server', 'timeout', 'connection', 'decode', 'internal',
  ])
  for (const kind of ik.errorKinds) {
    if (kind === 'internal') {
      assert.equal(ik.ERROR_CLASSES[kind], undefined, 'internal uses the base class')
      continue
    }
    const Class = ik.ERROR_CLASSES[kind]
    assert.equal(typeof Class, 'function', kind)
    assert.ok(Class.prototype instanceof IntegrationKeysError, kind)
  }
  assert.equal(new Set(Object.values(ik.ERROR_CLASSES)).size, 11)
})

test('401: a wrong secret is an AuthenticationError', async () => {
  const wrong = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: 'not-the-secret', maxRetries: 0 })
  const error = await failure(wrong.listIntegrationKeys('app', 'int'), ik.AuthenticationError, 'authentication')
  assertServerFields(error, 401, 'unauthorized')
  assert.equal(error.retryAfter, null)
  assert.ok(!error.message.includes('not-the-secret'))
})

test('403 is a PermissionDeniedError', async () => {
  await fault(sandbox, { status: 403, code: 'forbidden', title: 'Not for you' })
  const error = await failure(client.listIntegrationKeys('app', 'int'), ik.PermissionDeniedError, 'permission_denied')
  assertServerFields(error, 403, 'forbidden', 'Not for you')
  assert.ok(error.message.includes('Not for you'), error.message)
})

test('404: an unknown key is a NotFoundError', async () => {
  const error = await failure(client.getIntegrationKey('app', 'int', 'int_000000000000000000000000'), ik.NotFoundError, 'not_found')
  assertServerFields(error, 404, 'not_found')
})

test('409 is a ConflictError', async () => {
  await fault(sandbox, { status: 409, code: 'conflict', title: 'Busy' })
  const error = await failure(client.createIntegrationKey('app', 'int', 'k'), ik.ConflictError, 'conflict')
  assertServerFields(error, 409, 'conflict', 'Busy')
})

test('429 with maxRetries 0 is a RateLimitedError with retryAfter', async () => {
  await fault(sandbox, { status: 429, retry_after: '1' })
  const error = await failure(client.listIntegrationKeys('app', 'int'), ik.RateLimitedError, 'rate_limited')
  assertServerFields(error, 429, 'too_many_requests')
  assert.equal(error.retryAfter, 1)
})

test('400: an 11th key is a BadRequestError', async () => {
  for (let i = 0; i < 10; i++) await client.createIntegrationKey('app', 'int', `key ${i}`)
  const error = await failure(client.createIntegrationKey('app', 'int', 'one too many'), ik.BadRequestError, 'bad_request')
  assertServerFields(error, 400, 'bad_request')
  assert.equal(typeof error.title, 'string')
})

test('500 is a ServerError', async () => {
  await fault(sandbox, { status: 500 })
  const error = await failure(client.listIntegrationKeys('app', 'int'), ik.ServerError, 'server')
  assertServerFields(error, 500, 'internal_server_error')
})

test('a slow answer past the timeout is a RequestTimeoutError', async () => {
  const impatient = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, maxRetries: 0, timeout: 0.5 })
  await fault(sandbox, { delay_ms: 1500 })
  const error = await failure(impatient.listIntegrationKeys('app', 'int'), ik.RequestTimeoutError, 'timeout')
  assert.equal(error.status, null)
  assert.equal(error.requestId, null)
})

test('a closed port is a NetworkError', async () => {
  const nowhere = new Client({ baseUrl: 'http://127.0.0.1:1', keyId: 'app_x', secret: 'y', maxRetries: 0 })
  const error = await failure(nowhere.listIntegrationKeys('app', 'int'), ik.NetworkError, 'connection')
  assert.equal(error.status, null)
})

test('a dropped connection is a NetworkError', async () => {
  await fault(sandbox, { action: 'drop' })
  await failure(client.listIntegrationKeys('app', 'int'), ik.NetworkError, 'connection')
})

test('a malformed body is a DecodeError', async () => {
  await fault(sandbox, { action: 'malformed' })
  const error = await failure(client.getIntegrationKey('app', 'int', 'int_1'), ik.DecodeError, 'decode')
  assert.equal(error.status, null)
})

test('bad arguments are InvalidArgumentErrors, and nothing is sent', async () => {
  await failure(client.listIntegrationKeys('', 'int'), ik.InvalidArgumentError, 'invalid_argument')
  await failure(client.getIntegrationKey('app', 'int', '..'), ik.InvalidArgumentError, 'invalid_argument')
  await failure(client.createIntegrationKey('app', 'int', ''), ik.InvalidArgumentError, 'invalid_argument')
  await failure(client.createIntegrationKey('app', 'int', 'x'.repeat(101)), ik.InvalidArgumentError, 'invalid_argument')
  // A value of the wrong JavaScript type is rejected the same way.
  await failure(client.listIntegrationKeys(42, 'int'), ik.InvalidArgumentError, 'invalid_argument')
  assert.deepEqual(await requests(sandbox), [])
})

test('bad settings throw InvalidArgumentError from the constructor', () => {
  const bad = [
    {},
    { baseUrl: 'http://example.com', keyId: 'a', secret: 'b' },
    { baseUrl: 'not a url', keyId: 'a', secret: 'b' },
    { keyId: 'a' },
    { keyId: 'a', secret: 'b', token: 't' },
    { keyId: 'a', secret: 'b', auth: 'digest' },
    { keyId: 'a', secret: 'b', timeout: 0 },
    { keyId: 'a', secret: 'b', connectTimeout: -1 },
    { keyId: 'a', secret: 'b', maxRetries: 11 },
    { keyId: 'a', secret: 'b', maxRetries: 1.5 },
    { keyId: 'a', secret: 'b', maxRetries: -1 },
    { keyId: 'a', secret: 'b', subdomain: 'not a label' },
    { keyId: 'a', secret: 'b', baseUrl: 42 },
  ]
  for (const options of bad) {
    assert.throws(
      () => new Client(options),
      (e) => e instanceof ik.InvalidArgumentError && e.kind === 'invalid_argument' && e.status === null,
      JSON.stringify(options),
    )
  }
  const error = (() => { try { new Client({ keyId: 'a', secret: 'super-secret-value', token: 't' }) } catch (e) { return e } })()
  assert.ok(!error.message.includes('super-secret-value'))
})

// Throws whatever `make` throws; fails when it returns.
function thrown(make) {
  try {
    make()
  } catch (e) {
    return e
  }
  assert.fail('expected a throw')
}

test('a misspelled option name is an InvalidArgumentError naming it', () => {
  const good = { baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret }
  const misspelt = thrown(() => new Client({ baseUrl: sandbox.url, keyid: sandbox.keyId, secret: sandbox.secret }))
  assert.ok(misspelt instanceof ik.InvalidArgumentError, String(misspelt))
  assert.equal(misspelt.kind, 'invalid_argument')
  assert.equal(misspelt.status, null)
  assert.equal(misspelt.message, 'invalid_argument: unknown option "keyid": did you mean keyId?')
  assert.ok(misspelt.stack.includes('errors.test.js'), misspelt.stack)
  assert.ok(!misspelt.stack.includes('node_modules/integration-keys/index.js'), misspelt.stack)

  const unknown = thrown(() => new Client({ ...good, retries: 3 }))
  assert.ok(unknown instanceof ik.InvalidArgumentError)
  assert.match(unknown.message, /^invalid_argument: unknown option "retries": the options are subdomain, baseUrl, keyId, .*maxRetries/)

  // An option set to undefined is still a name that must be known.
  assert.throws(() => new Client({ ...good, baseURL: undefined }), (e) => e instanceof ik.InvalidArgumentError && e.message.includes('"baseURL"'))
  assert.throws(() => Client.fromEnv({ ...good, max_retries: 1 }), (e) => e instanceof ik.InvalidArgumentError && e.message.includes('"max_retries"'))
  assert.ok(!unknown.message.includes(sandbox.secret))
})

test('every option the types name is accepted, and no other', () => {
  const dir = path.dirname(require.resolve('integration-keys'))
  const fieldsOf = (file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8')
    const body = /interface ClientOptions \{([\s\S]*?)\n\}/.exec(text)[1]
    return [...body.matchAll(/^\s*(\w+)\?:/gm)].map((m) => m[1]).sort()
  }
  const published = fieldsOf('index.d.ts')
  assert.equal(published.length, 11)
  assert.deepEqual(fieldsOf('native.d.ts'), published, 'index.d.ts and the addon take the same options')
  // Every name present at once (the conflicting ones as undefined) is accepted.
  const all = Object.fromEntries(published.map((name) => [name, undefined]))
  Object.assign(all, { baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, auth: 'basic', timeout: 5, connectTimeout: 2, maxRetries: 1, userAgent: 'cases/1', allowInsecureHttp: false })
  assert.equal(new Client(all).baseUrl, sandbox.url)
  assert.equal(Client.fromEnv(all).baseUrl, sandbox.url)
})

test('plain http to a remote host needs allowInsecureHttp', () => {
  // Only built, never called: nothing is sent to the remote host.
  const settings = { baseUrl: 'http://example.com', keyId: 'k', secret: 's' }
  assert.throws(() => new Client(settings), (e) => e instanceof ik.InvalidArgumentError && /not loopback/.test(e.message))
  assert.throws(() => new Client({ ...settings, allowInsecureHttp: false }), ik.InvalidArgumentError)
  assert.equal(new Client({ ...settings, allowInsecureHttp: true }).baseUrl, 'http://example.com')
})

test('signJwt rejects bad input with InvalidArgumentError', () => {
  for (const args of [['', 's', 'app'], ['k', '', 'app'], ['k', 's', ''], ['k', 's', 'app', 0], ['k', 's', 'app', -5], ['k', 's', 'app', Number.NaN]]) {
    assert.throws(() => ik.signJwt(...args), ik.InvalidArgumentError, JSON.stringify(args))
  }
})

test('an error stack points at the code that made the call', async () => {
  async function callerOfGet() {
    return client.getIntegrationKey('app', 'int', 'int_000000000000000000000000')
  }
  const error = await failure(callerOfGet(), ik.NotFoundError, 'not_found')
  assert.ok(error.stack.startsWith('NotFoundError: not_found: '), error.stack)
  assert.ok(error.stack.includes('callerOfGet'), error.stack)
  assert.ok(error.stack.includes('errors.test.js'), error.stack)
  assert.ok(!error.stack.includes('node_modules/integration-keys/index.js'), error.stack)
})

test('errors are only ever the package classes, from a sync throw too', () => {
  try {
    new Client({ baseUrl: 'ftp://x', keyId: 'a', secret: 'b' })
    assert.fail('expected a throw')
  } catch (e) {
    assert.ok(e instanceof ik.InvalidArgumentError)
    assert.ok(e.stack.includes('errors.test.js'), e.stack)
  }
})
