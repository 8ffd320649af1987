import { Type } from '@fastify/type-provider-typebox'
import { SCAN_STATUSES } from '../domain/images.js'
import { PrivateImageRepositoryInfo } from '../http/routes/v5/image/swr-repository.schema.js'
import { FixtureImage, NextScan } from '../store/fixtures.js'
import { errorResponse } from '../http/common.schema.js'

const Identity = Type.Object({
  kind: Type.Enum(['token', 'aksk', 'anonymous']),
  ak: Type.Optional(Type.String())
}, { description: 'Who made the request: the AK of a signed request, or "token"; never a secret' })

const ScanJobImage = Type.Object({
  id: Type.Optional(Type.Integer({ description: 'Repository record id of the image (absent when not found)' })),
  image_type: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  image_name: Type.Optional(Type.String()),
  image_version: Type.Optional(Type.String()),
  instance_id: Type.Optional(Type.String()),
  instance_url: Type.Optional(Type.String({ description: 'As sent, for entries not found' })),
  status: Type.Enum([...SCAN_STATUSES, 'not_found'], {
    description: 'scanning, then the preset outcome; not_found for list entries that match no image (the entry is shown as sent)'
  }),
  started_at: Type.Optional(Type.Integer({ description: 'Epoch ms the scan started; an image already scanning keeps its earlier scan' })),
  finishes_at: Type.Optional(Type.Integer({ description: 'Epoch ms the scan ends (or ended)' })),
  latest_scan_time: Type.Optional(Type.Integer({ description: 'Set once the scan has finished' })),
  scan_failed_desc: Type.Optional(Type.String({ description: 'Failed outcomes' })),
  vul_num: Type.Optional(Type.Integer({ description: 'Outcome success' })),
  unsafe_setting_num: Type.Optional(Type.Integer({ description: 'Outcome success' })),
  malicious_file_num: Type.Optional(Type.Integer({ description: 'Outcome success' }))
}, { description: 'One image of a job and how its scan stands' })

export const ScanJob = Type.Object({
  id: Type.String(),
  project_id: Type.String(),
  enterprise_project_id: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.Integer({ description: 'Epoch milliseconds' }),
  mode: Type.Enum(['list', 'all']),
  status: Type.Enum(['running', 'completed'], { description: 'running until the last of its scans has finished' }),
  finishes_at: Type.Integer({ description: 'Epoch ms the last of its scans ends (or ended); created_at when it scanned nothing' }),
  identity: Identity,
  request: Type.Object({}, { additionalProperties: true, description: 'The validated BatchScanSwrImage body, as sent (unknown fields dropped)' }),
  images: Type.Array(ScanJobImage, {
    description: 'List mode: one entry per image_info_list entry, in order. operate_all: every image the filters selected, in repository order'
  })
}, { $id: 'ScanJob', title: 'ScanJob' })

export const FaultRule = Type.Object({
  id: Type.String({ description: 'fault-1, fault-2, … in the order rules were added' }),
  match: Type.Object({
    method: Type.Optional(Type.String()),
    path: Type.Optional(Type.String()),
    project_id: Type.Optional(Type.String())
  }),
  action: Type.Object({
    type: Type.Enum(['error', 'delay', 'drop']),
    status: Type.Optional(Type.Integer()),
    error_code: Type.Optional(Type.String()),
    error_msg: Type.Optional(Type.String()),
    ms: Type.Optional(Type.Integer())
  }),
  times: Type.Optional(Type.Integer()),
  probability: Type.Optional(Type.Number()),
  seed: Type.Optional(Type.Integer()),
  fired: Type.Integer({ description: 'How often the rule has fired' }),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'Uses left; null when the rule has no `times`' })
}, { $id: 'FaultRule', title: 'FaultRule' })

const adminUnauthorized = errorResponse('Admin token missing or wrong (MOCK.0401); only when HSS_MOCK_ADMIN_TOKEN is set', {
  error_code: 'MOCK.0401', error_msg: 'The /_mock routes need Authorization: Bearer <HSS_MOCK_ADMIN_TOKEN>.'
})
const errors = (invalidParameterMsg: string) => ({
  400: errorResponse('Invalid parameter (HSS.0001)', { error_code: 'HSS.0001', error_msg: invalidParameterMsg }),
  401: adminUnauthorized
})
const deleted = (description: string) => Type.Object({ deleted: Type.Integer({ description: 'How many were removed' }) }, { description })

export const healthSchema = {
  operationId: 'MockHealth',
  tags: ['mock'],
  summary: 'Health of the mock',
  description: 'Liveness, version and counts; used by the container HEALTHCHECK. Never needs the admin token.',
  response: {
    200: Type.Object({
      status: Type.Literal('ok'),
      version: Type.String(),
      uptime_ms: Type.Integer(),
      jobs: Type.Integer({ description: 'Scan jobs currently kept' }),
      jobs_evicted: Type.Integer({ description: 'Scan jobs evicted because HSS_MOCK_MAX_JOBS was reached' }),
      fault_rules: Type.Integer({ description: 'Fault rules in force' }),
      images: Type.Integer({ description: 'Images held: the default repository, named fixture projects and every project\'s own copy' })
    }, { description: 'The mock is up' }),
    // Health takes no input, so it has no 4xx; a bug is all that could make it fail.
    500: errorResponse('Unexpected internal error (HSS.0041)', { error_code: 'HSS.0041', error_msg: 'Query host extend info error' })
  }
}

