import t from 'tap'
import { batchScanExamples } from '../../src/http/routes/v5/image/batch-scan.schema.js'
import { build, TOKEN } from '../helpers/build.js'
import { assertHssError } from '../helpers/schema.js'

const scan = (project = 'p-1', payload: object = batchScanExamples.list.value) =>
  ({ method: 'POST' as const, url: `/v5/${project}/image/batch-scan`, headers: TOKEN, payload })

t.test('health reports status, version, uptime and counts', async (t) => {
  const { app } = await build(t)
  await app.inject(scan())
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { action: { type: 'delay', ms: 0 } } })
  const res = await app.inject({ method: 'GET', url: '/_mock/health' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { status: 'ok', version: /^\d+\.\d+\.\d+/, jobs: 1, jobs_evicted: 0, fault_rules: 1 })
  t.type(res.json().uptime_ms, 'number')
})

t.test('jobs: filter by project, status, image name and time; page with offset and limit', async (t) => {
  const { app, clock } = await build(t)
  await app.inject(scan('a'))
  clock.advance(1000)
  const since = clock.now()
  await app.inject(scan('a', batchScanExamples.all.value))
  await app.inject(scan('b', { image_type: 'private_image', image_info_list: [{ image_name: 'nginx' }] }))
  const get = async (query: string) => (await app.inject({ method: 'GET', url: `/_mock/jobs${query}` })).json()

  t.equal((await get('')).total, 3)
  t.same((await get('?project_id=a')).jobs.map((j: { id: string }) => j.id), ['job-1', 'job-2'])
  // image_name looks at every image of a job: those listed, those operate_all selected, and list entries not found.
  t.same((await get('?image_name=jdk')).jobs.map((j: { id: string }) => j.id), ['job-1', 'job-2'], 'substring of image_name')
  t.same((await get('?image_name=nginx')).jobs.map((j: { id: string }) => j.id), ['job-2', 'job-3'])
  t.same((await get('?image_name=jdk&project_id=b')).jobs, [], 'filters combine with AND')
  t.same((await get(`?since=${since}`)).jobs.map((j: { id: string }) => j.id), ['job-2', 'job-3'])
  t.same((await get('?status=running')).jobs.map((j: { id: string }) => j.id), ['job-1', 'job-2'], 'job-3 found nothing to scan')
  clock.advance(1000)
  t.same((await get('?status=completed')).jobs.map((j: { id: string }) => j.id), ['job-1', 'job-3'], 'status follows the clock')
  const page = await get('?offset=1&limit=1')
  t.equal(page.total, 3, 'total counts every match before paging')
  t.same(page.jobs.map((j: { id: string }) => j.id), ['job-2'])
})

t.test('jobs: bad filters are 400 HSS.0001 and change nothing', async (t) => {
  const { app } = await build(t)
  await app.inject(scan())
  for (const query of ['?limit=0', '?limit=1001', '?offset=-1', '?status=done', '?since=yesterday']) {
    const res = await app.inject({ method: 'GET', url: `/_mock/jobs${query}` })
    t.equal(res.statusCode, 400, query)
    t.match(res.json().error_code, /^HSS\.000[12]$/, query)
  }
  t.equal(app.mock.jobs().length, 1)
})

t.test('one job by id; an unknown id is 404 in the error shape', async (t) => {
  const { app } = await build(t)
  const created = await app.inject(scan())
  const id = created.headers['x-mock-job-id'] as string
  const res = await app.inject({ method: 'GET', url: `/_mock/jobs/${id}` })
  t.equal(res.statusCode, 200)
  t.equal(res.json().id, id)
  t.same(res.json().request, batchScanExamples.list.value)
  assertHssError(t, await app.inject({ method: 'GET', url: '/_mock/jobs/nope' }), 404, 'MOCK.0404', 'No job with id "nope".')
})

