'use strict'

// The event loop keeps running while requests wait, and many requests can be
// in flight at once.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const { Client } = require('integration-keys')
const { startSandbox, reset, fault } = require('./helpers.js')

let sandbox
let client

before(async () => {
  sandbox = await startSandbox()
  client = new Client({ baseUrl: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret, maxRetries: 0 })
})
after(() => sandbox.stop())
beforeEach(() => reset(sandbox))

test('a timer keeps firing while a request waits on a slow server', async () => {
  await fault(sandbox, { delay_ms: 1000 })
  let ticks = 0
  const timer = setInterval(() => ticks++, 50)
  try {
    const keys = await client.listIntegrationKeys('app', 'int')
    assert.deepEqual(keys, [])
  } finally {
    clearInterval(timer)
  }
  assert.ok(ticks >= 10, `the 50 ms timer ticked only ${ticks} times during a 1000 ms request`)
})

test('16 calls in flight at once all succeed', async () => {
  const calls = []
  for (let i = 0; i < 16; i++) calls.push(client.createIntegrationKey('app', `int_${i % 2}`, `key ${i}`))
  const keys = await Promise.all(calls)
  assert.equal(keys.length, 16)
  assert.equal(new Set(keys.map((k) => k.id)).size, 16)
  for (const k of keys) assert.equal(typeof k.secret, 'string')
  const lists = await Promise.all([client.listIntegrationKeys('app', 'int_0'), client.listIntegrationKeys('app', 'int_1')])
  assert.deepEqual(lists.map((l) => l.length), [8, 8])
})

test('slow calls run side by side, not one after another', async () => {
  const started = Date.now()
  await fault(sandbox, { delay_ms: 300 })
  await client.listIntegrationKeys('app', 'one')
  const one = Date.now() - started

  await fault(sandbox, { delay_ms: 300, count: 16 })
  const begun = Date.now()
  const lists = await Promise.all(Array.from({ length: 16 }, (_, i) => client.listIntegrationKeys('app', `int_${i}`)))
  const sixteen = Date.now() - begun
  assert.equal(lists.length, 16)
  // One after another would take about 16 times as long as one call.
  assert.ok(sixteen < one * 6, `16 slow calls took ${sixteen} ms, one took ${one} ms`)
})

test('worker threads can load the package and make calls', async () => {
  const { Worker } = require('node:worker_threads')
  const source = `
    const { workerData, parentPort } = require('node:worker_threads')
    const { Client } = require(workerData.module)
    const c = new Client({ baseUrl: workerData.url, keyId: workerData.keyId, secret: workerData.secret })
    c.createIntegrationKey('app', 'workers', 'from a worker').then((k) => parentPort.postMessage(k.id), (e) => parentPort.postMessage('error ' + e.message))
  `
  const data = { module: require.resolve('integration-keys'), url: sandbox.url, keyId: sandbox.keyId, secret: sandbox.secret }
  const ids = await Promise.all([0, 1].map(() => new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: data })
    worker.once('message', resolve)
    worker.once('error', reject)
  })))
  for (const id of ids) assert.match(id, /^int_/)
  const keys = await client.listIntegrationKeys('app', 'workers')
  assert.deepEqual(keys.map((k) => k.id).sort(), [...ids].sort())
})
