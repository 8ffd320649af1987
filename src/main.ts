#!/usr/bin/env node
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { buildApp } from './app.js'
import { ConfigError, describeConfig, helpText, loadConfig } from './config.js'
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
    process.stderr.write(`hss-mock: invalid fixtures: ${err.message}\n`)
    process.exit(2)
  }
  const logger = pino({ level: config.logLevel, base: { service: 'hss-mock' } })
  // TLS files are read (or a certificate generated) while building, so a bad path is a configuration error too.
  const app = await buildApp({ config, logger, fixtures }).catch(exitOnConfigError)

  closeWithGrace({ delay: 10_000, logger }, async ({ err, signal }) => {
    if (err !== undefined) logger.error({ err }, 'stopping after an error')
    else logger.info({ signal }, 'stopping: finishing requests in flight')
    await app.close()
  })

  const address = await app.listen({ port: config.port, host: config.host })
  const url = address + config.basePath
  logger.info({ url, docs: `${url}/docs`, openapi: `${url}/openapi.json`, config: describeConfig(config) }, `hss-mock ${version} listening on ${url}`)
}

function exitOnConfigError (err: unknown): never {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`hss-mock: ${err.message} (see --help)\n`)
  process.exit(2)
}

await main()
