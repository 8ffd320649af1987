import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { createManualClock, systemClock, type Clock } from './clock.js'
import { defaultConfig, type Config } from './config.js'
import { createMockControl, type MockControl } from './control/control.js'
import { createFaultEngine } from './control/faults.js'
import { controlRoutes } from './control/routes.js'
import { FaultRule, ScanJob } from './control/schemas.js'
import { allowAll, createAuthenticator, parseCredentialList, type Authenticator } from './domain/auth/auth.js'
import { createImageRepository, type ImageRepository } from './domain/images.js'
import { createProjectDirectory } from './domain/projects.js'
import { createJobStore, type JobStore } from './domain/scan-jobs.js'
import { HssErrorBody } from './http/common.schema.js'
import { clientErrorHandler, hssErrorHandler, hssFrameworkError, hssNotFound } from './http/error-handler.js'
import { hssApi } from './http/hss-api.js'
import { registerOpenApi } from './http/openapi.js'
import { addSharedSchema, validatorCompiler } from './http/validation.js'
import { isWellFormedRequestId, randomIds, type Ids } from './ids.js'
import { loadTls } from './tls.js'
import { loadFixtures, type Fixtures } from './store/fixtures.js'

// The real gateway accepts bodies up to 12 MB; 10241 maximal image_info_list entries are about 8 MB.
export const BODY_LIMIT = 12 * 1024 * 1024
// X-Auth-Token may be 32768 characters; Node's default header block limit (16 KiB) is too small for it.
export const MAX_HEADER_SIZE = 64 * 1024

export interface AppOptions {
  config?: Partial<Config>
  clock?: Clock
  ids?: Ids
  auth?: Authenticator
  jobs?: JobStore
  /** The image repository; by default built from `fixtures`. */
  images?: ImageRepository
  /** Fixtures already loaded; by default read from config.fixtures (throws FixtureError when they are bad). */
  fixtures?: Fixtures
  /** A pino logger, or false (the default in tests) for none. */
  logger?: FastifyBaseLogger | false
}

declare module 'fastify' {
  interface FastifyInstance {
    mock: MockControl
  }
}

export async function buildApp (opts: AppOptions = {}): Promise<FastifyInstance> {
  const config: Config = { ...defaultConfig, ...opts.config }
  const clock = opts.clock ?? (config.clockMode === 'manual' ? createManualClock() : systemClock)
  const ids = opts.ids ?? randomIds()
  const jobs = opts.jobs ?? createJobStore(config.maxJobs)
  const images = opts.images ?? createImageRepository({
    fixtures: opts.fixtures ?? loadFixtures(config.fixtures === '' ? undefined : config.fixtures),
    clock,
    scanDurationMs: config.scanDurationMs
  })

  const tls = await loadTls(config)

  const app = Fastify({
    ...(opts.logger === undefined || opts.logger === false ? { logger: false } : { loggerInstance: opts.logger }),
    // Fastify's two lines per request are replaced by the one onResponse line below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    // project_id may be 256 characters (Fastify's default cap is 100); longer ones reach validation.
    routerOptions: { maxParamLength: 1024 },
    // Slow or stalled clients are cut off (README, "Resource bounds") so they cannot hold the server.
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // Same port, HTTPS instead of HTTP: some SDK paths insist on https:// (shared/reference/aksk-signing.md §5).
    ...(tls === null ? { http: nodeServerOptions(config) } : { https: { ...tls, ...nodeServerOptions(config) } }),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return isWellFormedRequestId(given) ? given : ids.requestId()
    },
    clientErrorHandler: clientErrorHandler(() => ids.requestId()),
    // While closing, a request that reaches an open connection is still served (and recorded) rather
    // than refused with Fastify's bare 503: shutdown finishes what clients already sent.
    return503OnClosing: false,
    frameworkErrors: hssFrameworkError
  }).withTypeProvider<TypeBoxTypeProvider>()

  for (const shared of [HssErrorBody, ScanJob, FaultRule]) {
    addSharedSchema(shared)
    app.addSchema(shared)
  }
  app.setValidatorCompiler(validatorCompiler)
  app.setErrorHandler(hssErrorHandler)
  app.setNotFoundHandler(hssNotFound)

  // A keep-alive socket whose request was in flight when closing began would otherwise stay open after its
  // response and hold app.close() (and so a graceful shutdown) until the shutdown timeout.
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  // Callback-style hooks: an async hook costs a promise and a microtask on every request.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
  // One line per request; headers (and so tokens and signatures) are never logged.
  app.addHook('onResponse', (request, reply, done) => {
    // Health probes (a container HEALTHCHECK every few seconds) would drown the log at info.
    const level = request.routeOptions.url?.endsWith('/health') === true ? 'debug' : 'info'
    request.log[level]({
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      projectId: (request.params as { project_id?: string } | undefined)?.project_id
    }, 'request')
    done()
  })

  await registerOpenApi(app, config)
  const faults = createFaultEngine()
  const auth = opts.auth ?? buildAuthenticator(config, clock)
  await app.register(hssApi, {
    prefix: config.basePath,
    deps: { jobs, clock, ids, images, unknownImages: config.unknownImages },
    auth,
    faults,
    relaxTimeLimits: config.relaxTimeLimits,
    projects: createProjectDirectory(config.projectIds)
  })
  const control = createMockControl({ jobs, clock, faults, images })
  if (config.admin) {
    await app.register(controlRoutes, { prefix: config.basePath + config.adminPrefix, control, adminToken: config.adminToken })
  }
  // In-process users and tests reach the same controls without HTTP, whether or not the routes are served.
  app.decorate('mock', control)
  return app
}

function buildAuthenticator (config: Config, clock: Clock): Authenticator {
  if (config.auth === 'off') return allowAll
  return createAuthenticator({ credentials: parseCredentialList(config.credentials), tokens: new Set(config.tokens), clock })
}

function nodeServerOptions (config: Config) {
  const headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs)
  return {
    maxHeaderSize: MAX_HEADER_SIZE,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeout,
    // Node checks both timeouts every 30 s by default, which would let a stalled request live 30 s too long.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4)))
  }
}
