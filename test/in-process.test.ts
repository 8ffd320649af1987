import t from 'tap'
import { ConfigError, startMockServer } from '../src/index.js'
import { batchScanExamples } from '../src/http/routes/v5/image/batch-scan.schema.js'

t.test('startMockServer serves on a free port and exposes jobs, faults, reset and close', async (t) => {
  const mock = await startMockServer({ maxJobs: 100 })
  t.teardown(() => mock.close())
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.ok(mock.port > 0)
  const post = () => fetch(`${mock.url}/v5/p-9/image/batch-scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': 't' },
    body: JSON.stringify(batchScanExamples.list.value)
  })
  t.equal((await post()).status, 200)
  t.same(mock.jobs({ project_id: 'p-9' }).map((j) => j.images.length), [2])

  mock.fault({ action: { type: 'error', status: 500, error_code: 'HSS.0041' }, times: 1 })
  const failed = await post()
  t.equal(failed.status, 500)
  t.equal((await failed.json() as { error_code: string }).error_code, 'HSS.0041')

  t.equal(mock.seed('p-9', [{ namespace: 'a', image_name: 'b', image_version: 'c', image_type: 'private_image', image_size: 1, latest_update_time: 1 }]), 1)
  t.same(mock.control.images('p-9').map((i) => i.image_name), ['b'])
  t.throws(() => mock.seed('p-9', [{ namespace: '' } as never]), /images\[0\]/)

  mock.reset()
  t.same(mock.jobs(), [])
  t.notSame(mock.control.images('p-9').map((i) => i.image_name), ['b'], 'reset brings the fixtures back')
  t.equal((await post()).status, 200)
  await mock.close()
  await t.rejects(post(), 'closed: the port no longer answers')
})

t.test('startMockServer checks settings like the CLI does', async (t) => {
  await t.rejects(startMockServer({ maxJobs: 0 }), ConfigError)
  await t.rejects(startMockServer({ port: 70000 }), /invalid port \(PORT\)/)
  await t.rejects(startMockServer({ nope: 1 } as never), /unknown setting "nope"/)
})

t.test('startMockServer takes the authentication settings; with TLS its URL is https://', async (t) => {
  const mock = await startMockServer({ tls: 'self-signed', credentials: ['AK1:SK1'], tokens: ['tok'] })
  t.teardown(() => mock.close())
  t.match(mock.url, /^https:\/\/127\.0\.0\.1:\d+$/)
  const res = await mock.app.inject({ method: 'POST', url: '/v5/p/image/batch-scan', headers: { 'x-auth-token': 'other' }, payload: batchScanExamples.all.value })
  t.equal(res.statusCode, 401, 'only the configured token passes')
  await t.rejects(startMockServer({ credentials: ['AK1'] }), { message: 'invalid credentials (HSS_MOCK_CREDENTIALS): must be comma-separated AK:SK pairs' })
})
