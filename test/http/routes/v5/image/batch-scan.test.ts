import t from 'tap'
import { batchScanExamples } from '../../../../../src/http/routes/v5/image/batch-scan.schema.js'
import { build, TOKEN } from '../../../../helpers/build.js'
import { assertHssError } from '../../../../helpers/schema.js'

const URL = '/v5/p-1/image/batch-scan'

t.test('the documented list-mode example is accepted and recorded as one running list job', async (t) => {
  const { app, clock } = await build(t)
  const res = await app.inject({
    method: 'POST',
    url: `${URL}?enterprise_project_id=eps-1`,
    headers: { ...TOKEN, region: 'cn-north-4' },
    payload: batchScanExamples.list.value
  })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {})
  t.equal(res.headers['x-mock-job-id'], 'job-1')
  t.equal(res.headers['x-request-id'], 'req-1')
  const jobs = app.mock.jobs({ project_id: 'p-1' })
  t.equal(jobs.length, 1)
  t.same(jobs[0], {
    id: 'job-1',
    project_id: 'p-1',
    enterprise_project_id: 'eps-1',
    region: 'cn-north-4',
    created_at: clock.now(),
    mode: 'list',
    status: 'running',
    finishes_at: clock.now() + 2000,
    identity: { kind: 'token' },
    request: batchScanExamples.list.value,
    images: [
      { id: 2, image_type: 'private_image', namespace: 'test', image_name: 'openjdk', image_version: 'v8.8', status: 'scanning', started_at: clock.now(), finishes_at: clock.now() + 2000 },
      { id: 3, image_type: 'private_image', namespace: 'test1', image_name: 'openjdk1', image_version: 'v1.0', status: 'scanning', started_at: clock.now(), finishes_at: clock.now() + 2000 }
    ]
  })
})

t.test('the documented full-mode example is accepted and recorded as one all job', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload: batchScanExamples.all.value })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {})
  const [job, ...rest] = app.mock.jobs({ project_id: 'p-1' })
  t.same(rest, [])
  t.equal(job?.mode, 'all')
  t.equal(job?.enterprise_project_id, '0', 'enterprise_project_id defaults to "0"')
  t.equal(job?.region, null)
  t.same(job?.request, { image_type: 'private_image', operate_all: true })
})

t.test('operate_all: true wins when a list is given too; the list is kept in the request', async (t) => {
  const { app } = await build(t)
  const payload = { ...batchScanExamples.list.value, operate_all: true }
  const res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload })
  t.equal(res.statusCode, 200)
  const [job] = app.mock.jobs()
  t.equal(job?.mode, 'all')
  t.same(job?.request, payload)
})

t.test('unknown body fields are ignored and not stored', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({
    method: 'POST',
    url: URL,
    headers: TOKEN,
    payload: { image_type: 'private_image', operate_all: true, colour: 'blue', image_info_list: [{ namespace: 'a', extra: 1 }] }
  })
  t.equal(res.statusCode, 200)
  t.same(app.mock.jobs()[0]?.request, { image_type: 'private_image', operate_all: true, image_info_list: [{ namespace: 'a' }] })
})

t.test('jobs are kept per project id', async (t) => {
  const { app } = await build(t)
  for (const project of ['a', 'b', 'b']) {
    await app.inject({ method: 'POST', url: `/v5/${project}/image/batch-scan`, headers: TOKEN, payload: batchScanExamples.all.value })
  }
  t.equal(app.mock.jobs({ project_id: 'a' }).length, 1)
  t.equal(app.mock.jobs({ project_id: 'b' }).length, 2)
  t.equal(app.mock.jobs({ project_id: 'c' }).length, 0)
  const res = await app.inject({ method: 'GET', url: '/_mock/jobs?project_id=b' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().total, 2)
  t.same(res.json().jobs.map((j: { project_id: string }) => j.project_id), ['b', 'b'])
})

t.test('neither a list nor operate_all: 400 HSS.0001 naming both fields, nothing recorded', async (t) => {
  const { app } = await build(t)
  for (const payload of [
    { image_type: 'private_image' },
    { image_type: 'private_image', image_info_list: [] },
    { image_type: 'private_image', operate_all: false },
    { image_type: 'private_image', operate_all: false, image_info_list: [] }
  ]) {
    const res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload })
    assertHssError(t, res, 400, 'HSS.0001', /image_info_list.*operate_all/)
  }
  t.same(app.mock.jobs(), [])
})

t.test('validation errors name the field path and the limit', async (t) => {
  const { app } = await build(t)
  const list = [{}, {}, {}, { namespace: 'n'.repeat(65) }]
  let res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload: { image_type: 'private_image', image_info_list: list } })
  assertHssError(t, res, 400, 'HSS.0001', 'image_info_list[3].namespace must NOT have more than 64 characters')
  res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload: { operate_all: true } })
  assertHssError(t, res, 400, 'HSS.0001', 'image_type is required')
  res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload: { image_type: 'public_image', operate_all: true } })
  assertHssError(t, res, 400, 'HSS.0001', 'image_type must be one of: private_image, shared_image, instance_image')
  t.same(app.mock.jobs(), [])
})

