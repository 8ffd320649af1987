import { Server as TlsServer } from 'node:tls'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import type { Clock } from './clock.js'
import { resolveConfig, type Config } from './config.js'
import type { JobFilter, MockControl } from './control/control.js'
import type { FaultRule, FaultRuleInput } from './control/faults.js'
import type { ScanJob } from './domain/scan-jobs.js'
import type { Ids } from './ids.js'
import type { FixtureImage } from './store/fixtures.js'

export interface StartMockServerOptions extends Partial<Config> {
  clock?: Clock
  ids?: Ids
  /** A pino logger; none by default, so a test run's output stays quiet. */
  logger?: FastifyBaseLogger
}

/** A private hss-mock listening on a real port, driven from the test that started it. */
export interface MockServer {
  /** Base URL, e.g. http://127.0.0.1:49152 (https:// when TLS is on; with HSS_MOCK_BASE_PATH's prefix, if any) */
  readonly url: string
  readonly port: number
  readonly app: FastifyInstance
  readonly control: MockControl
  jobs (filter?: JobFilter): ScanJob[]
  reset (): void
  /** Replaces (default) or extends a project's image repository; throws HssError on a bad item, changing nothing. */
  seed (projectId: string, images: FixtureImage[], mode?: 'replace' | 'add'): number
  fault (rule: FaultRuleInput): FaultRule
  close (): Promise<void>
}

/**
 * Starts the mock in this process: `port` defaults to 0 (a free port) and `host` to 127.0.0.1.
 * Settings are the CLI's, by their camelCase names (`maxJobs`, `adminToken`, …), checked the same way.
 */
export async function startMockServer (opts: StartMockServerOptions = {}): Promise<MockServer> {
  const { clock, ids, logger, ...settings } = opts
  const config = resolveConfig({ port: 0, ...settings })
  const app = await buildApp({ config, clock, ids, logger })
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    url: `${app.server instanceof TlsServer ? 'https' : 'http'}://${host}:${port}${config.basePath}`,
    port,
    app,
    control: app.mock,
    jobs: (filter) => app.mock.jobs(filter),
    reset: () => app.mock.reset(),
    seed: (projectId, images, mode = 'replace') => app.mock.seedImages(projectId, images, mode),
    fault: (rule) => app.mock.addFault(rule),
    close: () => app.close()
  }
}
