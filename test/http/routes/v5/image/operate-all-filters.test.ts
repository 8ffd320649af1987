import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, TOKEN } from '../../../../helpers/build.js'
import { assertHssError } from '../../../../helpers/schema.js'

// The default fixtures' private images, by repository id (fixtures/default.json).
const PRIVATE = {
  1: 'test/openjdk:v8.7',
  2: 'test/openjdk:v8.8',
  3: 'test1/openjdk1:v1.0',
  4: 'web/nginx:1.24.0',
  5: 'web/nginx:1.25.3',
  6: 'web/nginx:1.25.4',
  7: 'web/frontend:2.3.0',
  8: 'web/frontend:2.4.0',
  9: 'payments/payment-api:3.1.0',
  10: 'payments/payment-api:3.2.0',
  11: 'payments/ledger:1.0.0',
  12: 'data/spark-runner:3.4.1',
  13: 'data/spark-runner:3.5.0',
  14: 'data/etl-worker:0.9.0',
  15: 'data/etl-worker:1.0.0'
} as const
type PrivateId = keyof typeof PRIVATE
const ALL_PRIVATE = Object.keys(PRIVATE).map(Number) as PrivateId[]

const names = (ids: PrivateId[]) => ids.map((id) => PRIVATE[id])

/** The images one operate_all request selected, as `namespace/name:version`, in repository order. */
async function select (app: FastifyInstance, filters: Record<string, unknown>, project = 'p-filters'): Promise<string[]> {
  const res = await app.inject({
    method: 'POST',
    url: `/v5/${project}/image/batch-scan`,
    headers: TOKEN,
    payload: { image_type: 'private_image', operate_all: true, ...filters }
  })
  if (res.statusCode !== 200) throw new Error(`batch-scan answered ${res.statusCode}: ${res.body}`)
  const job = app.mock.job(String(res.headers['x-mock-job-id']))
  return (job?.images ?? []).map((i) => `${i.namespace}/${i.image_name}:${i.image_version}`)
}

// Each case runs in its own project, so earlier scans never change what a later filter sees.
async function check (t: Test, app: FastifyInstance, cases: Array<[string, Record<string, unknown>, PrivateId[]]>): Promise<void> {
  for (const [i, [what, filters, expected]] of cases.entries()) {
    t.same(await select(app, filters, `p-case-${i}`), names(expected), what)
  }
}

t.test('each filter alone selects exactly the documented images', async (t) => {
  const { app } = await build(t)
  await check(t, app, [
    ['no filter: every image of the type', {}, ALL_PRIVATE],
    ['namespace is a substring match', { namespace: 'test' }, [1, 2, 3]],
    ['namespace', { namespace: 'web' }, [4, 5, 6, 7, 8]],
    ['image_name is a substring match', { image_name: 'openjdk' }, [1, 2, 3]],
    ['image_name substring inside names', { image_name: 'er' }, [11, 12, 13, 14, 15]],
    ['image_version is a substring match', { image_version: '1.25' }, [5, 6]],
    ['scan_status success', { scan_status: 'success' }, [1, 4, 5, 7, 9, 12, 14]],
    ['scan_status unscan', { scan_status: 'unscan' }, [2, 3, 6, 10, 15]],
    ['scan_status failed', { scan_status: 'failed' }, [8]],
    ['scan_status download_failed', { scan_status: 'download_failed' }, [11]],
    ['scan_status image_oversized', { scan_status: 'image_oversized' }, [13]],
    ['scan_status scanning: nothing is scanning in a fresh project', { scan_status: 'scanning' }, []],
    ['latest_version true: only latest versions', { latest_version: true }, [2, 3, 6, 8, 10, 11, 13, 15]],
    ['latest_version false: no filter', { latest_version: false }, ALL_PRIVATE],
    ['image_size: at most that many bytes', { image_size: 199229440 }, [4, 7, 8]],
    ['image_size at the documented maximum leaves out the 3.4 GB image', { image_size: 2147483547 }, ALL_PRIVATE.filter((id) => id !== 13)],
    ['image_size 0: no filter', { image_size: 0 }, ALL_PRIVATE],
    ['time filters 0: no bound', { start_latest_update_time: 0, end_latest_update_time: 0, start_latest_scan_time: 0, end_latest_scan_time: 0 }, ALL_PRIVATE],
    ['a start time within the documented limit bounds nothing out', { start_latest_update_time: 1 }, ALL_PRIVATE],
    ['an end time within the documented limit is before every image', { end_latest_update_time: 2147483547 }, []]
  ])
})

