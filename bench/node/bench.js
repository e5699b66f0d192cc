'use strict'

// Times one get of an integration key through a Node client, against the
// sandbox that bench/run.sh started.
//
// Usage: node bench.js integration-keys|official|fetch
//
// The connection settings come from the BENCH_* environment variables
// (BENCH_NODE_ADDON is the folder of the installed integration-keys
// package); the measurements are asked for on standard input, one command a
// line, and each is answered with one JSON line on standard output (the
// protocol of bench/driver.py, described in bench/README.md).

const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

function env(name) {
  const value = process.env[name]
  if (!value) {
    console.error(`bench.js: ${name} is not set`)
    process.exit(1)
  }
  return value
}

const URL_BASE = env('BENCH_URL')
const KEY_ID = env('BENCH_KEY_ID')
const SECRET = env('BENCH_SECRET')
const APP_ID = env('BENCH_APP_ID')
const INTEGRATION_ID = env('BENCH_INTEGRATION_ID')
const TARGET_KEY = env('BENCH_TARGET_KEY')

const KEY_URL = `${URL_BASE}/v2/apps/${APP_ID}/integrations/${INTEGRATION_ID}/keys/${TARGET_KEY}`
const HEADERS = {
  authorization: 'Basic ' + Buffer.from(`${KEY_ID}:${SECRET}`).toString('base64'),
  accept: 'application/json',
}

function packageVersion(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version
}

const CLIENTS = {
  'integration-keys'() {
    const dir = env('BENCH_NODE_ADDON')
    const { Client } = require(dir)
    const client = new Client({ baseUrl: URL_BASE, keyId: KEY_ID, secret: SECRET })
    const get = async () => (await client.getIntegrationKey(APP_ID, INTEGRATION_ID, TARGET_KEY)).id
    return ['integration-keys', packageVersion(dir), get]
  },

  official() {
    const sc = require('sunshine-conversations-client')
    const apiClient = new sc.ApiClient()
    apiClient.basePath = URL_BASE
    apiClient.authentications.basicAuth.username = KEY_ID
    apiClient.authentications.basicAuth.password = SECRET
    const api = new sc.CustomIntegrationApiKeysApi(apiClient)
    const get = async () => (await api.getCustomIntegrationKey(APP_ID, INTEGRATION_ID, TARGET_KEY)).key.id
    const dir = path.dirname(require.resolve('sunshine-conversations-client/package.json'))
    return ['sunshine-conversations-client', packageVersion(dir), get]
  },

  fetch() {
    const get = async () => {
      const response = await fetch(KEY_URL, { headers: HEADERS })
      if (!response.ok) throw new Error(`fetch answered ${response.status}`)
      return (await response.json()).key.id
    }
    return ['fetch (built in)', process.versions.node, get]
  },
}

async function call(get) {
  const id = await get()
  if (id !== TARGET_KEY) throw new Error(`got key ${id}, expected ${TARGET_KEY}`)
}

// Makes `total` calls with `inFlight` of them pending at any time; returns
// the seconds taken.
async function concurrent(get, total, inFlight) {
  let left = total
  const worker = async () => {
    while (left > 0) {
      left -= 1
      await call(get)
    }
  }
  const started = process.hrtime.bigint()
  await Promise.all(Array.from({ length: inFlight }, worker))
  return Number(process.hrtime.bigint() - started) / 1e9
}

function memoryMb() {
  const status = fs.readFileSync('/proc/self/status', 'utf8')
  const field = (name) => {
    const match = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))
    return match ? Number(match[1]) / 1024 : 0
  }
  return [field('VmRSS'), field('VmHWM')]
}

// CPU seconds (user + system) and context switches of this process so far.
function usage() {
  const u = process.resourceUsage()
  return [(u.userCPUTime + u.systemCPUTime) / 1e6, u.voluntaryContextSwitches + u.involuntaryContextSwitches]
}

async function sequential(get, total) {
  const latencies = new Float64Array(total)
  const started = process.hrtime.bigint()
  for (let i = 0; i < total; i++) {
    const t = process.hrtime.bigint()
    await call(get)
    latencies[i] = Number(process.hrtime.bigint() - t) / 1e3
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  latencies.sort()
  const percentile = (p) => (total ? latencies[Math.min(Math.floor(total * p), total - 1)] : 0)
  return { seconds, p50_us: percentile(0.5), p99_us: percentile(0.99) }
}

async function main() {
  const which = process.argv[2]
  if (!Object.hasOwn(CLIENTS, which)) {
    console.error(`usage: bench.js ${Object.keys(CLIENTS).join('|')}`)
    process.exit(1)
  }
  const [name, version, get] = CLIENTS[which]()
  const round = (x) => Number(x.toFixed(2))

  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [command, ...rest] = line.trim().split(/\s+/)
    const [a, b] = rest.map(Number)
    let answer
    if (command === 'info') {
      answer = { front_end: 'Node', client: name, version }
    } else if (command === 'warmup') {
      await sequential(get, a)
      await concurrent(get, Math.max(a, b), b)
      answer = {}
    } else if (command === 'seq') {
      const { seconds, p50_us, p99_us } = await sequential(get, a)
      answer = { seconds, p50_us: round(p50_us), p99_us: round(p99_us) }
    } else if (command === 'conc') {
      const [cpu0, switches0] = usage()
      const seconds = await concurrent(get, a, b)
      const [cpu1, switches1] = usage()
      answer = { seconds, cpu_seconds: cpu1 - cpu0, context_switches: switches1 - switches0 }
    } else if (command === 'mem') {
      await concurrent(get, a, b)
      const [rss, peak] = memoryMb()
      answer = { rss_mb: round(rss), peak_rss_mb: round(peak) }
    } else {
      throw new Error(`unknown command ${JSON.stringify(line)}`)
    }
    process.stdout.write(JSON.stringify(answer) + '\n')
  }
}

main().catch((e) => {
  console.error(`bench.js: ${e && e.stack ? e.stack : e}`)
  process.exit(1)
})