export const listJobsSchema = {
  operationId: 'MockListJobs',
  tags: ['mock'],
  summary: 'Scan jobs the mock recorded',
  description: 'Every accepted BatchScanSwrImage request, oldest first. Filters combine with AND; `total` counts all matches before paging.',
  querystring: Type.Object({
    project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Only this project' })),
    status: Type.Optional(Type.Enum(['running', 'completed'], { description: 'Only jobs in this status' })),
    image_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Only jobs naming an image whose name contains this text' })),
    since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only jobs created at or after this time (epoch ms)' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }))
  }),
  response: { 200: Type.Object({ total: Type.Integer(), jobs: Type.Array(Type.Ref('ScanJob')) }, { description: 'One page of the matching jobs' }), ...errors('limit must be <= 1000') }
}

export const getJobSchema = {
  operationId: 'MockGetJob',
  tags: ['mock'],
  summary: 'One recorded scan job',
  description: 'The job whose id the batch-scan response gave in `X-Mock-Job-Id`.',
  params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) }),
  response: {
    200: Type.Ref('ScanJob', { description: 'The job' }),
    404: errorResponse('No such job (MOCK.0404)', { error_code: 'MOCK.0404', error_msg: 'No job with id "job-9".' }),
    ...errors('id must NOT have more than 256 characters')
  }
}

export const deleteJobsSchema = {
  operationId: 'MockDeleteJobs',
  tags: ['mock'],
  summary: 'Forget recorded scan jobs',
  description: 'All jobs, or only those of one project.',
  querystring: Type.Object({ project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) }),
  response: { 200: deleted('The jobs were forgotten'), ...errors('project_id must NOT have fewer than 1 characters') }
}

export const resetSchema = {
  operationId: 'MockReset',
  tags: ['mock'],
  summary: 'Back to the start-up state',
  description: 'Clears jobs (and the eviction count) and fault rules, puts every image repository back to the start-up fixtures and a manual clock back to its start, in one step.',
  response: { 200: Type.Object({ reset: Type.Literal(true) }, { description: 'The mock is as it started' }), 401: adminUnauthorized }
}

export const addFaultSchema = {
  operationId: 'MockAddFault',
  tags: ['mock'],
  summary: 'Inject a fault',
  description: [
    'Adds a rule applied to the emulated HSS routes (never to /_mock). Rules are checked in the order they were added;',
    'the first that matches and has uses left fires. `match.path` is a pattern where `*` matches within one path segment',
    'and `**` across segments. `times` fires the rule exactly that many times, even under concurrent requests;',
    '`probability` fires it on that share of matching requests, decided by a PRNG seeded with `seed` so a run repeats.',
    'Actions: `error` answers with `status` and a Huawei error body; `delay` waits `ms` then answers normally;',
    '`drop` closes the connection without an answer.'
  ].join(' '),
  body: Type.Object({
    match: Type.Optional(Type.Object({
      method: Type.Optional(Type.Enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])),
      path: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'e.g. /v5/*/image/batch-scan' })),
      project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 }))
    })),
    action: Type.Object({
      type: Type.Enum(['error', 'delay', 'drop']),
      status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'error: HTTP status' })),
      error_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'error: e.g. HSS.0041, APIGW.0308' })),
      error_msg: Type.Optional(Type.String({ maxLength: 1024, description: 'error: defaults to the code\'s Huawei text when known' })),
      ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000, description: 'delay: milliseconds' }))
    }),
    times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 }))
  }, {
    'x-examples': {
      throttle: {
        summary: 'Throttle the next 3 batch-scan calls',
        value: { match: { method: 'POST', path: '/v5/*/image/batch-scan' }, action: { type: 'error', status: 429, error_code: 'APIGW.0308' }, times: 3 }
      },
      internal: {
        summary: 'Fail one call of project p-1 with 500 HSS.0041',
        value: { match: { project_id: 'p-1' }, action: { type: 'error', status: 500, error_code: 'HSS.0041' }, times: 1 }
      },
      slow: { summary: 'Delay every call by 2 s', value: { action: { type: 'delay', ms: 2000 } } },
      drop: { summary: 'Drop a tenth of the calls', value: { action: { type: 'drop' }, probability: 0.1, seed: 7 } }
    }
  }),
  response: { 201: Type.Ref('FaultRule', { description: 'The rule, in force from now on' }), ...errors('probability must be > 0') }
}

