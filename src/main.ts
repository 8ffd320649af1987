#!/usr/bin/env node
import closeWithGrace from 'close-with-grace'
import { pino, type Logger } from 'pino'
import { ConfigError, describeConfig, helpText, loadConfig, settings, type Config } from './config.js'
import { FixtureError, loadFixtures } from './store/fixtures.js'
import { version } from './version.js'

async function main (): Promise<void> {
  let cli: ReturnType<typeof loadConfig>
  try {
    cli = loadConfig(process.argv.slice(2), process.env)
  } catch (err) {
    exitOnConfigError(err)
  }
  if (cli.kind === 'help') { process.stdout.write(helpText()); return }
  if (cli.kind === 'version') { process.stdout.write(`${version}\n`); return }

  const { config } = cli
  let fixtures: ReturnType<typeof loadFixtures>
  try {
    fixtures = loadFixtures(config.fixtures === '' ? undefined : config.fixtures)
  } catch (err) {
    if (!(err instanceof FixtureError)) throw err
    process.stderr.write(`hss-mock: invalid ${settings.fixtures.env} (--${settings.fixtures.flag}): ${err.message} (see --help)\n`)
    process.exit(2)
  }
  const logger = createLogger(config)
  // Loaded only now, so --help, --version and a bad setting answer without loading the server.
  const { buildApp } = await import('./app.js')
  // TLS files are read (or a certificate generated) while building, so a bad path is a configuration error too.
  const app = await buildApp({ config, logger, fixtures }).catch(exitOnConfigError)

  // close-with-grace exits 1 once the timeout passes, and at once on a second signal.
  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ err, signal }) => {
    if (err !== undefined) logger.error({ err }, 'stopping after an error')
    else logger.info({ signal }, 'stopping: finishing requests in flight')
    await app.close()
    const { jobs, jobs_evicted: evicted } = app.mock.health()
    logger.info({ jobs, jobs_evicted: evicted }, `stopped; ${jobs + evicted} scan jobs recorded`)
  })

  let address: string
  try {
    address = await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    logger.fatal(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`)
    process.exit(1)
  }
  const url = address + config.basePath
  logger.info({
    url,
    docs: `${url}/docs`,
    openapi: `${url}/openapi.json`,
    config: describeConfig(config)
  }, `hss-mock ${version} listening on ${url}`)
}

function createLogger (config: Config): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true)
  const options = { level: config.logLevel, base: { service: 'hss-mock' } }
  if (pretty) {
    // A transport formats in a worker thread, so pretty output never slows the request path.
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { destination: 1, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } }
    })
  }
  // Synchronous writes: the exit that ends a shutdown cannot cut off a line still being written, such as the final count.
  return pino(options, pino.destination({ dest: 1, sync: true }))
}

function exitOnConfigError (err: unknown): never {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`hss-mock: ${err.message} (see --help)\n`)
  process.exit(2)
}

await main()
