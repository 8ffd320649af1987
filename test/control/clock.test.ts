import t from 'tap'
import { buildApp } from '../../src/app.js'
import { build, TOKEN } from '../helpers/build.js'
import { assertHssError } from '../helpers/schema.js'

const OPENJDK_88 = { image_type: 'private_image', namespace: 'test', image_name: 'openjdk', image_version: 'v8.8' }
const START = Date.UTC(2026, 0, 1)

t.test('GET /_mock/clock and POST /_mock/clock/advance move a manual clock; due scans then show their outcome', async (t) => {
  const { app } = await build(t)
  let res = await app.inject({ method: 'GET', url: '/_mock/clock' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { mode: 'manual', now: START })

  await app.inject({ method: 'POST', url: '/v5/p-1/image/batch-scan', headers: TOKEN, payload: { image_type: 'private_image', image_info_list: [OPENJDK_88] } })
  res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 1500 } })
  t.same(res.json(), { mode: 'manual', now: START + 1500 })
  t.equal(app.mock.image('p-1', OPENJDK_88)?.scan_status, 'scanning')
  res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 500 } })
  t.same(res.json(), { mode: 'manual', now: START + 2000 })
  t.match(app.mock.image('p-1', OPENJDK_88), { scan_status: 'success', latest_scan_time: START + 2000 })
})

t.test('advance refuses bad bodies and the system clock', async (t) => {
  const { app } = await build(t)
  for (const payload of [{}, { ms: -1 }, { ms: 31_536_000_001 }]) {
    const res = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload })
    assertHssError(t, res, 400, 'HSS.0001')
  }
  t.equal(app.mock.clock().now, START, 'the clock did not move')

  const system = await buildApp({ config: { clockMode: 'system' } })
  t.teardown(() => system.close())
  const before = Date.now()
  const state = (await system.inject({ method: 'GET', url: '/_mock/clock' })).json()
  t.equal(state.mode, 'system')
  t.ok(state.now >= before && state.now <= Date.now(), 'reads real time')
  const res = await system.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { ms: 1000 } })
  assertHssError(t, res, 400, 'HSS.0001', 'the mock runs on the system clock; start it with HSS_MOCK_CLOCK=manual (--clock manual) to move time')
})

t.test('HSS_MOCK_CLOCK=manual builds a manual clock starting at 2026-01-01', async (t) => {
  const app = await buildApp({ config: { clockMode: 'manual' } })
  t.teardown(() => app.close())
  t.same(app.mock.clock(), { mode: 'manual', now: START })
  t.same(app.mock.advanceClock(10), { mode: 'manual', now: START + 10 })
})

t.test('POST /_mock/scans/finish ends running scans now, per project or all', async (t) => {
  const { app, clock } = await build(t)
  for (const project of ['p-a', 'p-b']) {
    await app.inject({ method: 'POST', url: `/v5/${project}/image/batch-scan`, headers: TOKEN, payload: { image_type: 'private_image', operate_all: true, namespace: 'payments' } })
  }
  clock.advance(100)
  let res = await app.inject({ method: 'POST', url: '/_mock/scans/finish?project_id=p-a' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { finished: 3 })
  t.match(app.mock.image('p-a', { ...OPENJDK_88, namespace: 'payments', image_name: 'payment-api', image_version: '3.2.0' }),
    { scan_status: 'failed', latest_scan_time: START + 100 })
  t.equal(app.mock.jobs({ project_id: 'p-a' })[0]?.status, 'completed')
  t.equal(app.mock.jobs({ project_id: 'p-b' })[0]?.status, 'running', 'the other project still scans')

  res = await app.inject({ method: 'POST', url: '/_mock/scans/finish' })
  t.same(res.json(), { finished: 3 })
  t.equal(app.mock.jobs({ project_id: 'p-b' })[0]?.finishes_at, START + 100)
  res = await app.inject({ method: 'POST', url: '/_mock/scans/finish' })
  t.same(res.json(), { finished: 0 }, 'nothing left to finish')
  res = await app.inject({ method: 'POST', url: '/_mock/scans/finish?project_id=' })
  assertHssError(t, res, 400, 'HSS.0001')
})

t.test('the job list over HTTP shows per-image results', async (t) => {
  const { app, clock } = await build(t)
  await app.inject({ method: 'POST', url: '/v5/p-1/image/batch-scan', headers: TOKEN, payload: { image_type: 'private_image', image_info_list: [OPENJDK_88, { namespace: 'no', image_name: 'such', image_version: 'image' }] } })
  clock.advance(2000)
  const res = await app.inject({ method: 'GET', url: '/_mock/jobs?project_id=p-1' })
  t.equal(res.statusCode, 200)
  t.same(res.json().jobs[0].images, [
    { id: 2, ...OPENJDK_88, status: 'success', started_at: START, finishes_at: START + 2000, latest_scan_time: START + 2000, vul_num: 3, unsafe_setting_num: 0, malicious_file_num: 0 },
    { namespace: 'no', image_name: 'such', image_version: 'image', status: 'not_found' }
  ])
  t.equal(res.json().jobs[0].status, 'completed')
})

t.test('reset puts every image repository back to the start-up fixtures and the clock back to its start', async (t) => {
  const { app } = await build(t)
  await app.inject({ method: 'POST', url: '/v5/p-1/image/batch-scan', headers: TOKEN, payload: { image_type: 'private_image', operate_all: true } })
  app.mock.advanceClock(2000)
  await app.inject({ method: 'POST', url: '/v5/p-1/image/batch-scan', headers: TOKEN, payload: { image_type: 'private_image', image_info_list: [OPENJDK_88] } })
  t.equal(app.mock.image('p-1', OPENJDK_88)?.scan_status, 'scanning')
  const res = await app.inject({ method: 'POST', url: '/_mock/reset' })
  t.equal(res.statusCode, 200)
  t.same(app.mock.clock(), { mode: 'manual', now: START })
  t.same(app.mock.image('p-1', OPENJDK_88)?.scan_status, 'unscan')
  const page = (await app.inject({ method: 'GET', url: '/v5/p-1/image/swr-repository?image_type=private_image&scan_status=success&limit=200', headers: TOKEN })).json()
  t.equal(page.total_num, 7, 'the scans of p-1 are gone')
  t.same((await app.inject({ method: 'POST', url: '/_mock/scans/finish' })).json(), { finished: 0 }, 'no scan left running')
})
