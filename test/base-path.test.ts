import t from 'tap'
import { batchScanExamples } from '../src/http/routes/v5/image/batch-scan.schema.js'
import { startMockServer } from '../src/index.js'
import { build, TOKEN } from './helpers/build.js'
import { assertHssError } from './helpers/schema.js'
import { SDK_AK, SDK_SK, signWithSdk } from './helpers/sdk.js'

// HSS_MOCK_BASE_PATH: the mock mounts every route under the prefix; a proxy in front forwards paths unchanged.

t.test('behind HSS_MOCK_BASE_PATH every route is under the prefix and nothing is served outside it', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss' } })
  const scan = await app.inject({ method: 'POST', url: '/hss/v5/p-1/image/batch-scan', headers: TOKEN, payload: batchScanExamples.list.value })
  t.equal(scan.statusCode, 200)
  t.equal(app.mock.jobs({ project_id: 'p-1' }).length, 1, 'the job was recorded')
  for (const url of ['/hss/_mock/health', '/hss/_mock/jobs', '/hss/docs', '/hss/docs/static/swagger-ui-bundle.js']) {
    t.equal((await app.inject({ url })).statusCode, 200, url)
  }
  const page = await app.inject({ url: '/hss/docs' })
  t.match(page.body, 'src="/hss/docs/static/swagger-ui-bundle.js"')
  for (const url of ['/v5/p-1/image/batch-scan', '/_mock/health', '/docs', '/openapi.json']) {
    const method = url.startsWith('/v5') ? 'POST' : 'GET'
    assertHssError(t, await app.inject({ method, url, headers: TOKEN, payload: method === 'POST' ? {} : undefined }), 404, 'APIGW.0101')
  }
  t.equal(app.mock.jobs().length, 1, 'the request outside the prefix recorded nothing')
})


t.test('behind HSS_MOCK_BASE_PATH the control prefix and fault rules keep their meaning', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss', adminPrefix: '/admin' } })
  const added = await app.inject({
    method: 'POST',
    url: '/hss/admin/faults',
    payload: { match: { path: '/v5/*/image/batch-scan' }, action: { type: 'error', status: 429, error_code: 'APIGW.0308' }, times: 1 }
  })
  t.equal(added.statusCode, 201)
  const faulted = await app.inject({ method: 'POST', url: '/hss/v5/p-1/image/batch-scan', headers: TOKEN, payload: batchScanExamples.all.value })
  assertHssError(t, faulted, 429, 'APIGW.0308')
  const next = await app.inject({ method: 'POST', url: '/hss/v5/p-1/image/batch-scan', headers: TOKEN, payload: batchScanExamples.all.value })
  t.equal(next.statusCode, 200, 'the rule fired once, as asked')
})

t.test('behind HSS_MOCK_BASE_PATH the IAM project links point under the prefix', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss' } })
  const res = await app.inject({ url: '/hss/v3/projects?name=cn-north-4', headers: { ...TOKEN, host: 'mock.test:8080' } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.links.self, 'http://mock.test:8080/hss/v3/projects?name=cn-north-4')
  t.equal(body.projects[0].links.self, `http://mock.test:8080/hss/v3/projects/${body.projects[0].id}`)
})

t.test('startMockServer\'s url includes the base path, so `${url}/v5/…` reaches the API', async (t) => {
  const mock = await startMockServer({ basePath: '/hss' })
  t.teardown(() => mock.close())
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+\/hss$/)
  const res = await fetch(`${mock.url}/v5/p-1/image/batch-scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TOKEN },
    body: JSON.stringify(batchScanExamples.all.value)
  })
  t.equal(res.status, 200)
  t.equal(mock.jobs({ project_id: 'p-1' }).length, 1)
})

t.test('behind HSS_MOCK_BASE_PATH an AK/SK signature covers the path with its prefix, as the client sent it', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss', credentials: [`${SDK_AK}:${SDK_SK}`] } })
  // build()'s manual clock starts at 2026-01-01T00:00:00Z.
  const request = { method: 'POST' as const, body: batchScanExamples.all.value, date: '20260101T000000Z' }
  const signed = await app.inject({ method: 'POST', ...signWithSdk({ ...request, path: '/hss/v5/p-1/image/batch-scan' }) })
  t.equal(signed.statusCode, 200)
  t.same(app.mock.jobs()[0]?.identity, { kind: 'aksk', ak: SDK_AK })
  const signedWithoutPrefix = signWithSdk({ ...request, path: '/v5/p-1/image/batch-scan' })
  const res = await app.inject({ method: 'POST', ...signedWithoutPrefix, url: `/hss${signedWithoutPrefix.url}` })
  assertHssError(t, res, 401, 'APIGW.0301')
  t.equal(app.mock.jobs().length, 1)
})
