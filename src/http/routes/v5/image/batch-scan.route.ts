import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { startBatchScan, type BatchScanDeps } from '../../../../domain/batch-scan.js'
import { batchScanSchema } from './batch-scan.schema.js'

export interface BatchScanRouteOptions {
  deps: BatchScanDeps
  relaxTimeLimits: boolean
}

// Thin: the rules live in domain/batch-scan.ts.
export const batchScanRoute: FastifyPluginAsyncTypebox<BatchScanRouteOptions> = async (app, { deps, relaxTimeLimits }) => {
  app.post('/v5/:project_id/image/batch-scan', { schema: batchScanSchema(relaxTimeLimits) }, async (request, reply) => {
    const job = startBatchScan(deps, {
      project_id: request.params.project_id,
      enterprise_project_id: request.query.enterprise_project_id ?? '0',
      region: request.headers.region ?? null,
      identity: request.identity ?? { kind: 'anonymous' }
    }, request.body)
    reply.header('x-mock-job-id', job.id)
    return {}
  })
}
