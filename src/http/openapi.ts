import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { version } from '../version.js'

const description = [
  'A mock of Huawei Cloud HSS (Host Security Service) for integration tests and SDK development.',
  '',
  'Emulated operations keep Huawei\'s paths, limits, enums and error model (`{"error_code", "error_msg", "request_id"}`).',
  'Authenticate with `X-Auth-Token` (any token by default) or an AK/SK `SDK-HMAC-SHA256` signature, as the official SDKs do.',
  'Routes under `/_mock` are the mock\'s own control plane.'
].join('\n')

/** OpenAPI 3 generated from the route schemas; served as /openapi.json, /openapi.yaml and Swagger UI at /docs. */
export async function registerOpenApi (app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'HSS mock', description, version, license: { name: 'MIT' } },
      servers: [{ url: '/', description: 'This mock' }],
      tags: [
        { name: 'image', description: 'HSS container image security (emulated Huawei Cloud API)' },
        { name: 'iam', description: 'The IAM call the official SDKs make to find a region\'s project id (emulated Huawei Cloud API)' },
        { name: 'mock', description: 'Control plane of the mock: health, recorded jobs' }
      ],
      components: {
        securitySchemes: {
          token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'IAM user token; any token unless HSS_MOCK_TOKENS lists the ones that pass' },
          aksk: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'AK/SK signature as the official SDKs send it: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<…>, Signature=<…>` ' +
              'with an `X-Sdk-Date` header within 15 minutes of the server clock. Verified exactly against HSS_MOCK_CREDENTIALS when set; ' +
              'otherwise any well-formed signature passes'
          }
        }
      }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: ({ schema, url }) => {
      if (schema === undefined || schema.hide === true) return { schema, url }
      const { headers, ...rest } = schema as Record<string, unknown>
      const transformed: Record<string, unknown> = { ...rest }
      // X-Auth-Token is declared as a security scheme; listing it as a parameter too would show it twice.
      const headerProps = (headers as { properties?: Record<string, unknown> } | undefined)?.properties
      if (headerProps !== undefined) {
        const { 'x-auth-token': token, ...others } = headerProps
        if (Object.keys(others).length > 0) transformed.headers = { ...(headers as object), properties: others }
        if (token !== undefined) transformed.security = [{ token: [] }, { aksk: [] }]
      }
      return { schema: transformed, url }
    }
  })

  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, displayRequestDuration: true, tryItOutEnabled: false },
    staticCSP: false
  })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml').send(app.swagger({ yaml: true })))
}
