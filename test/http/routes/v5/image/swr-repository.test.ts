import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { ListSwrImageRepositoryResponse, listSwrImageRepositoryExample } from '../../../../../src/http/routes/v5/image/swr-repository.schema.js'
import { build, TOKEN } from '../../../../helpers/build.js'
import { assertHssError, assertMatches } from '../../../../helpers/schema.js'

interface Item { id: number, namespace: string, image_name: string, image_version: string, scan_status: string, [k: string]: unknown }

async function list (app: FastifyInstance, project: string, query: string): Promise<{ total_num: number, data_list: Item[] }> {
  const res = await app.inject({ method: 'GET', url: `/v5/${project}/image/swr-repository?${query}`, headers: TOKEN })
  if (res.statusCode !== 200) throw new Error(`ListSwrImageRepository answered ${res.statusCode}: ${res.body}`)
  return res.json()
}

const ids = (page: { data_list: Item[] }) => page.data_list.map((i) => i.id)

async function scan (app: FastifyInstance, project: string, payload: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: `/v5/${project}/image/batch-scan`, headers: TOKEN, payload })
  return res
}

const OPENJDK_88 = { namespace: 'test', image_name: 'openjdk', image_version: 'v8.8' }
const PAYMENT_API_32 = { namespace: 'payments', image_name: 'payment-api', image_version: '3.2.0' }
const LEDGER_10 = { namespace: 'payments', image_name: 'ledger', image_version: '1.0.0' }
const SPARK_35 = { namespace: 'data', image_name: 'spark-runner', image_version: '3.5.0' }
const OPENJDK1_10 = { namespace: 'test1', image_name: 'openjdk1', image_version: 'v1.0' }

t.test('pages with offset and limit; total_num counts every match', async (t) => {
  const { app } = await build(t)
  const first = await list(app, 'p-1', 'image_type=private_image')
  assertMatches(t, ListSwrImageRepositoryResponse, first)
  t.equal(first.total_num, 15)
  t.same(ids(first), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'limit defaults to 10, offset to 0')
  t.same(ids(await list(app, 'p-1', 'image_type=private_image&offset=10&limit=10')), [11, 12, 13, 14, 15])
  const beyond = await list(app, 'p-1', 'image_type=private_image&offset=100')
  t.same(beyond, { total_num: 15, data_list: [] })
  t.same(ids(await list(app, 'p-1', 'image_type=private_image&namespace=web&offset=3')), [7, 8])
  t.same(await list(app, 'p-1', 'image_type=local_image'), { total_num: 0, data_list: [] }, 'the mock holds no local images')
})

t.test('items carry the documented fields from the fixtures', async (t) => {
  const { app } = await build(t)
  const page = await list(app, 'p-1', 'image_type=instance_image&image_name=model-server&latest_version=true')
  t.same(page.data_list, [{
    id: 24,
    namespace: 'ent-ml',
    image_name: 'model-server',
    image_id: page.data_list[0]?.image_id,
    image_digest: page.data_list[0]?.image_digest,
    image_version: '2.0.0',
    image_type: 'instance_image',
    latest_version: true,
    scan_status: 'unscan',
    image_size: 1288699904,
    latest_update_time: 1760936400000,
    scannable: true,
    instance_name: 'swr-ee-prod',
    instance_id: '5f1c2a9e-3b7d-4e21-9c44-0d8e6a1b2f30',
    instance_url: 'https://swr-ee-prod.swr.cn-north-4.myhuaweicloud.com'
  }])
  t.match(page.data_list[0]?.image_digest, /^sha256:[0-9a-f]{64}$/)
  const shared = await list(app, 'p-1', 'image_type=shared_image&image_version=3.19')
  t.match(shared.data_list, [{ domain_name: 'vendor-secure', shared_status: 'expired', scan_status: 'success', vul_num: 0, latest_scan_time: 1736899260000 }])
})

t.test('the documented example is what the mock answers after scanning test/openjdk:v8.8', async (t) => {
  const { app, clock } = await build(t)
  await scan(app, 'p-example', { image_type: 'private_image', image_info_list: [OPENJDK_88] })
  clock.advance(2000)
  t.same(await list(app, 'p-example', 'image_type=private_image&image_name=openjdk&image_version=v8.8'), listSwrImageRepositoryExample)
})

