'use strict'

// Shared by the test files: starts the sandbox (the command-line tool's
// `sandbox --json`) and talks to its control endpoints.

const { spawn } = require('node:child_process')
const readline = require('node:readline')

/** Starts a sandbox; resolves to {url, keyId, secret, stop()}. */
async function startSandbox() {
  const cli = process.env.INTEGRATION_KEYS_CLI
  if (!cli) throw new Error('INTEGRATION_KEYS_CLI must name the integration-keys binary')
  const child = spawn(cli, ['sandbox', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: child.stdout })
  const first = await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code} before it started`)))
    lines.once('line', resolve)
  })
  const info = JSON.parse(first)
  return {
    url: info.url,
    keyId: info.key_id,
    secret: info.secret,
    stop() {
      lines.close()
      child.kill()
    },
  }
}

async function control(sandbox, method, path, body) {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`sandbox ${path}: HTTP ${response.status}`)
  return response.json()
}

/** Forgets every key, fault and logged request. */
const reset = (sandbox) => control(sandbox, 'POST', 'reset', {})

/** Queues a fault for the next matching API request(s). */
const fault = (sandbox, spec) => control(sandbox, 'POST', 'faults', spec)

/** Every API request the sandbox received since the last reset. */
const requests = async (sandbox) => (await control(sandbox, 'GET', 'requests')).requests

module.exports = { startSandbox, reset, fault, requests }