export const listFaultsSchema = {
  operationId: 'MockListFaults',
  tags: ['mock'],
  summary: 'Fault rules in force',
  description: 'Each rule with how often it fired and how many uses it has left.',
  response: { 200: Type.Object({ total: Type.Integer(), rules: Type.Array(Type.Ref('FaultRule')) }, { description: 'The rules in force' }), 401: adminUnauthorized }
}

export const deleteFaultsSchema = {
  operationId: 'MockDeleteFaults',
  tags: ['mock'],
  summary: 'Remove every fault rule',
  description: 'Requests are answered normally again.',
  response: { 200: deleted('No fault rule is left'), 401: adminUnauthorized }
}

const ClockState = Type.Object({
  mode: Type.Enum(['system', 'manual'], { description: 'HSS_MOCK_CLOCK' }),
  now: Type.Integer({ description: 'The mock\'s current time, epoch ms' })
}, { title: 'ClockState', description: 'The clock now' })

export const getClockSchema = {
  operationId: 'MockGetClock',
  tags: ['mock'],
  summary: 'The mock\'s clock',
  description: 'The time scans are measured against. With HSS_MOCK_CLOCK=manual it starts at 2026-01-01T00:00:00Z and moves only when told.',
  response: { 200: ClockState, 401: adminUnauthorized }
}

export const advanceClockSchema = {
  operationId: 'MockAdvanceClock',
  tags: ['mock'],
  summary: 'Move the manual clock forward',
  description: 'Every scan due by the new time shows its outcome. Refused (400 HSS.0001) when the mock runs on the system clock.',
  body: Type.Object({
    ms: Type.Integer({ minimum: 0, maximum: 31_536_000_000, description: 'Milliseconds to move forward (at most a year per call)' })
  }),
  response: { 200: ClockState, ...errors('ms must be >= 0') }
}

export const finishScansSchema = {
  operationId: 'MockFinishScans',
  tags: ['mock'],
  summary: 'Finish running scans now',
  description: 'Every running scan (of one project, or of all) ends now with its preset outcome, whatever the clock mode.',
  querystring: Type.Object({
    project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 }))
  }),
  response: {
    200: Type.Object({ finished: Type.Integer({ description: 'Images whose scan this ended' }) }, { description: 'The scans ended' }),
    ...errors('project_id must NOT have fewer than 1 characters')
  }
}

const ProjectQuery = Type.Object({
  project_id: Type.String({ minLength: 1, maxLength: 256, description: 'The project whose repository is read or changed' })
})

const RepositoryImage = Type.Object({
  ...PrivateImageRepositoryInfo.properties,
  next_scan: Type.Optional(NextScan)
}, { title: 'RepositoryImage', description: 'An image as ListSwrImageRepository shows it now, plus the preset outcome of its scans' })

const seedExample = [{
  namespace: 'library',
  image_name: 'nginx',
  image_version: '1.25',
  image_type: 'private_image',
  latest_version: true,
  image_size: 187_000_000,
  latest_update_time: 1_767_225_600_000,
  next_scan: { outcome: 'failed', scan_failed_desc: 'failed_to_scan_vulnerability' }
}]

const SeedBody = Type.Array(FixtureImage, {
  description: 'Images in the fixture format (the items of fixtures/*.json)',
  'x-examples': { one: { summary: 'One private image whose scans fail', value: seedExample } }
})

export const listImagesSchema = {
  operationId: 'MockListImages',
  tags: ['mock'],
  summary: 'A project\'s image repository',
  description: 'Every image of the project as it is now (scans resolved against the clock), with its preset outcome. A project never seeded shows the fixtures.',
  querystring: ProjectQuery,
  response: { 200: Type.Object({ total: Type.Integer(), images: Type.Array(RepositoryImage) }, { description: 'The project\'s images' }), ...errors('project_id is required') }
}

export const replaceImagesSchema = {
  operationId: 'MockReplaceImages',
  tags: ['mock'],
  summary: 'Replace a project\'s image repository',
  description: 'The project holds exactly these images afterwards; its running scans are forgotten. ' +
    'Every item is checked with the fixture schema; a bad item or a duplicate gives 400 HSS.0001 naming its index and field, and nothing changes.',
  querystring: ProjectQuery,
  body: SeedBody,
  response: { 200: Type.Object({ total: Type.Integer({ description: 'Images the project holds now' }) }, { description: 'The repository was replaced' }), ...errors('images[0].image_name: is required') }
}

export const addImagesSchema = {
  operationId: 'MockAddImages',
  tags: ['mock'],
  summary: 'Add images to a project\'s repository',
  description: 'Adds the images to what the project holds (the fixtures, if never seeded). ' +
    'An item that is invalid, or that duplicates an image the project holds, gives 400 HSS.0001 naming its index, and nothing is added.',
  querystring: ProjectQuery,
  body: SeedBody,
  response: { 201: Type.Object({ total: Type.Integer({ description: 'Images the project holds now' }) }, { description: 'The images were added' }), ...errors('images[0].image_name: is required') }
}