t.test('the list filters: names, statuses, counts, instances', async (t) => {
  const { app } = await build(t, { config: { relaxTimeLimits: true } })
  const cases: Array<[string, number[]]> = [
    ['namespace=test', [1, 2, 3]],
    ['image_name=nginx&image_version=1.25', [5, 6]],
    ['latest_version=true&namespace=data', [13, 15]],
    ['scan_status=unscan', [2, 3, 6, 10, 15]],
    ['scan_status=failed', [8]],
    ['scan_status=waiting_for_scan', []],
    ['image_size=199229440', [4, 7, 8]],
    ['has_vul=true', [1, 4, 5, 9, 12, 14]],
    ['has_vul=false', [2, 3, 6, 7, 8, 10, 11, 13, 15]],
    ['has_malicious_file=true', [14]],
    ['has_unsafe_setting=true', [1, 4, 9, 12]],
    ['start_latest_update_time=1762414200000', [2, 6, 8, 15]],
    ['start_latest_scan_time=1740909900000&end_latest_scan_time=1749546720000', [1, 4, 9, 12]]
  ]
  for (const [query, expected] of cases) {
    const page = await list(app, 'p-1', `image_type=private_image&limit=200&${query}`)
    t.same(ids(page), expected, query)
    t.equal(page.total_num, expected.length)
  }
  t.same(ids(await list(app, 'p-1', 'image_type=instance_image&instance_name=staging')), [22])
  t.same(ids(await list(app, 'p-1', 'image_type=instance_image&instance_id=9a7d41c3-6e02-4b8f-a1d5-7c3e2f9b0e64')), [22])
  t.same(ids(await list(app, 'p-1', 'image_type=instance_image&instance_id=9a7d41c3')), [], 'instance_id matches exactly')
})

t.test('query limits and enums: 400 HSS.0001 naming the parameter', async (t) => {
  const { app } = await build(t)
  const cases: Array<[string, string | RegExp]> = [
    ['', 'image_type is required'],
    ['image_type=public_image', 'image_type must be one of: private_image, shared_image, local_image, instance_image'],
    ['image_type=private_image&limit=9', 'limit must be >= 10'],
    ['image_type=private_image&limit=201', 'limit must be <= 200'],
    ['image_type=private_image&offset=-1', 'offset must be >= 0'],
    ['image_type=private_image&offset=2000001', 'offset must be <= 2000000'],
    ['image_type=private_image&scan_status=done', /^scan_status must be one of: unscan, success, scanning, failed, waiting_for_scan/],
    [`image_type=private_image&image_version=${'v'.repeat(65)}`, 'image_version must NOT have more than 64 characters'],
    [`image_type=private_image&image_name=${'n'.repeat(129)}`, 'image_name must NOT have more than 128 characters'],
    [`image_type=private_image&namespace=${'n'.repeat(257)}`, 'namespace must NOT have more than 256 characters'],
    ['image_type=private_image&instance_id=', 'instance_id must NOT have fewer than 1 characters'],
    ['image_type=private_image&start_latest_update_time=1767225600000', /^start_latest_update_time must be <= 2147483547 .*HSS_MOCK_RELAX_TIME_LIMITS=1/]
  ]
  for (const [query, msg] of cases) {
    const res = await app.inject({ method: 'GET', url: `/v5/p-1/image/swr-repository?${query}`, headers: TOKEN })
    assertHssError(t, res, 400, 'HSS.0001', msg)
  }
  const wrongType = await app.inject({ method: 'GET', url: '/v5/p-1/image/swr-repository?image_type=private_image&limit=ten', headers: TOKEN })
  assertHssError(t, wrongType, 400, 'HSS.0002', 'limit must be integer')
})

t.test('without credentials: 401 APIGW.0301', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ method: 'GET', url: '/v5/p-1/image/swr-repository?image_type=private_image' })
  assertHssError(t, res, 401, 'APIGW.0301')
})

