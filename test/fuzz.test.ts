import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import t, { type Test } from 'tap'
import { Value } from 'typebox/value'
import { HssErrorBody } from '../src/http/common.schema.js'
import { batchScanBody } from '../src/http/routes/v5/image/batch-scan.schema.js'
import { invalidOf, validOf } from './helpers/arbitrary.js'
import { build, TOKEN } from './helpers/build.js'
import { assertHssError } from './helpers/schema.js'

// Property-based: requests generated from the route's own TypeBox schema, plus arbitrary JSON,
// bytes, headers and paths. `npm run fuzz` runs many more cases (FUZZ_RUNS); a failure prints the
// seed (replay with FUZZ_SEED=<seed>) and the shrunk counterexample, which then goes into `pinned` below.
const numRuns = Number(process.env.FUZZ_RUNS ?? 100)
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
t.comment(`fast-check seed ${seed}, ${numRuns} runs per property (replay with FUZZ_SEED=${seed})`)

const URL = '/v5/fuzz-project/image/batch-scan'
const bodySchema = batchScanBody(false) as Parameters<typeof validOf>[0]

// Counterexamples fast-check found once; replayed first on every run.
const pinned = {
  // Refused by Fastify before routing, which answered in its own shape without X-Request-Id.
  paths: [['GET', '/%', ''], ['POST', '/v5/%zz/image/batch-scan', ''], ['POST', `/v5/${'p'.repeat(1025)}/image/batch-scan`, '']] as Array<[InjectOptions['method'], string, string]>
}

interface Response { statusCode: number, headers: Record<string, unknown>, body: string }

/** What must hold for every answer, whatever was sent. Returns the problems found. */
function problemsOf (res: Response, method = 'POST'): string[] {
  const problems: string[] = []
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`)
  const requestId = res.headers['x-request-id']
  if (typeof requestId !== 'string' || requestId === '') problems.push('no X-Request-Id')
  if (/\bat .*:\d+:\d+|node_modules|"stack"/.test(res.body)) problems.push('stack trace in the body')
  if (res.statusCode >= 400 && method !== 'HEAD') {
    let body: unknown
    try {
      body = JSON.parse(res.body)
    } catch {
      problems.push(`error body is not JSON: ${res.body.slice(0, 80)}`)
      return problems
    }
    if (!Value.Check(HssErrorBody, body) || Object.keys(body as object).length !== 3) {
      problems.push(`error body not in Huawei's shape: ${res.body.slice(0, 200)}`)
    } else if ((body as { request_id: string }).request_id !== requestId) {
      problems.push('request_id differs from X-Request-Id')
    }
  }
  return problems
}

function check (condition: boolean, message: string): void {
  if (!condition) throw new Error(message)
}

async function send (app: FastifyInstance, opts: InjectOptions): Promise<Response> {
  const res = await app.inject(opts)
  const problems = problemsOf(res, opts.method)
  check(problems.length === 0, problems.join('; '))
  return res
}

/** Runs a property; on failure the test fails with fast-check's report (seed, path, counterexample). */
async function holds<T> (t: Test, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, examples: T[] = []) {
  const report = await fc.check(fc.asyncProperty(arb, predicate), { numRuns, seed, examples: examples.map((e) => [e] as [T]) })
  if (report.failed) {
    t.fail(fc.defaultReportMessage(report) ?? 'property failed')
    return
  }
  t.pass(`${report.numRuns} cases`)
}

const requiresList = (body: Record<string, unknown>) =>
  body.operate_all !== true && (!Array.isArray(body.image_info_list) || body.image_info_list.length === 0)

t.test('a body the schema accepts: 200 and recorded exactly as sent (or HSS.0001 when it names no images)', async (t) => {
  const { app } = await build(t)
  await holds(t, validOf(bodySchema) as fc.Arbitrary<Record<string, unknown>>, async (body) => {
    app.mock.clearJobs()
    const res = await send(app, { method: 'POST', url: URL, headers: TOKEN, payload: body })
    if (requiresList(body)) {
      check(res.statusCode === 400 && JSON.parse(res.body).error_code === 'HSS.0001', `expected HSS.0001, got ${res.statusCode} ${res.body}`)
      check(app.mock.jobs().length === 0, 'a refused request was recorded')
      return
    }
    check(res.statusCode === 200, `expected 200, got ${res.statusCode} ${res.body}`)
    check(res.body === '{}', `expected {}, got ${res.body}`)
    const jobs = app.mock.jobs()
    check(jobs.length === 1 && jobs[0]!.id === res.headers['x-mock-job-id'], 'not recorded once under X-Mock-Job-Id')
    check(JSON.stringify(jobs[0]!.request) === JSON.stringify(body), `recorded ${JSON.stringify(jobs[0]!.request)}`)
  })
})

