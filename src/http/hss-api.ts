import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FaultEngine } from '../control/faults.js'
import type { Authenticator } from '../domain/auth/auth.js'
import type { BatchScanDeps } from '../domain/batch-scan.js'
import { HssError } from '../domain/errors.js'
import type { Identity } from '../domain/scan-jobs.js'
import { batchScanRoute } from './routes/v5/image/batch-scan.route.js'
import { swrRepositoryRoute } from './routes/v5/image/swr-repository.route.js'

export interface HssApiOptions {
  deps: BatchScanDeps
  auth: Authenticator
  faults: FaultEngine
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
      path: request.url.split('?', 1)[0]!,
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

function expectsBody (request: FastifyRequest): boolean {
  return request.routeOptions.schema?.body !== undefined
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
