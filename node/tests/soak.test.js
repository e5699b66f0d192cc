'use strict'

// 100,000 calls through one client, 16 in flight at a time, against the
// sandbox: memory must stay flat. Samples of the process's memory are taken
// every 10,000 calls and printed; the check is on RSS growth between the
// 20,000-call sample (after warm-up) and the last one, not on time.
// INTEGRATION_KEYS_SOAK_CALLS changes the number of calls (a multiple of
// 10,000, at least 30,000).

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const v8 = require('node:v8')
const vm = require('node:vm')
const { Client } = require('integration-keys')
const { startSandbox, reset } = require('./helpers.js')

const TOTAL = Number(process.env.INTEGRATION_KEYS_SOAK_CALLS || 100_000)
const EVERY = 10_000
const IN_FLIGHT = 16
const BASELINE = 20_000
const MAX_RSS_GROWTH_MB = 30
const APP = 'app_soak'
const STABLE = 'int_soak'

// global.gc when node runs with --expose-gc; otherwise the same function,
// switched on for this process.
function collector() {
  if (typeof global.gc === 'function') return global.gc
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc')
}

let sandbox

before(async () => {
  sandbox = await startSandbox()
  await reset(sandbox)
})
after(() => sandbox.stop())

const mb = (bytes) => bytes / (1024 * 1024)

test(`${TOTAL} calls through one client keep memory flat`, async (t) => {
  assert.ok(Number.isInteger(TOTAL) && TOTAL % EVERY === 0 && TOTAL >= BASELINE + EVERY, `bad call count ${TOTAL}`)
  const gc = collector()
  const client = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, maxRetries: 0 })

  // Four keys to get and list throughout; creates and deletes go to an
  // integration per worker, which never holds more than one key.
  const stable = []
  for (let i = 0; i < 4; i++) stable.push(await client.createIntegrationKey(APP, STABLE, `stable ${i}`))

  const counts = { get: 0, list: 0, create: 0, delete: 0 }
  const samples = []
  let issued = 0
  let done = 0
  const started = process.hrtime.bigint()

  const finished = () => {
    done++
    if (done % EVERY === 0) {
      gc()
      const { rss, heapUsed } = process.memoryUsage()
      samples.push({ calls: done, seconds: Number(process.hrtime.bigint() - started) / 1e9, rss: mb(rss), heapUsed: mb(heapUsed) })
    }
  }

  async function worker(slot) {
    const own = `int_soak_${slot}`
    while (issued < TOTAL) {
      const n = issued
      if (n % 20 === 0 && TOTAL - n >= 2) {
        issued += 2
        const key = await client.createIntegrationKey(APP, own, `soak ${n}`)
        assert.equal(typeof key.secret, 'string')
        counts.create++
        finished()
        await client.deleteIntegrationKey(APP, own, key.id)
        counts.delete++
        finished()
      } else if (n % 2 === 0) {
        issued += 1
        const want = stable[n % stable.length]
        const key = await client.getIntegrationKey(APP, STABLE, want.id)
        assert.equal(key.id, want.id)
        counts.get++
        finished()
      } else {
        issued += 1
        const keys = await client.listIntegrationKeys(APP, STABLE)
        assert.equal(keys.length, stable.length)
        counts.list++
        finished()
      }
    }
  }

  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, slot) => worker(slot)))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9

  const lines = [
    `soak: ${done} calls (${counts.get} get, ${counts.list} list, ${counts.create} create, ${counts.delete} delete), ${IN_FLIGHT} in flight, in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} calls/s)`,
    'soak:    calls   seconds   rss MB   heapUsed MB (after gc)',
    ...samples.map((s) => `soak: ${String(s.calls).padStart(8)} ${s.seconds.toFixed(1).padStart(9)} ${s.rss.toFixed(1).padStart(8)} ${s.heapUsed.toFixed(1).padStart(13)}`),
  ]
  const base = samples.find((s) => s.calls === BASELINE)
  const last = samples[samples.length - 1]
  const growth = last.rss - base.rss
  lines.push(`soak: RSS growth from ${BASELINE} to ${last.calls} calls: ${growth.toFixed(1)} MB (limit ${MAX_RSS_GROWTH_MB} MB)`)
  for (const line of lines) t.diagnostic(line)

  assert.equal(done, TOTAL)
  assert.equal(samples.length, TOTAL / EVERY)
  assert.equal(counts.create, counts.delete)
  assert.ok(counts.create > 0 && counts.get > 0 && counts.list > 0)
  assert.deepEqual((await client.listIntegrationKeys(APP, 'int_soak_0')), [], 'every created key was deleted')
  assert.ok(growth < MAX_RSS_GROWTH_MB, `RSS grew by ${growth.toFixed(1)} MB between ${BASELINE} and ${last.calls} calls`)
})
