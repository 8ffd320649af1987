import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultEngine } from '../control/faults.js'
import type { Authenticator } from '../domain/auth/auth.js'
import type { BatchScanDeps } from '../domain/batch-scan.js'
import { HssError } from '../domain/errors.js'
import type { ProjectDirectory } from '../domain/projects.js'
import type { Identity } from '../domain/scan-jobs.js'
import { listProjectsRoute } from './routes/v3/projects.route.js'
import { batchScanRoute } from './routes/v5/image/batch-scan.route.js'
import { swrRepositoryRoute } from './routes/v5/image/swr-repository.route.js'

export interface HssApiOptions {
  deps: BatchScanDeps
  auth: Authenticator
  faults: FaultEngine
  projects: ProjectDirectory
  /** HSS_MOCK_RELAX_TIME_LIMITS: the schemas of image_size and the time filters depend on it. */
  relaxTimeLimits: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: Buffer | null
    bodyProblem: string | null
    /** Set by authentication before validation; null only outside the HSS routes. */
    identity: Identity | null
  }
}

/**
 * The emulated Huawei routes. Order of checks, as at the real gateway: body size (413),
 * then authentication (401), then parsing (HSS.0002), then validation (HSS.0001).
 * Parse problems are therefore recorded by the content-type parsers and raised after authentication.
 */
export const hssApi: FastifyPluginAsync<HssApiOptions> = async (app, opts) => {
  app.decorateRequest('rawBody', null)
  app.decorateRequest('bodyProblem', null)
  app.decorateRequest('identity', null)
  installBodyParsers(app)

  // Fault rules apply to the emulated routes only, never to /_mock, and before anything else:
  // a throttled or broken gateway answers before it authenticates or reads the body.
  app.addHook('onRequest', async (request, reply) => {
    if (opts.faults.size === 0) return
    const action = opts.faults.take({
      method: request.method,
      // Rules name Huawei's paths, so a base path in front of them is not part of the match.
      path: request.url.split('?', 1)[0]!.slice(app.prefix.length),
      project_id: (request.params as { project_id?: string }).project_id
    })
    if (action === undefined) return
    if (action.type === 'error') throw HssError.injected(action.status, action.error_code, action.error_msg)
    if (action.type === 'delay') return void await sleep(action.ms)
    request.log.info({ fault: 'drop' }, 'connection dropped by a fault rule')
    reply.hijack()
    request.raw.socket.destroy()
  })

  app.addHook('preValidation', async (request) => {
    if (request.rawBody === null) request.rawBody = await readIgnoredBody(request)
    request.identity = opts.auth.authenticate({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.rawBody
    })
    if (!expectsBody(request)) return
    if (request.bodyProblem !== null) throw new HssError('parseFailed', request.bodyProblem)
    if (!isPlainObject(request.body)) {
      throw new HssError('parseFailed', 'the request body must be a JSON object')
    }
  })

  await app.register(batchScanRoute, { deps: opts.deps, relaxTimeLimits: opts.relaxTimeLimits })
  await app.register(swrRepositoryRoute, { images: opts.deps.images, relaxTimeLimits: opts.relaxTimeLimits })
  // The IAM call SDKs make for their project id sits behind the same authentication.
  await app.register(listProjectsRoute, { projects: opts.projects })
}

function installBodyParsers (app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const buffer = raw as Buffer
    request.rawBody = buffer
    if (buffer.length === 0) {
      request.bodyProblem = 'the request body is empty'
      done(null, undefined)
      return
    }
    try {
      done(null, JSON.parse(buffer.toString('utf8')))
    } catch {
      request.bodyProblem = 'the request body is not valid JSON'
      done(null, undefined)
    }
  })
  // Any other content type is read (so it counts against the body limit and can be signed),
  // then refused after authentication.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, raw, done) => {
    request.rawBody = raw as Buffer
    request.bodyProblem = `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not supported; use application/json`
    done(null, undefined)
  })
}

/**
 * Fastify leaves the body of a GET unread, but the Node SDK sends `{}` on its IAM GET and signs it,
 * so the bytes are read here (within the same limit) for the signature check.
 */
async function readIgnoredBody (request: FastifyRequest): Promise<Buffer | null> {
  const { headers } = request
  const announced = headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0
  if (!announced || request.raw.readableEnded) return null
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length
    if (size > request.routeOptions.bodyLimit) throw new HssError('entityTooLarge')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function expectsBody (request: FastifyRequest): boolean {
  return request.routeOptions.schema?.body !== undefined
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