t.test('a body the schema refuses: 400 HSS.0001 or HSS.0002, nothing recorded', async (t) => {
  const { app } = await build(t)
  await holds(t, invalidOf(bodySchema), async (body) => {
    app.mock.clearJobs()
    const res = await send(app, { method: 'POST', url: URL, headers: { ...TOKEN, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
    const code = res.statusCode === 400 ? JSON.parse(res.body).error_code : undefined
    check(code === 'HSS.0001' || code === 'HSS.0002', `expected 400 HSS.0001/HSS.0002, got ${res.statusCode} ${res.body}`)
    check(app.mock.jobs().length === 0, 'a refused request was recorded')
  })
})

t.test('any JSON value as body: 200 only for an object, recorded then; never a 5xx', async (t) => {
  const { app } = await build(t)
  await holds(t, fc.jsonValue(), async (body) => {
    app.mock.clearJobs()
    const res = await send(app, { method: 'POST', url: URL, headers: { ...TOKEN, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
    check(res.statusCode === 200 || res.statusCode === 400, `status ${res.statusCode}`)
    check(app.mock.jobs().length === (res.statusCode === 200 ? 1 : 0), 'recorded iff accepted')
  })
})

t.test('arbitrary bytes under any content type: a 4xx in Huawei\'s shape, nothing recorded', async (t) => {
  const { app } = await build(t)
  const contentType = fc.oneof(
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/octet-stream'),
    fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[\x21-\x7e]+$/.test(s))
  )
  const bytes = fc.uint8Array({ maxLength: 512 }).filter((b) => {
    try {
      JSON.parse(Buffer.from(b).toString('utf8'))
      return false
    } catch {
      return true
    }
  })
  await holds(t, fc.tuple(contentType, bytes), async ([type, body]) => {
    app.mock.clearJobs()
    const res = await send(app, { method: 'POST', url: URL, headers: { ...TOKEN, 'content-type': type }, payload: Buffer.from(body) })
    check(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}`)
    check(app.mock.jobs().length === 0, 'garbage was recorded')
  })
})

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/)
  .filter((n) => !['content-length', 'content-type', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade'].includes(n))
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,300}$/).map((v) => v.trim())

t.test('arbitrary extra headers on a valid request: never a 5xx, errors in Huawei\'s shape', async (t) => {
  const { app } = await build(t)
  const headers = fc.dictionary(fc.oneof(headerName, fc.constantFrom('x-auth-token', 'region', 'x-request-id', 'authorization')), headerValue, { maxKeys: 6 })
  await holds(t, headers, async (extra) => {
    app.mock.clearJobs()
    const res = await send(app, { method: 'POST', url: URL, headers: { ...TOKEN, ...extra }, payload: { image_type: 'private_image', operate_all: true } })
    check([200, 400, 401].includes(res.statusCode), `status ${res.statusCode} ${res.body}`)
    check(app.mock.jobs().length === (res.statusCode === 200 ? 1 : 0), 'recorded iff accepted')
  })
})

t.test('arbitrary methods and paths: never a 5xx, errors in Huawei\'s shape', async (t) => {
  const { app } = await build(t)
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') as fc.Arbitrary<InjectOptions['method']>
  const segment = fc.oneof(fc.constantFrom('v5', 'image', 'batch-scan', '_mock', 'jobs', 'health', '..', '%', '%2F'),
    fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent))
  const path = fc.oneof(fc.webPath(), fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`))
  const query = fc.oneof(fc.constant(''), fc.webQueryParameters().map((q) => `?${q}`))
  await holds(t, fc.tuple(method, path, query), async ([m, p, q]) => {
    const url = p.startsWith('/') ? p + q : `/${p}${q}`
    await send(app, { method: m, url, headers: TOKEN, ...(m === 'POST' || m === 'PUT' || m === 'PATCH' ? { payload: {} } : {}) })
  }, pinned.paths)
})

t.test('found by fuzzing: a path Fastify cannot route gets 400 APIGW.0201 in Huawei\'s shape', async (t) => {
  const { app } = await build(t)
  for (const url of ['/%', '/v5/%zz/image/batch-scan', `/v5/${'p'.repeat(1025)}/image/batch-scan`]) {
    const res = await app.inject({ method: 'POST', url, headers: TOKEN, payload: { image_type: 'private_image', operate_all: true } })
    assertHssError(t, res, 400, 'APIGW.0201', 'API request error.')
  }
  t.same(app.mock.jobs(), [])
})