t.test('wrong JSON types are parse failures (HSS.0002)', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ method: 'POST', url: URL, headers: TOKEN, payload: { image_type: 'private_image', operate_all: 'true' } })
  assertHssError(t, res, 400, 'HSS.0002', 'operate_all must be boolean')
  t.same(app.mock.jobs(), [])
})

t.test('bodies that are not a JSON object: 400 HSS.0002, nothing recorded', async (t) => {
  const { app } = await build(t)
  const cases: Array<[string | undefined, string]> = [
    ['application/json', '{"image_type": '],
    ['application/json', '[{"image_type":"private_image"}]'],
    ['application/json', '42'],
    ['application/json', 'null'],
    ['application/json', ''],
    ['text/plain', '{"image_type":"private_image","operate_all":true}'],
    ['application/x-www-form-urlencoded', 'image_type=private_image'],
    [undefined, '']
  ]
  for (const [type, payload] of cases) {
    const headers: Record<string, string> = { ...TOKEN }
    if (type !== undefined) headers['content-type'] = type
    const res = await app.inject({ method: 'POST', url: URL, headers, payload })
    assertHssError(t, res, 400, 'HSS.0002')
  }
  t.same(app.mock.jobs(), [])
})

t.test('without credentials: 401 APIGW.0301 before the body is even looked at', async (t) => {
  const { app } = await build(t)
  for (const payload of ['{not json', JSON.stringify(batchScanExamples.list.value)]) {
    const res = await app.inject({ method: 'POST', url: URL, headers: { 'content-type': 'application/json' }, payload })
    assertHssError(t, res, 401, 'APIGW.0301', 'Incorrect IAM authentication information: x-auth-token not found')
  }
  const empty = await app.inject({ method: 'POST', url: URL, headers: { 'x-auth-token': '' }, payload: batchScanExamples.list.value })
  assertHssError(t, empty, 401, 'APIGW.0301')
  t.same(app.mock.jobs(), [])
})

t.test('an SDK-HMAC-SHA256 Authorization header counts as a credential', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({
    method: 'POST',
    url: URL,
    headers: {
      authorization: `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`,
      // The manual clock starts at 2026-01-01T00:00:00Z.
      'x-sdk-date': '20260101T000000Z'
    },
    payload: batchScanExamples.all.value
  })
  t.equal(res.statusCode, 200)
  t.same(app.mock.jobs()[0]?.identity, { kind: 'aksk', ak: 'AK1' })
})

t.test('unknown paths and methods: 404 APIGW.0101', async (t) => {
  const { app } = await build(t)
  for (const [method, url] of [['GET', '/nope'], ['GET', URL], ['DELETE', URL], ['POST', '/v5/p-1/image/batch-scans'], ['POST', '/v3/p-1/image/batch-scan']] as const) {
    const res = await app.inject({ method, url, headers: TOKEN })
    assertHssError(t, res, 404, 'APIGW.0101')
  }
})

t.test('a body over the 12 MB gateway limit: 413 APIGW.0201', async (t) => {
  const { app } = await build(t)
  const payload = JSON.stringify({ image_type: 'private_image', operate_all: true, pad: 'x'.repeat(12 * 1024 * 1024) })
  const res = await app.inject({ method: 'POST', url: URL, headers: { ...TOKEN, 'content-type': 'application/json' }, payload })
  assertHssError(t, res, 413, 'APIGW.0201', 'Request entity too large.')
  t.same(app.mock.jobs(), [])
})

t.test('X-Request-Id: a well-formed client id is echoed, anything else replaced', async (t) => {
  const { app } = await build(t)
  let res = await app.inject({ method: 'POST', url: URL, headers: { ...TOKEN, 'x-request-id': 'client-42' }, payload: batchScanExamples.all.value })
  t.equal(res.headers['x-request-id'], 'client-42')
  res = await app.inject({ method: 'POST', url: URL, headers: { 'x-request-id': 'client-43' }, payload: {} })
  assertHssError(t, res, 401, 'APIGW.0301')
  t.equal(res.json().request_id, 'client-43')
  res = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'bad id\twith spaces' } })
  t.match(res.headers['x-request-id'], /^req-\d+$/)
  res = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'x'.repeat(200) } })
  t.match(res.headers['x-request-id'], /^req-\d+$/)
})

t.test('every response, success or error, carries X-Request-Id', async (t) => {
  const { app } = await build(t)
  for (const url of ['/_mock/health', '/_mock/jobs', '/openapi.json', '/openapi.yaml', '/docs/', '/nope']) {
    const res = await app.inject({ method: 'GET', url })
    t.ok(res.headers['x-request-id'], `${url} has X-Request-Id`)
  }
})
