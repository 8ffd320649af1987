import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { stringify } from 'yaml'
import type { Config } from '../config.js'
import { version } from '../version.js'

const description = [
  'A mock of Huawei Cloud HSS (Host Security Service) for integration tests and SDK development.',
  '',
  'Emulated operations keep Huawei\'s paths, limits, enums and error model (`{"error_code", "error_msg", "request_id"}`).',
  'Authenticate with `X-Auth-Token` (any token by default) or an AK/SK `SDK-HMAC-SHA256` signature, as the official SDKs do.',
  'Routes under `/_mock` are the mock\'s own control plane.'
].join('\n')

/**
 * OpenAPI 3 generated from the route schemas; served as /openapi.json, /openapi.yaml and Swagger UI at /docs,
 * all under the base path like every other route.
 */
export async function registerOpenApi (app: FastifyInstance, config: Pick<Config, 'basePath' | 'trustProxy' | 'adminToken'>): Promise<void> {
  const { basePath, trustProxy } = config
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'HSS mock', description, version, license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' } },
      // Relative, so "Try it out" and imported collections reach the mock at whatever address served the document.
      // Also strips the base path from the documented paths.
      servers: [{ url: basePath === '' ? '/' : basePath, description: 'This mock' }],
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
          },
          ...(config.adminToken === '' ? {} : { admin: { type: 'http', scheme: 'bearer', description: 'HSS_MOCK_ADMIN_TOKEN, for the /_mock routes' } })
        }
      }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: ({ schema, url }) => {
      if (schema === undefined || schema.hide === true) return { schema, url }
      const { headers, ...rest } = schema as Record<string, unknown>
      const transformed: Record<string, unknown> = { ...rest }
      // X-Auth-Token is declared as a security scheme; listing it as a parameter too would show it twice.
      const { 'x-auth-token': token, ...others } = (headers as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}
      if (Object.keys(others).length > 0) transformed.headers = { ...(headers as object), properties: others }
      // Routes that take no token and declare nothing else (the open /_mock routes) need no credentials.
      transformed.security ??= token === undefined ? [] : [{ token: [] }, { aksk: [] }]
      return { schema: transformed, url }
    },
    // A copy: the document shares schema objects with the routes, whose validators must keep draft 7.
    transformObject: (document) => 'openapiObject' in document ? toOpenApi30Bounds(structuredClone(document.openapiObject)) : document.swaggerObject
  })

  const documentFor = (request: FastifyRequest) => {
    const document = app.swagger()
    if (!trustProxy) return document
    const url = absoluteServerUrl(request.protocol, request.host, basePath)
    return url === null ? document : { ...document, servers: [{ url, description: 'This mock, as the client reached it' }] }
  }

  await app.register(swaggerUi, {
    routePrefix: `${basePath}/docs`,
    theme: { title: 'HSS mock' },
    uiConfig: {
      docExpansion: 'list',
      deepLinking: true,
      displayRequestDuration: true,
      tryItOutEnabled: false,
      plugins: [openBatchScanPlugin]
    },
    staticCSP: false,
    transformSpecification: (_document, request) => documentFor(request),
    transformSpecificationClone: false
  })

  app.get(`${basePath}/openapi.json`, { schema: { hide: true } }, async (request) => documentFor(request))
  app.get(`${basePath}/openapi.yaml`, { schema: { hide: true } }, async (request, reply) =>
    // The options @fastify/swagger uses, so the served YAML matches openapi/openapi.yaml byte for byte.
    reply.type('application/yaml').send(stringify(documentFor(request), { strict: false })))
}

/**
 * The route schemas are JSON Schema draft 7 for AJV, where exclusiveMinimum/-Maximum are numbers;
 * OpenAPI 3.0 wants minimum/maximum with a boolean flag. Rewrites every schema in the given document.
 */
function toOpenApi30Bounds<T> (node: T): T {
  if (Array.isArray(node)) {
    for (const item of node) toOpenApi30Bounds(item)
  } else if (typeof node === 'object' && node !== null) {
    const schema = node as Record<string, unknown>
    for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
      if (typeof schema[exclusive] !== 'number') continue
      schema[bound] = schema[exclusive]
      schema[exclusive] = true
    }
    for (const value of Object.values(schema)) toOpenApi30Bounds(value)
  }
  return node
}

interface SwaggerUiSystem {
  layoutActions: { show: (key: string[], shown: boolean) => void }
}

/**
 * A Swagger UI plugin, sent to the browser as source text: the operation people come to try is open
 * on arrival, the others stay folded. Must not refer to anything outside its own body.
 */
function openBatchScanPlugin () {
  return {
    afterLoad (system: SwaggerUiSystem) {
      system.layoutActions.show(['operations', 'image', 'BatchScanSwrImage'], true)
    }
  }
}

/**
 * The origin a client used, from X-Forwarded-Proto/-Host (Fastify reads them when trustProxy is on) or Host.
 * Values that do not make a plain http(s) origin give null, and the document keeps its relative server.
 */
export function absoluteServerUrl (protocol: string, host: string, basePath: string): string | null {
  if (protocol !== 'http' && protocol !== 'https') return null
  let url: URL
  try {
    url = new URL(`${protocol}://${host}`)
  } catch {
    return null
  }
  const plainOrigin = url.host !== '' && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === ''
  return plainOrigin ? url.origin + basePath : null
}
