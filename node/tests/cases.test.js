'use strict'

// The shared cases of tests/cases/ (see its README.md), through the installed
// package: the same cases, with the same checks, as every other front end.
// run.sh names the folder in INTEGRATION_KEYS_CASES.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ik = require('integration-keys')
const { startSandbox, reset, fault, requests } = require('./helpers.js')

const NAME = 'node'
const CLOSED = 'http://127.0.0.1:1'

function casesDir() {
  if (process.env.INTEGRATION_KEYS_CASES) return process.env.INTEGRATION_KEYS_CASES
  if (process.env.INTEGRATION_KEYS_REPO) return path.join(process.env.INTEGRATION_KEYS_REPO, 'tests', 'cases')
  throw new Error('INTEGRATION_KEYS_CASES must name the tests/cases folder')
}

const dir = casesDir()
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
const cases = files.map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }))

let sandbox
let ran = 0

before(async () => {
  sandbox = await startSandbox()
})
after(() => sandbox.stop())

/** A key in the shared shape. */
const keyOutcome = (key) => ({ id: key.id, display_name: key.displayName, has_secret: key.secret !== null })

/** An error in the shared shape: status and code only when the server answered. */
function errorOutcome(e) {
  if (!(e instanceof ik.IntegrationKeysError)) throw e
  const error = { kind: e.kind }
  if (e.status !== null) error.status = e.status
  if (e.code !== null) error.code = e.code
  if (e.retryAfter !== null) error.retry_after = Math.floor(e.retryAfter)
  return { error }
}

/** The client of a case: the sandbox's, with the case's changes. */
function clientFor(settings = {}) {
  const options = { baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret }
  for (const [name, value] of Object.entries(settings)) {
    switch (name) {
      case 'base_url':
        assert.equal(value, 'closed', `unknown base_url ${value}`)
        options.baseUrl = CLOSED
        break
      case 'secret': options.secret = value; break
      case 'auth': options.auth = value; break
      case 'timeout': options.timeout = value; break
      case 'max_retries': options.maxRetries = value; break
      default: throw new Error(`unknown client setting ${name}`)
    }
  }
  return new ik.Client(options)
}

/** Makes `op` with `args`; resolves to the outcome in the shared shape. */
async function call(settings, op, args) {
  try {
    if (op === 'sign_jwt') {
      const [keyId, secret, scope, expiresIn] = args
      return { ok: { token: ik.signJwt(keyId, secret, scope, expiresIn === null ? undefined : Number(expiresIn)) } }
    }
    const client = clientFor(settings)
    switch (op) {
      case 'create_integration_key': return { ok: keyOutcome(await client.createIntegrationKey(...args)) }
      case 'list_integration_keys': {
        const keys = await client.listIntegrationKeys(...args)
        return { ok: { count: keys.length, display_names: keys.map((k) => k.displayName) } }
      }
      case 'get_integration_key': return { ok: keyOutcome(await client.getIntegrationKey(...args)) }
      case 'delete_integration_key': {
        assert.equal(await client.deleteIntegrationKey(...args), undefined)
        return { ok: {} }
      }
      default: throw new Error(`unknown op ${op}`)
    }
  } catch (e) {
    return errorOutcome(e)
  }
}

/** Replaces every {"ref": "setup.N.field"} with the value it names. */
function resolve(value, setup) {
  if (Array.isArray(value)) return value.map((v) => resolve(v, setup))
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === 'ref') {
      const [root, n, field] = value.ref.split('.')
      assert.equal(root, 'setup', `bad ref ${value.ref}`)
      assert.ok(setup[Number(n)], `ref ${value.ref}: no such setup step`)
      return setup[Number(n)][field]
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, setup)]))
  }
  return value
}

/** One argument of a call, as JavaScript passes it. */
function arg(value, setup) {
  if (value !== null && typeof value === 'object' && 'repeat' in value) return value.repeat.repeat(value.times)
  if (value !== null && typeof value === 'object' && 'bytes' in value) {
    throw new Error('bytes that are not UTF-8 cannot be passed from JavaScript: the case needs "only"')
  }
  const resolved = resolve(value, setup)
  assert.ok(resolved === null || typeof resolved === 'string', `cannot use ${JSON.stringify(value)} as an argument`)
  return resolved
}

/** Whether every field `expect` names has the same value in `outcome`. */
function matches(expect, outcome) {
  if (expect !== null && typeof expect === 'object' && !Array.isArray(expect)) {
    return outcome !== null && typeof outcome === 'object' && !Array.isArray(outcome) &&
      Object.entries(expect).every(([k, v]) => Object.hasOwn(outcome, k) && matches(v, outcome[k]))
  }
  return JSON.stringify(expect) === JSON.stringify(outcome)
}

async function runCase(c) {
  await reset(sandbox)
  const setup = []
  for (const step of c.setup ?? []) {
    const outcome = await call({}, step.op, step.args.map((a) => arg(a, [])))
    assert.ok(outcome.ok, `setup ${step.op} failed: ${JSON.stringify(outcome)}`)
    setup.push(outcome.ok)
  }
  for (const spec of c.faults ?? []) await fault(sandbox, spec)

  const args = c.call.args.map((a) => arg(a, setup))
  const before = (await requests(sandbox)).length
  const outcome = await call(c.client, c.call.op, args)
  const made = (await requests(sandbox)).slice(before)

  const expect = resolve(c.expect, setup)
  assert.ok(matches(expect, outcome), `expected ${JSON.stringify(expect)}, got ${JSON.stringify(outcome)}`)
  if (c.requests !== undefined) {
    const seen = {}
    for (const r of made) seen[r.method] = (seen[r.method] ?? 0) + 1
    assert.deepEqual(seen, c.requests, 'requests made, by method')
  }
  if (c.paths !== undefined) {
    assert.deepEqual(made.map((r) => r.path), c.paths, 'request paths')
  }
}

for (const c of cases) {
  const skip = Array.isArray(c.only) && !c.only.includes(NAME) ? `only ${c.only.join(', ')}` : false
  test(`${c.file}: ${c.description}`, { skip }, async () => {
    ran++
    await runCase(c)
  })
}

test('at least 30 shared cases ran', () => {
  assert.ok(cases.length >= 30, `only ${cases.length} cases in ${dir}`)
  assert.ok(ran >= 30, `only ${ran} of ${cases.length} cases ran`)
})
