import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MockControl } from './control.js'
import { healthSchema, listJobsSchema } from './schemas.js'

export const controlRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (app, { control }) => {
  app.get('/health', { schema: healthSchema }, async () => control.health())

  app.get('/jobs', { schema: listJobsSchema }, async (request) => {
    const jobs = control.jobs(request.query)
    return { total: jobs.length, jobs }
  })
}