t.test('lifecycle: scanning right after batch-scan, then each preset outcome when the scan duration has passed', async (t) => {
  const { app, clock } = await build(t)
  const started = clock.now()
  const res = await scan(app, 'p-life', { image_type: 'private_image', image_info_list: [OPENJDK_88, PAYMENT_API_32, LEDGER_10, SPARK_35, OPENJDK1_10] })
  t.equal(res.statusCode, 200)
  const watched = 'image_type=private_image&limit=200&latest_version=true'
  const statusOf = async () => Object.fromEntries((await list(app, 'p-life', watched)).data_list.map((i) => [`${i.namespace}/${i.image_name}`, i]))

  let now = await statusOf()
  for (const name of ['test/openjdk', 'payments/payment-api', 'payments/ledger', 'data/spark-runner', 'test1/openjdk1']) {
    t.equal(now[name]?.scan_status, 'scanning', `${name} scanning`)
  }
  t.equal(now['web/nginx']?.scan_status, 'unscan', 'images not listed are untouched')
  t.same(ids(await list(app, 'p-life', 'image_type=private_image&scan_status=scanning')), [2, 3, 10, 11, 13], 'scan_status=scanning finds them')
  t.equal(now['payments/ledger']?.scan_failed_desc, 'download_failed', 'while scanning, the previous result stays visible')

  clock.advance(1999)
  t.equal((await statusOf())['test/openjdk']?.scan_status, 'scanning', 'one millisecond before the end: still scanning')
  t.equal(app.mock.jobs({ project_id: 'p-life' })[0]?.status, 'running')

  clock.advance(1)
  now = await statusOf()
  t.match(now['test/openjdk'], { scan_status: 'success', latest_scan_time: started + 2000, vul_num: 3, unsafe_setting_num: 0, malicious_file_num: 0 })
  t.notOk('scan_failed_desc' in now['test/openjdk']!)
  t.match(now['test1/openjdk1'], { scan_status: 'success', latest_scan_time: started + 2000, vul_num: 0 }, 'no preset: success')
  t.match(now['payments/payment-api'], { scan_status: 'failed', scan_failed_desc: 'failed_to_scan_file', latest_scan_time: started + 2000 })
  t.match(now['payments/ledger'], { scan_status: 'download_failed', scan_failed_desc: 'download_failed', latest_scan_time: started + 2000 })
  t.match(now['data/spark-runner'], { scan_status: 'image_oversized', scan_failed_desc: 'image_oversized', latest_scan_time: started + 2000 })

  const [job] = app.mock.jobs({ project_id: 'p-life' })
  t.equal(job?.status, 'completed')
  t.same(job?.images.map((i) => [i.image_name, i.status, i.scan_failed_desc ?? i.vul_num]), [
    ['openjdk', 'success', 3],
    ['payment-api', 'failed', 'failed_to_scan_file'],
    ['ledger', 'download_failed', 'download_failed'],
    ['spark-runner', 'image_oversized', 'image_oversized'],
    ['openjdk1', 'success', 0]
  ])
})

t.test('operate_all: every selected image finishes with its preset outcome', async (t) => {
  const { app, clock } = await build(t)
  await scan(app, 'p-all', { image_type: 'private_image', operate_all: true, latest_version: true })
  t.same(ids(await list(app, 'p-all', 'image_type=private_image&scan_status=scanning')), [2, 3, 6, 8, 10, 11, 13, 15])
  clock.advance(2000)
  const page = await list(app, 'p-all', 'image_type=private_image&latest_version=true')
  t.same(page.data_list.map((i) => [i.id, i.scan_status]), [
    [2, 'success'], [3, 'success'], [6, 'success'], [8, 'success'], [10, 'failed'], [11, 'download_failed'], [13, 'image_oversized'], [15, 'success']
  ])
  t.notOk('scan_failed_desc' in page.data_list[3]!, 'a success clears the earlier failure reason')
  t.same(ids(await list(app, 'p-all', 'image_type=private_image&has_malicious_file=true')), [14, 15], 'counts come from the preset')
})

t.test('re-scanning an image that is scanning does not start a second scan', async (t) => {
  const { app, clock } = await build(t)
  const started = clock.now()
  await scan(app, 'p-rescan', { image_type: 'private_image', image_info_list: [OPENJDK_88] })
  clock.advance(1500)
  const again = await scan(app, 'p-rescan', { image_type: 'private_image', image_info_list: [OPENJDK_88, OPENJDK1_10] })
  t.equal(again.statusCode, 200, 'accepted')
  const second = app.mock.job(String(again.headers['x-mock-job-id']))
  t.match(second?.images, [
    { image_name: 'openjdk', status: 'scanning', started_at: started, finishes_at: started + 2000 },
    { image_name: 'openjdk1', status: 'scanning', started_at: started + 1500, finishes_at: started + 3500 }
  ])
  clock.advance(500)
  t.match(app.mock.image('p-rescan', { image_type: 'private_image', ...OPENJDK_88 }), { scan_status: 'success', latest_scan_time: started + 2000 })
  t.equal(app.mock.job(String(again.headers['x-mock-job-id']))?.status, 'running', 'the second job waits for its other image')
  clock.advance(1500)
  t.equal(app.mock.job(String(again.headers['x-mock-job-id']))?.status, 'completed')

  await scan(app, 'p-rescan', { image_type: 'private_image', image_info_list: [OPENJDK_88] })
  t.equal(app.mock.image('p-rescan', { image_type: 'private_image', ...OPENJDK_88 })?.scan_status, 'scanning', 'a finished image scans again')
  clock.advance(2000)
  t.equal(app.mock.image('p-rescan', { image_type: 'private_image', ...OPENJDK_88 })?.latest_scan_time, started + 5500)
})

