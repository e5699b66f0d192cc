'use strict'

// A CommonJS script and an ES module script, each in a fresh process, load
// the package and see the same API.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')

const names = 'Client,IntegrationKey,signJwt,IntegrationKeysError,NotFoundError,RequestTimeoutError,NetworkError'

test('require() in a CommonJS script', () => {
  const out = execFileSync(process.execPath, ['-e', `const ik = require('integration-keys'); console.log('${names}'.split(',').map((n) => typeof ik[n]).join(','))`], { encoding: 'utf8' })
  assert.equal(out.trim(), names.split(',').map(() => 'function').join(','))
})

test('import in an ES module script', () => {
  const source = `import { ${names} } from 'integration-keys'; console.log([${names}].map((v) => typeof v).join(','))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' })
  assert.equal(out.trim(), names.split(',').map(() => 'function').join(','))
})
