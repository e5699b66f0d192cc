'use strict'

// examples/node/create_key.mjs, run as a user would, against the sandbox.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFile } = require('node:child_process')
const { startSandbox } = require('./helpers.js')

// run.sh copies the example next to the installed package.
const example = path.join(__dirname, '..', 'create_key.mjs')
let sandbox

before(async () => {
  sandbox = await startSandbox()
})
after(() => sandbox.stop())

function run(args, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [example, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr })
    })
  })
}

test('the example creates a key and prints it with its secret', async () => {
  const env = { INTEGRATION_KEYS_BASE_URL: sandbox.url, INTEGRATION_KEYS_KEY_ID: sandbox.keyId, INTEGRATION_KEYS_SECRET: sandbox.secret }
  const { code, stdout, stderr } = await run(['app_ex', 'int_ex', 'Example key'], env)
  assert.equal(code, 0, stderr)
  const printed = JSON.parse(stdout)
  assert.match(printed.id, /^int_/)
  assert.equal(printed.displayName, 'Example key')
  assert.equal(typeof printed.secret, 'string')
  assert.ok(printed.secret.length > 20)
})

test('the example reports a typed error and exits 1', async () => {
  const env = { INTEGRATION_KEYS_BASE_URL: sandbox.url, INTEGRATION_KEYS_KEY_ID: sandbox.keyId, INTEGRATION_KEYS_SECRET: 'wrong' }
  const { code, stderr } = await run(['app_ex', 'int_ex'], env)
  assert.equal(code, 1)
  assert.match(stderr, /^AuthenticationError: authentication: HTTP 401/)
  assert.match(stderr, /request id: req_/)
})

test('the example prints its usage without arguments', async () => {
  const { code, stderr } = await run([], {})
  assert.equal(code, 2)
  assert.match(stderr, /usage/)
})
