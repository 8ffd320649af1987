import t from 'tap'
import { batchScanExamples } from '../../src/http/routes/v5/image/batch-scan.schema.js'
import { build } from '../helpers/build.js'
import { assertHssError } from '../helpers/schema.js'
import { SDK_AK, SDK_SK, signWithSdk, type SdkSignedRequest } from '../helpers/sdk.js'

// The manual clock of build() starts at 2026-01-01T00:00:00Z.
const NOW = '20260101T000000Z'
const PATH = '/v5/p-1/image/batch-scan'
const CREDENTIALS = { credentials: [`${SDK_AK}:${SDK_SK}`, 'OTHERAK:other:secret'] }

function signedBatchScan (overrides: Partial<SdkSignedRequest> = {}) {
  return signWithSdk({
    method: 'POST',
    path: PATH,
    query: { enterprise_project_id: '0' },
    headers: { 'X-Project-Id': 'p-1', region: 'cn-north-4' },
    body: batchScanExamples.list.value,
    date: NOW,
    ...overrides
  })
}

t.test('a batch-scan signed by the official SDK signer is accepted and recorded under its AK', async (t) => {
  const { app } = await build(t, { config: CREDENTIALS })
  const res = await app.inject({ method: 'POST', ...signedBatchScan() })
  t.equal(res.statusCode, 200)
  const [job] = app.mock.jobs({ project_id: 'p-1' })
  t.same(job?.identity, { kind: 'aksk', ak: SDK_AK })
  t.equal(job?.region, 'cn-north-4')
})

t.test('an SK containing colons is taken whole from HSS_MOCK_CREDENTIALS', async (t) => {
  const { app } = await build(t, { config: CREDENTIALS })
  const res = await app.inject({ method: 'POST', ...signedBatchScan({ ak: 'OTHERAK', sk: 'other:secret' }) })
  t.equal(res.statusCode, 200)
})

t.test('tampering after signing: 401 APIGW.0301 and nothing recorded', async (t) => {
  const { app, clock } = await build(t, { config: CREDENTIALS })
  const signed = signedBatchScan()
  const fail = /^Incorrect IAM authentication information: verify aksk signature fail/
  const body = await app.inject({ method: 'POST', ...signed, payload: signed.payload!.replace('openjdk1', 'openjdk2') })
  assertHssError(t, body, 401, 'APIGW.0301', fail)
  const header = await app.inject({ method: 'POST', ...signed, headers: { ...signed.headers, region: 'cn-south-1' } })
  assertHssError(t, header, 401, 'APIGW.0301', fail)
  const query = await app.inject({ method: 'POST', ...signed, url: signed.url.replace('=0', '=eps-2') })
  assertHssError(t, query, 401, 'APIGW.0301', fail)
  const wrongSk = await app.inject({ method: 'POST', ...signedBatchScan({ sk: `${SDK_SK}0` }) })
  assertHssError(t, wrongSk, 401, 'APIGW.0301', fail)
  clock.advance(16 * 60 * 1000)
  const late = await app.inject({ method: 'POST', ...signed })
  assertHssError(t, late, 401, 'APIGW.0301', /x-sdk-date expired/)
  t.same(app.mock.jobs(), [])
})

t.test('an unknown AK: 401 APIGW.0301 naming the AK', async (t) => {
  const { app } = await build(t, { config: CREDENTIALS })
  const res = await app.inject({ method: 'POST', ...signedBatchScan({ ak: 'NOSUCHAK' }) })
  assertHssError(t, res, 401, 'APIGW.0301', 'Incorrect IAM authentication information: Get secretKey failed,ak:NOSUCHAK,err:ak not exist')
})

t.test('without configured credentials any well-formed signature passes, but its form and date are still checked', async (t) => {
  const { app } = await build(t)
  const ok = await app.inject({ method: 'POST', ...signedBatchScan({ ak: 'ANYAK', sk: 'anything' }) })
  t.equal(ok.statusCode, 200)
  t.same(app.mock.jobs()[0]?.identity, { kind: 'aksk', ak: 'ANYAK' })
  const signed = signedBatchScan()
  const badForm = await app.inject({
    method: 'POST', ...signed, headers: { ...signed.headers, Authorization: signed.headers.Authorization!.replace(/, Signature=.*/, '') }
  })
  assertHssError(t, badForm, 401, 'APIGW.0301', /the Authorization header must read/)
  const skewed = await app.inject({ method: 'POST', ...signedBatchScan({ date: '20251231T234400Z' }) })
  assertHssError(t, skewed, 401, 'APIGW.0301', /x-sdk-date expired/)
})

t.test('tokens: any token passes unless a list is configured', async (t) => {
  const open = await build(t)
  const payload = batchScanExamples.all.value
  let res = await open.app.inject({ method: 'POST', url: PATH, headers: { 'x-auth-token': 'whatever' }, payload })
  t.equal(res.statusCode, 200)
  t.same(open.app.mock.jobs()[0]?.identity, { kind: 'token' }, 'the token itself is not recorded')

  const listed = await build(t, { config: { tokens: ['token-a', 'token-b'] } })
  res = await listed.app.inject({ method: 'POST', url: PATH, headers: { 'x-auth-token': 'token-b' }, payload })
  t.equal(res.statusCode, 200)
  res = await listed.app.inject({ method: 'POST', url: PATH, headers: { 'x-auth-token': 'token-c' }, payload })
  assertHssError(t, res, 401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail')
  t.equal(listed.app.mock.jobs().length, 1)
})

t.test('HSS_MOCK_AUTH=off: no credentials needed, the job is recorded as anonymous', async (t) => {
  const { app } = await build(t, { config: { auth: 'off', tokens: ['only-this'] } })
  const res = await app.inject({ method: 'POST', url: PATH, payload: batchScanExamples.all.value })
  t.equal(res.statusCode, 200)
  t.same(app.mock.jobs()[0]?.identity, { kind: 'anonymous' })
})

t.test('authentication comes before body parsing and validation, and never covers /_mock or the docs', async (t) => {
  const { app } = await build(t, { config: CREDENTIALS })
  const res = await app.inject({ method: 'POST', ...signedBatchScan({ sk: 'wrong' }), payload: '{broken' })
  assertHssError(t, res, 401, 'APIGW.0301')
  for (const url of ['/_mock/health', '/_mock/jobs', '/openapi.json']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url)
  }
})

t.test('OpenAPI: every emulated Huawei operation accepts either a token or an AK/SK signature; /_mock needs neither', async (t) => {
  const { app } = await build(t)
  await app.ready()
  const doc = app.swagger() as unknown as {
    components: { securitySchemes: Record<string, { in: string, name: string }> }
    paths: Record<string, Record<string, { security?: unknown, operationId: string }>>
  }
  t.same(Object.keys(doc.components.securitySchemes).sort(), ['aksk', 'token'])
  t.equal(doc.components.securitySchemes.aksk?.name, 'Authorization')
  t.equal(doc.components.securitySchemes.token?.name, 'X-Auth-Token')
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.values(ops).map((op) => [path, op] as const))
  const huawei = operations.filter(([path]) => !path.startsWith('/_mock'))
  t.ok(huawei.some(([, op]) => op.operationId === 'KeystoneListProjects'), 'the IAM call is documented')
  for (const [path, op] of huawei) t.same(op.security, [{ token: [] }, { aksk: [] }], path)
  for (const [path, op] of operations.filter(([p]) => p.startsWith('/_mock'))) t.same(op.security, [], path)
})
