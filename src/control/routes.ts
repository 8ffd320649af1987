import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifySchemaCompiler } from 'fastify'
import { HssError } from '../domain/errors.js'
import { validatorCompiler } from '../http/validation.js'
import type { MockControl } from './control.js'
import {
  addFaultSchema, advanceClockSchema, deleteFaultsSchema, deleteJobsSchema, finishScansSchema, getClockSchema,
  getJobSchema, healthSchema, listFaultsSchema, listJobsSchema, resetSchema,
  addImagesSchema, listImagesSchema, replaceImagesSchema
} from './schemas.js'

// Seeded images are checked by the fixture validator, which names the index and field of the first bad item
// and also finds duplicates; AJV would silently drop unknown fields instead.
const seedValidator: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route)

export interface ControlRoutesOptions {
  control: MockControl
  /** When set, every control route but health needs `Authorization: Bearer <adminToken>`. */
  adminToken: string
}

export const controlRoutes: FastifyPluginAsyncTypebox<ControlRoutesOptions> = async (app, { control, adminToken }) => {
  if (adminToken !== '') {
    const expected = Buffer.from(`Bearer ${adminToken}`)
    app.addHook('onRequest', async (request) => {
      // Health stays open: container health checks and load balancers probe it without credentials.
      if (request.routeOptions.url?.endsWith('/health') === true) return
      const given = Buffer.from(request.headers.authorization ?? '')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new HssError('adminUnauthorized')
    })
    // The OpenAPI document says which routes need the token, so Swagger UI's Authorize sends it.
    app.addHook('onRoute', (route) => {
      if (!route.url.endsWith('/health')) route.schema = { ...route.schema, security: [{ admin: [] }] }
    })
  }

  app.get('/health', { schema: healthSchema }, async () => control.health())

  app.get('/jobs', { schema: listJobsSchema }, async (request) => {
    const { offset = 0, limit = 100, ...filter } = request.query
    const jobs = control.jobs(filter)
    return { total: jobs.length, jobs: jobs.slice(offset, offset + limit) }
  })

  app.get('/jobs/:id', { schema: getJobSchema }, async (request) => {
    const job = control.job(request.params.id)
    if (job === undefined) throw new HssError('mockNotFound', `No job with id ${JSON.stringify(request.params.id)}.`)
    return job
  })

  app.delete('/jobs', { schema: deleteJobsSchema }, async (request) => ({ deleted: control.clearJobs(request.query.project_id) }))

  app.post('/reset', { schema: resetSchema }, async () => {
    control.reset()
    return { reset: true as const }
  })

  app.post('/faults', { schema: addFaultSchema }, async (request, reply) => reply.code(201).send(control.addFault(request.body)))
  app.get('/faults', { schema: listFaultsSchema }, async () => {
    const rules = control.faults()
    return { total: rules.length, rules }
  })
  app.delete('/faults', { schema: deleteFaultsSchema }, async () => ({ deleted: control.clearFaults() }))

  app.get('/clock', { schema: getClockSchema }, async () => control.clock())

  app.post('/clock/advance', { schema: advanceClockSchema }, async (request) => control.advanceClock(request.body.ms))

  app.post('/scans/finish', { schema: finishScansSchema }, async (request) => ({ finished: control.finishScans(request.query.project_id) }))

  app.get('/images', { schema: listImagesSchema }, async (request) => {
    const images = control.images(request.query.project_id)
    return { total: images.length, images }
  })

  app.put('/images', { schema: replaceImagesSchema, validatorCompiler: seedValidator }, async (request) =>
    ({ total: control.seedImages(request.query.project_id, request.body, 'replace') }))

  app.post('/images', { schema: addImagesSchema, validatorCompiler: seedValidator }, async (request, reply) =>
    reply.code(201).send({ total: control.seedImages(request.query.project_id, request.body, 'add') }))
}