t.test('DELETE /_mock/jobs forgets one project or all', async (t) => {
  const { app } = await build(t)
  for (const p of ['a', 'a', 'b']) await app.inject(scan(p))
  let res = await app.inject({ method: 'DELETE', url: '/_mock/jobs?project_id=a' })
  t.same(res.json(), { deleted: 2 })
  t.same(app.mock.jobs().map((j) => j.project_id), ['b'])
  res = await app.inject({ method: 'DELETE', url: '/_mock/jobs' })
  t.same(res.json(), { deleted: 1 })
  t.same(app.mock.jobs(), [])
})

t.test('reset clears jobs, the eviction count and faults, and puts the manual clock back', async (t) => {
  const { app, clock } = await build(t, { config: { maxJobs: 1 } })
  const start = clock.now()
  await app.inject(scan())
  await app.inject(scan())
  await app.inject({ method: 'POST', url: '/_mock/faults', payload: { action: { type: 'drop' } } })
  clock.advance(5000)
  t.match(app.mock.health(), { jobs: 1, jobs_evicted: 1, fault_rules: 1 })
  const res = await app.inject({ method: 'POST', url: '/_mock/reset' })
  t.same(res.json(), { reset: true })
  t.match(app.mock.health(), { jobs: 0, jobs_evicted: 0, fault_rules: 0 })
  t.equal(clock.now(), start)
  t.equal((await app.inject(scan())).statusCode, 200, 'requests are served normally after a reset')
})

t.test('eviction: MAX_JOBS + 100 requests keep exactly MAX_JOBS jobs, the oldest evicted and counted', async (t) => {
  const maxJobs = 50
  const { app } = await build(t, { config: { maxJobs } })
  for (let i = 0; i < maxJobs + 100; i++) await app.inject(scan(`p-${i % 3}`))
  const jobs = app.mock.jobs()
  t.equal(jobs.length, maxJobs)
  t.equal(jobs[0]?.id, 'job-101', 'the oldest 100 are gone')
  t.equal(app.mock.health().jobs_evicted, 100)
  const perProject = ['p-0', 'p-1', 'p-2'].map((p) => app.mock.jobs({ project_id: p }).length)
  t.equal(perProject.reduce((a, b) => a + b, 0), maxJobs, 'per-project views agree with the total')
})

t.test('admin token: control routes need the bearer token; health stays open', async (t) => {
  const { app } = await build(t, { config: { adminToken: 's3cret' } })
  assertHssError(t, await app.inject({ method: 'GET', url: '/_mock/jobs' }), 401, 'MOCK.0401')
  assertHssError(t, await app.inject({ method: 'POST', url: '/_mock/reset', headers: { authorization: 'Bearer wrong' } }), 401, 'MOCK.0401')
  t.equal((await app.inject({ method: 'GET', url: '/_mock/jobs', headers: { authorization: 'Bearer s3cret' } })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode, 200)
})

t.test('HSS_MOCK_ADMIN=off removes the control routes; the prefix is configurable', async (t) => {
  const off = await build(t, { config: { admin: false } })
  assertHssError(t, await off.app.inject({ method: 'GET', url: '/_mock/health' }), 404, 'APIGW.0101')
  t.equal((await off.app.inject(scan())).statusCode, 200, 'the emulated API is still served')
  const moved = await build(t, { config: { adminPrefix: '/__admin' } })
  t.equal((await moved.app.inject({ method: 'GET', url: '/__admin/health' })).statusCode, 200)
  assertHssError(t, await moved.app.inject({ method: 'GET', url: '/_mock/health' }), 404, 'APIGW.0101')
})

const nginx = {
  namespace: 'library',
  image_name: 'nginx',
  image_version: '1.25',
  image_type: 'private_image',
  latest_version: true,
  image_size: 187000000,
  latest_update_time: 1767225600000
}

t.test('images: seed a project by replacing its repository, then add to it; other projects keep the fixtures', async (t) => {
  const { app } = await build(t)
  const fixtureCount = (await app.inject({ method: 'GET', url: '/_mock/images?project_id=other' })).json().total
  t.ok(fixtureCount > 0, 'an unseeded project shows the fixtures')

  let res = await app.inject({ method: 'PUT', url: '/_mock/images?project_id=p-1', payload: [nginx] })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { total: 1 })
  res = await app.inject({ method: 'POST', url: '/_mock/images?project_id=p-1', payload: [{ ...nginx, image_version: '1.26', next_scan: { outcome: 'failed' } }] })
  t.equal(res.statusCode, 201)
  t.same(res.json(), { total: 2 })

  const listed = (await app.inject({ method: 'GET', url: '/_mock/images?project_id=p-1' })).json()
  t.equal(listed.total, 2)
  t.match(listed.images, [
    { namespace: 'library', image_name: 'nginx', image_version: '1.25', scan_status: 'unscan' },
    { image_version: '1.26', next_scan: { outcome: 'failed' } }
  ])
  t.equal((await app.inject({ method: 'GET', url: '/_mock/images?project_id=other' })).json().total, fixtureCount)

  // The seeded repository is what the emulated API sees.
  const scan = await app.inject({
    method: 'POST', url: '/v5/p-1/image/batch-scan', headers: TOKEN, payload: { image_type: 'private_image', operate_all: true }
  })
  t.equal(scan.statusCode, 200)
  t.equal(app.mock.jobs({ project_id: 'p-1' })[0]?.images.length, 2)
  t.equal(app.mock.health().images >= fixtureCount + 2, true, 'health counts the images held')
})

