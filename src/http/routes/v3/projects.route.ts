import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ProjectDirectory } from '../../../domain/projects.js'
import { listProjectsSchema } from './projects.schema.js'

export const listProjectsRoute: FastifyPluginAsyncTypebox<{ projects: ProjectDirectory }> = async (app, { projects }) => {
  app.get('/v3/projects', { schema: listProjectsSchema }, async (request) => {
    const name = request.query.name
    const id = projects.projectIdOf(name)
    const base = `${request.protocol}://${request.host}${app.prefix}/v3/projects`
    return {
      projects: [{
        id,
        name,
        domain_id: projects.domainId,
        parent_id: projects.domainId,
        description: '',
        enabled: true,
        is_domain: false,
        links: { self: `${base}/${id}` }
      }],
      links: { self: `${base}?name=${encodeURIComponent(name)}`, previous: null, next: null }
    }
  })
}
