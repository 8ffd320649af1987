import t from 'tap'
import { buildApp } from '../../src/app.js'
import { createFaultEngine } from '../../src/control/faults.js'
import { batchScanExamples } from '../../src/http/routes/v5/image/batch-scan.schema.js'
import { build, TOKEN } from '../helpers/build.js'
import { assertHssError } from '../helpers/schema.js'

const scan = (project = 'p-1') =>
  ({ method: 'POST' as const, url: `/v5/${project}/image/batch-scan`, headers: TOKEN, payload: batchScanExamples.all.value })

t.test('an error rule with times fires exactly that often under 50 concurrent requests, then normal answers resume', async (t) => {
  const { app } = await build(t)
  const add = await app.inject({
    method: 'POST',
    url: '/_mock/faults',
    payload: { match: { method: 'POST', path: '/v5/*/image/batch-scan' }, action: { type: 'error', status: 429, error_code: 'APIGW.0308' }, times: 7 }
  })
  t.equal(add.statusCode, 201)
  t.match(add.json(), { id: 'fault-1', fired: 0, remaining: 7, action: { type: 'error', status: 429, error_code: 'APIGW.0308' } })
  const responses = await Promise.all(Array.from({ length: 50 }, () => app.inject(scan())))
  const throttled = responses.filter((r) => r.statusCode === 429)
  t.equal(throttled.length, 7)
  t.equal(responses.filter((r) => r.statusCode === 200).length, 43)
  assertHssError(t, throttled[0]!, 429, 'APIGW.0308', /^The throttling threshold has been reached/)
  t.equal(app.mock.jobs().length, 43, 'only the answered requests were recorded')
  const list = await app.inject({ method: 'GET', url: '/_mock/faults' })
  t.match(list.json(), { total: 1, rules: [{ id: 'fault-1', fired: 7, remaining: 0 }] })
  t.equal((await app.inject(scan())).statusCode, 200)
})

t.test('rules match on method, path pattern and project id; the first rule with uses left fires', async (t) => {
  const { app } = await build(t)
  app.mock.addFault({ match: { project_id: 'p-2' }, action: { type: 'error', status: 500, error_code: 'HSS.0041' }, times: 1 })
  app.mock.addFault({ match: { path: '/v5/**' }, action: { type: 'error', status: 503, error_code: 'APIGW.0201', error_msg: 'busy' }, times: 1 })
  app.mock.addFault({ match: { method: 'GET' }, action: { type: 'error', status: 500, error_code: 'HSS.0041' } })
  assertHssError(t, await app.inject(scan('p-2')), 500, 'HSS.0041', 'Query host extend info error')
  assertHssError(t, await app.inject(scan('p-2')), 503, 'APIGW.0201', 'busy')
  t.equal((await app.inject(scan('p-2'))).statusCode, 200, 'GET-only rule does not match a POST')
  t.same(app.mock.faults().map((r) => r.fired), [1, 1, 0])
})

t.test('control routes are never faulted', async (t) => {
  const { app } = await build(t)
  app.mock.addFault({ action: { type: 'error', status: 500, error_code: 'HSS.0041' } })
  t.equal((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/_mock/jobs' })).statusCode, 200)
  t.equal((await app.inject(scan())).statusCode, 500)
})

t.test('probability rules are deterministic for a seed', async () => {
  const fire = () => {
    const engine = createFaultEngine()
    engine.add({ action: { type: 'drop' }, probability: 0.3, seed: 42 })
    return Array.from({ length: 200 }, () => engine.take({ method: 'POST', path: '/x', project_id: 'p' }) !== undefined)
  }
  const first = fire()
  t.same(fire(), first, 'same seed, same sequence')
  const hits = first.filter(Boolean).length
  t.ok(hits > 30 && hits < 90, `about 30% fire (${hits}/200)`)
})

t.test('bad fault rules are 400 and add nothing', async (t) => {
  const { app } = await build(t)
  const cases: Array<[object, string, RegExp]> = [
    [{}, 'HSS.0001', /action is required/],
    [{ action: { type: 'explode' } }, 'HSS.0001', /action.type must be one of/],
    [{ action: { type: 'error', status: 200, error_code: 'X' } }, 'HSS.0001', /action.status must be >= 400/],
    [{ action: { type: 'error', error_code: 'X' } }, 'HSS.0001', /action.status is required/],
    [{ action: { type: 'error', status: 500 } }, 'HSS.0001', /action.error_code is required/],
    [{ action: { type: 'delay' } }, 'HSS.0001', /action.ms is required/],
    [{ action: { type: 'drop' }, times: 0 }, 'HSS.0001', /times must be >= 1/],
    [{ action: { type: 'drop' }, probability: 1.5 }, 'HSS.0001', /probability must be <= 1/],
    [{ action: { type: 'drop' }, match: { method: 'FETCH' } }, 'HSS.0001', /match.method must be one of/]
  ]
  for (const [payload, code, msg] of cases) {
    assertHssError(t, await app.inject({ method: 'POST', url: '/_mock/faults', payload }), 400, code, msg)
  }
  t.same(app.mock.faults(), [])
  t.same((await app.inject({ method: 'DELETE', url: '/_mock/faults' })).json(), { deleted: 0 })
})

t.test('on a real socket: a delay holds the answer at least that long; a drop is a socket error for the client', async (t) => {
  const app = await buildApp()
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const post = () => fetch(`${url}/v5/p/image/batch-scan`, {
    method: 'POST', headers: { ...TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(batchScanExamples.all.value)
  })

  app.mock.addFault({ action: { type: 'delay', ms: 150 }, times: 1 })
  const started = performance.now()
  const delayed = await post()
  t.equal(delayed.status, 200)
  t.ok(performance.now() - started >= 150, 'answered after the delay')

  app.mock.addFault({ action: { type: 'drop' }, times: 1 })
  await t.rejects(post(), { name: 'TypeError' }, 'the client sees the connection closed without an answer')
  t.equal((await post()).status, 200, 'the next request is answered normally')
  t.equal(app.mock.jobs().length, 2, 'the dropped request was not recorded')
})