t.test('time filters with relaxed limits: inclusive epoch-millisecond ranges', async (t) => {
  const { app } = await build(t, { config: { relaxTimeLimits: true } })
  await check(t, app, [
    ['start_latest_update_time is inclusive', { start_latest_update_time: 1762414200000 }, [2, 6, 8, 15]],
    ['end_latest_update_time is inclusive', { end_latest_update_time: 1743476400000 }, [4, 12, 14]],
    ['an update-time range', { start_latest_update_time: 1746424800000, end_latest_update_time: 1755699600000 }, [1, 5, 7, 9]],
    ['start_latest_scan_time leaves out never-scanned images', { start_latest_scan_time: 1757660520000 }, [8, 11, 13]],
    ['end_latest_scan_time is inclusive', { end_latest_scan_time: 1740909900000 }, [4, 14]],
    ['a scan-time range', { start_latest_scan_time: 1740909900000, end_latest_scan_time: 1749546720000 }, [1, 4, 9, 12]]
  ])
})

t.test('filters combine with AND', async (t) => {
  const { app } = await build(t, { config: { relaxTimeLimits: true } })
  await check(t, app, [
    ['namespace + latest_version', { namespace: 'web', latest_version: true }, [6, 8]],
    ['namespace + scan_status', { namespace: 'data', scan_status: 'success' }, [12, 14]],
    ['image_name + image_version + scan_status', { image_name: 'nginx', image_version: '1.2', scan_status: 'success' }, [4, 5]],
    ['namespace + scan_status + image_size', { namespace: 'web', scan_status: 'success', image_size: 199229440 }, [4, 7]],
    ['latest_version + update time + scan_status', { latest_version: true, start_latest_update_time: 1762414200000, scan_status: 'unscan' }, [2, 6, 15]],
    ['filters that exclude each other select nothing', { namespace: 'payments', image_name: 'nginx' }, []]
  ])
})

t.test('image_type selects the repository kind', async (t) => {
  const { app } = await build(t)
  const selectType = async (imageType: string, filters: Record<string, unknown> = {}) => {
    await app.inject({ method: 'POST', url: '/v5/p-types/image/batch-scan', headers: TOKEN, payload: { image_type: imageType, operate_all: true, ...filters } })
    const job = app.mock.jobs({ project_id: 'p-types' }).at(-1)
    return job?.images.map((i) => `${i.namespace}/${i.image_name}:${i.image_version}${i.instance_id === undefined ? '' : `@${i.instance_id.slice(0, 8)}`}`)
  }
  t.same(await selectType('shared_image'), [
    'partner-tools/log-agent:5.2.1', 'partner-tools/log-agent:5.3.0', 'vendor-base/alpine-hardened:3.19', 'vendor-base/alpine-hardened:3.20'
  ])
  t.same(await selectType('instance_image', { namespace: 'ent-apps' }), [
    'ent-apps/order-service:1.4.0@5f1c2a9e', 'ent-apps/order-service:1.5.0@5f1c2a9e', 'ent-apps/order-service:1.5.0@9a7d41c3'
  ])
})

t.test('a real epoch-millisecond time breaks the documented limit; the message names the setting', async (t) => {
  const { app } = await build(t)
  for (const field of ['start_latest_update_time', 'end_latest_update_time', 'start_latest_scan_time', 'end_latest_scan_time', 'image_size']) {
    const res = await app.inject({
      method: 'POST',
      url: '/v5/p-1/image/batch-scan',
      headers: TOKEN,
      payload: { image_type: 'private_image', operate_all: true, [field]: 1767225600000 }
    })
    assertHssError(t, res, 400, 'HSS.0001', `${field} must be <= 2147483547 (the documented limit); start the mock with ` +
      'HSS_MOCK_RELAX_TIME_LIMITS=1 to accept any non-negative value, such as epoch milliseconds')
  }
  t.same(app.mock.jobs(), [])
})

t.test('relaxed limits still refuse negative and unsafe numbers', async (t) => {
  const { app } = await build(t, { config: { relaxTimeLimits: true } })
  for (const value of [-1, 2 ** 53]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v5/p-1/image/batch-scan',
      headers: TOKEN,
      payload: { image_type: 'private_image', operate_all: true, start_latest_scan_time: value }
    })
    assertHssError(t, res, 400, 'HSS.0001', /^start_latest_scan_time must be [<>]= /)
  }
  t.same(app.mock.jobs(), [])
})