t.test('HSS_MOCK_SCAN_DURATION_MS=0: scans finish at once', async (t) => {
  const { app, clock } = await build(t, { config: { scanDurationMs: 0 } })
  await scan(app, 'p-0', { image_type: 'private_image', image_info_list: [PAYMENT_API_32] })
  t.match((await list(app, 'p-0', 'image_type=private_image&image_name=payment-api&latest_version=true')).data_list,
    [{ scan_status: 'failed', latest_scan_time: clock.now() }])
  t.equal(app.mock.jobs()[0]?.status, 'completed')
})

t.test('list entries that match nothing are recorded as not found; instance images need their instance', async (t) => {
  const { app } = await build(t)
  const entries = [
    { ...OPENJDK_88, image_version: 'v9' },
    { namespace: 'test', image_name: 'openjdk' },
    { namespace: 'ent-apps', image_name: 'order-service', image_version: '1.5.0' },
    { namespace: 'ent-apps', image_name: 'order-service', image_version: '1.5.0', instance_id: '9a7d41c3-6e02-4b8f-a1d5-7c3e2f9b0e64', instance_url: 'https://x' }
  ]
  const res = await scan(app, 'p-nf', { image_type: 'instance_image', image_info_list: entries })
  t.equal(res.statusCode, 200)
  const job = app.mock.jobs({ project_id: 'p-nf' })[0]
  t.same(job?.images.map((i) => i.status), ['not_found', 'not_found', 'not_found', 'scanning'])
  t.same(job?.images[0], { ...OPENJDK_88, image_version: 'v9', status: 'not_found' }, 'a not-found entry is shown as sent')
  t.same(ids(await list(app, 'p-nf', 'image_type=instance_image&scan_status=scanning')), [22], 'only the staging instance image scans')
})

t.test('HSS_MOCK_UNKNOWN_IMAGES=reject: 400 HSS.0011 naming the first unknown image, nothing recorded or scanned', async (t) => {
  const { app } = await build(t, { config: { unknownImages: 'reject' } })
  const res = await scan(app, 'p-rej', { image_type: 'private_image', image_info_list: [OPENJDK_88, { ...LEDGER_10, image_version: '9.9' }, { namespace: 'x', image_name: 'y', image_version: 'z' }] })
  assertHssError(t, res, 400, 'HSS.0011',
    'Requested resource not found: image_info_list[1] (private_image payments/ledger:9.9) is not in the image repository')
  t.same(app.mock.jobs(), [])
  t.same(ids(await list(app, 'p-rej', 'image_type=private_image&scan_status=scanning')), [])
  const ok = await scan(app, 'p-rej', { image_type: 'private_image', image_info_list: [OPENJDK_88] })
  t.equal(ok.statusCode, 200, 'known images are still accepted')
})

t.test('projects are isolated; named projects have their own repository', async (t) => {
  const { app, clock } = await build(t)
  await scan(app, 'p-a', { image_type: 'private_image', operate_all: true })
  clock.advance(2000)
  t.same(ids(await list(app, 'p-a', 'image_type=private_image&scan_status=unscan')), [])
  t.same(ids(await list(app, 'p-b', 'image_type=private_image&scan_status=unscan')), [2, 3, 6, 10, 15], 'another project is untouched')
  t.equal(app.mock.jobs({ project_id: 'p-b' }).length, 0)

  const staging = await list(app, 'project-staging', 'image_type=private_image')
  t.same(staging.data_list.map((i) => `${i.namespace}/${i.image_name}:${i.image_version}`), ['web/nginx:1.25.4', 'web/frontend:2.4.0'])
  await scan(app, 'project-staging', { image_type: 'private_image', operate_all: true, image_name: 'frontend' })
  clock.advance(2000)
  t.match((await list(app, 'project-staging', 'image_type=private_image&image_name=frontend')).data_list,
    [{ scan_status: 'failed', scan_failed_desc: 'authentication_failed' }], 'the named project\'s own preset')
  t.match((await list(app, 'p-c', 'image_type=private_image&image_name=frontend&latest_version=true')).data_list,
    [{ scan_status: 'failed', scan_failed_desc: 'failed_to_scan_vulnerability' }], 'the default repository is unchanged')
})
