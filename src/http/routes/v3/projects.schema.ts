import { Type } from '@fastify/type-provider-typebox'
import { hssErrorResponses } from '../../common.schema.js'

// IAM KeystoneListProjects, as far as the SDKs' project-id discovery uses it (shared/reference/aksk-signing.md §5).

const Links = Type.Object({
  self: Type.String({ description: 'URL of this resource' })
})

export const IamProject = Type.Object({
  id: Type.String({ description: 'Project id (32 hex characters unless configured otherwise)' }),
  name: Type.String({ description: 'Project name: the region id' }),
  domain_id: Type.String({ description: 'Account (domain) id' }),
  parent_id: Type.String({ description: 'Id of the parent: the account' }),
  description: Type.String(),
  enabled: Type.Boolean(),
  is_domain: Type.Boolean(),
  links: Links
}, { title: 'IamProject' })

export const ListProjectsResponse = Type.Object({
  projects: Type.Array(IamProject, { description: 'Always exactly one project: the one of the region asked for' }),
  links: Type.Object({
    self: Type.String(),
    previous: Type.Null(),
    next: Type.Null()
  })
}, { title: 'KeystoneListProjectsResponse', description: 'The project of the region' })

export const listProjectsSchema = {
  operationId: 'KeystoneListProjects',
  tags: ['iam'],
  summary: 'Find the project of a region (IAM project-id discovery)',
  description: 'What an official SDK calls before its first request when its credentials carry no project id ' +
    '(point its IAM endpoint at the mock). Every region has exactly one project with a stable id; ' +
    'set the ids with `HSS_MOCK_PROJECT_IDS`. Authenticated like the HSS operations.',
  querystring: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 64, description: 'Region id, e.g. cn-north-4' })
  }),
  headers: Type.Object({
    'x-auth-token': Type.Optional(Type.String({ minLength: 1, maxLength: 32768, description: 'IAM user token (or sign the request with AK/SK instead)' }))
  }),
  response: {
    200: ListProjectsResponse,
    400: hssErrorResponses[400],
    401: hssErrorResponses[401],
    500: hssErrorResponses[500]
  }
}
