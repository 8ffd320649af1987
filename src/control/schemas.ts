import { Type } from '@fastify/type-provider-typebox'
import { hssErrorResponses } from '../http/common.schema.js'

const Identity = Type.Object({
  kind: Type.Enum(['token', 'aksk', 'anonymous']),
  ak: Type.Optional(Type.String())
}, { description: 'Who made the request: the AK of a signed request, or "token"; never a secret' })

const ImageRef = Type.Object({
  namespace: Type.Optional(Type.String()),
  image_name: Type.Optional(Type.String()),
  image_version: Type.Optional(Type.String()),
  instance_id: Type.Optional(Type.String()),
  instance_url: Type.Optional(Type.String())
})

export const ScanJob = Type.Object({
  id: Type.String(),
  project_id: Type.String(),
  enterprise_project_id: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.Integer({ description: 'Epoch milliseconds' }),
  mode: Type.Enum(['list', 'all']),
  status: Type.Enum(['running', 'completed']),
  identity: Identity,
  request: Type.Object({}, { additionalProperties: true, description: 'The validated BatchScanSwrImage body, as sent (unknown fields dropped)' }),
  images: Type.Array(ImageRef, { description: 'The images the request named' })
}, { $id: 'ScanJob', title: 'ScanJob' })

export const healthSchema = {
  operationId: 'MockHealth',
  tags: ['mock'],
  summary: 'Health of the mock',
  description: 'Liveness and counts; used by the container HEALTHCHECK.',
  response: {
    200: Type.Object({
      status: Type.Literal('ok'),
      version: Type.String(),
      uptime_ms: Type.Integer(),
      jobs: Type.Integer({ description: 'Scan jobs currently kept' }),
      jobs_evicted: Type.Integer({ description: 'Scan jobs evicted because HSS_MOCK_MAX_JOBS was reached' })
    })
  }
}

export const listJobsSchema = {
  operationId: 'MockListJobs',
  tags: ['mock'],
  summary: 'Scan jobs the mock recorded',
  description: 'Every accepted BatchScanSwrImage request, oldest first; filter by project_id.',
  querystring: Type.Object({
    project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 }))
  }),
  response: {
    200: Type.Object({ total: Type.Integer(), jobs: Type.Array(Type.Ref('ScanJob')) }),
    400: hssErrorResponses[400]
  }
}