t.test('images: a bad item is 400 naming its index and field, and changes nothing', async (t) => {
  const { app } = await build(t)
  await app.inject({ method: 'PUT', url: '/_mock/images?project_id=p-1', payload: [nginx] })
  const cases: Array<['PUT' | 'POST', unknown, RegExp]> = [
    ['PUT', [nginx, { ...nginx, image_version: '2', image_size: -1 }], /^images\[1\]\.image_size: /],
    ['PUT', [nginx, { ...nginx, image_type: 'public_image' }], /^images\[1\]\.image_type: /],
    ['PUT', [{ ...nginx, colour: 'blue' }], /^images\[0\]/],
    ['PUT', [nginx, nginx], /^images\[1\]: duplicate of item 0/],
    ['PUT', { images: [nginx] }, /^images: must be an array/],
    ['POST', [nginx], /^images\[0\]: an image with this type/],
    ['POST', [{ ...nginx, image_version: '3' }, { namespace: 'x' }], /^images\[1\]\./]
  ]
  for (const [method, payload, msg] of cases) {
    assertHssError(t, await app.inject({ method, url: '/_mock/images?project_id=p-1', payload: payload as object }), 400, 'HSS.0001', msg)
  }
  assertHssError(t, await app.inject({ method: 'PUT', url: '/_mock/images', payload: [nginx] }), 400, 'HSS.0001', 'project_id is required')
  assertHssError(t, await app.inject({ method: 'PUT', url: '/_mock/images?project_id=p-1', headers: { 'content-type': 'application/json' }, payload: '[{' }), 400, 'HSS.0002')
  const listed = (await app.inject({ method: 'GET', url: '/_mock/images?project_id=p-1' })).json()
  t.same(listed.images.map((i: { image_version: string }) => i.image_version), ['1.25'], 'the repository is unchanged')
})

t.test('reset puts seeded repositories back to the fixtures', async (t) => {
  const { app } = await build(t)
  const before = app.mock.images('p-1').length
  await app.inject({ method: 'PUT', url: '/_mock/images?project_id=p-1', payload: [nginx] })
  t.equal(app.mock.images('p-1').length, 1)
  await app.inject({ method: 'POST', url: '/_mock/reset' })
  t.equal(app.mock.images('p-1').length, before)
})
