import t from 'tap'
import { ConfigError, configTableMarkdown, defaultConfig, describeConfig, helpText, loadConfig, settings } from '../src/config.js'
import { runConfig } from './helpers/config.js'
import { configTableOf, readReadme } from './helpers/readme.js'


t.test('with nothing set, every setting takes its default', async (t) => {
  const config = runConfig([])
  t.same(config, defaultConfig)
  t.match(config, { port: 8080, host: '127.0.0.1', logLevel: 'info', logFormat: 'auto', shutdownTimeoutMs: 10_000, maxJobs: 10_000 })
})

t.test('environment variables set values, converted to their types', async (t) => {
  const config = runConfig([], {
    PORT: '9090',
    HOST: '0.0.0.0',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    HSS_MOCK_SHUTDOWN_TIMEOUT_MS: '2500',
    HSS_MOCK_MAX_JOBS: '5',
    HSS_MOCK_ADMIN: 'off',
    HSS_MOCK_ADMIN_PREFIX: '/ops/mock',
    HSS_MOCK_ADMIN_TOKEN: 's3cret'
  })
  t.match(config, { port: 9090, host: '0.0.0.0', logLevel: 'warn', logFormat: 'json', shutdownTimeoutMs: 2500, maxJobs: 5, admin: false, adminPrefix: '/ops/mock', adminToken: 's3cret' })
})

t.test('a flag wins over its environment variable', async (t) => {
  const config = runConfig(['--port', '7000', '--log-format=pretty'], { PORT: '9090', LOG_FORMAT: 'json' })
  t.equal(config.port, 7000)
  t.equal(config.logFormat, 'pretty')
})

t.test('an empty environment variable means the default', async (t) => {
  t.equal(runConfig([], { PORT: '', LOG_LEVEL: '' }).port, 8080)
  t.equal(runConfig([], { LOG_LEVEL: '' }).logLevel, 'info')
})

t.test('--help and --version are recognised, short forms too', async (t) => {
  t.same(loadConfig(['--help'], {}), { kind: 'help' })
  t.same(loadConfig(['-h'], {}), { kind: 'help' })
  t.same(loadConfig(['--version'], {}), { kind: 'version' })
  t.same(loadConfig(['-v'], {}), { kind: 'version' })
})

const invalid: Array<{ name: string, argv?: string[], env?: NodeJS.ProcessEnv, message: RegExp }> = [
  { name: 'port above 65535', env: { PORT: '70000' }, message: /^invalid PORT \(--port\) "70000": .*65535/ },
  { name: 'negative port', argv: ['--port=-1'], message: /^invalid PORT \(--port\) "-1": .*0/ },
  { name: 'port that is not a number', env: { PORT: 'http' }, message: /^invalid PORT \(--port\) "http"/ },
  { name: 'fractional port', env: { PORT: '80.5' }, message: /^invalid PORT \(--port\) "80.5"/ },
  { name: 'unknown log level', env: { LOG_LEVEL: 'loud' }, message: /^invalid LOG_LEVEL \(--log-level\) "loud": must be one of fatal, error, warn, info, debug, trace, silent$/ },
  { name: 'unknown log format', env: { LOG_FORMAT: 'xml' }, message: /^invalid LOG_FORMAT \(--log-format\) "xml": must be one of auto, json, pretty$/ },
  { name: 'zero shutdown timeout', env: { HSS_MOCK_SHUTDOWN_TIMEOUT_MS: '0' }, message: /^invalid HSS_MOCK_SHUTDOWN_TIMEOUT_MS \(--shutdown-timeout-ms\) "0"/ },
  { name: 'shutdown timeout in words', argv: ['--shutdown-timeout-ms', '10s'], message: /^invalid HSS_MOCK_SHUTDOWN_TIMEOUT_MS \(--shutdown-timeout-ms\) "10s"/ },
  { name: 'zero max jobs', env: { HSS_MOCK_MAX_JOBS: '0' }, message: /^invalid HSS_MOCK_MAX_JOBS \(--max-jobs\) "0"/ },
  { name: 'admin switch that is not a boolean', env: { HSS_MOCK_ADMIN: 'maybe' }, message: /^invalid HSS_MOCK_ADMIN \(--admin\) "maybe": must be true or false/ },
  { name: 'admin prefix without a leading slash', env: { HSS_MOCK_ADMIN_PREFIX: 'mock' }, message: /^invalid HSS_MOCK_ADMIN_PREFIX \(--admin-prefix\) "mock"/ },
  { name: 'unknown authentication mode', env: { HSS_MOCK_AUTH: 'maybe' }, message: /^invalid HSS_MOCK_AUTH \(--auth\) "maybe": must be one of on, off$/ },
  { name: 'malformed credential list, without echoing it', env: { HSS_MOCK_CREDENTIALS: 'AK1:SK1,AK2-without-secret' }, message: /^invalid HSS_MOCK_CREDENTIALS \(--credentials\) \*\*\*: must be comma-separated AK:SK pairs$/ },
  { name: 'malformed project id list', env: { HSS_MOCK_PROJECT_IDS: 'cn-north-4' }, message: /^invalid HSS_MOCK_PROJECT_IDS \(--project-ids\) "cn-north-4": must be comma-separated region=project_id pairs/ },
  { name: 'unknown TLS mode', env: { HSS_MOCK_TLS: 'on' }, message: /^invalid HSS_MOCK_TLS \(--tls\) "on": must be one of off, self-signed$/ },
  { name: 'unknown flag', argv: ['--prot', '8080'], message: /Unknown option '--prot'/ },
  { name: 'flag without its value', argv: ['--port'], message: /--port/ },
  { name: 'positional argument', argv: ['serve'], message: /serve/ }
]

for (const c of invalid) {
  t.test(`rejects ${c.name} with a one-line message naming it`, async (t) => {
    t.throws(() => loadConfig(c.argv ?? [], c.env ?? {}), ConfigError)
    try {
      loadConfig(c.argv ?? [], c.env ?? {})
    } catch (err) {
      const message = (err as Error).message
      t.match(message, c.message)
      t.notMatch(message, /\n/)
    }
  })
}

t.test('--help lists every setting with its variable, flag and default', async (t) => {
  const help = helpText()
  for (const s of Object.values(settings)) {
    t.match(help, `--${s.flag} `)
    t.match(help, `(env ${s.env}, default `)
    t.match(help, s.description)
  }
  t.match(help, /--help/)
  t.match(help, /--version/)
})

t.test('the effective configuration masks secrets that are set', async (t) => {
  const described = describeConfig(runConfig([], { HSS_MOCK_ADMIN_TOKEN: 's3cret' }))
  t.equal(described.adminToken, '***')
  t.notMatch(JSON.stringify(described), /s3cret/)
  t.equal(describeConfig(defaultConfig).adminToken, '', 'an unset secret shows as unset')
})

t.test('the README configuration table is the one generated from the settings (npm run docs)', async (t) => {
  t.equal(configTableOf(readReadme()), configTableMarkdown())
})

t.test('the README configuration table has one row per setting', async (t) => {
  const rows = configTableMarkdown().split('\n').slice(2)
  t.equal(rows.length, Object.keys(settings).length)
  for (const s of Object.values(settings)) t.ok(rows.some((row) => row.startsWith(`| \`${s.env}\` | \`--${s.flag}\``)), s.env)
})

function configOf (argv: string[], env: NodeJS.ProcessEnv = {}) {
  const result = loadConfig(argv, env)
  if (result.kind !== 'run') throw new Error(`expected a configuration, got ${result.kind}`)
  return result.config
}

t.test('HSS_MOCK_BASE_PATH takes a path prefix; empty (the default) serves at the root', async (t) => {
  t.equal(configOf([]).basePath, '')
  t.equal(configOf([], { HSS_MOCK_BASE_PATH: '/hss' }).basePath, '/hss')
  t.equal(configOf(['--base-path', '/mock/hss.v1'], { HSS_MOCK_BASE_PATH: '/hss' }).basePath, '/mock/hss.v1', 'the flag wins')
})

t.test('a base path without a leading slash, with a trailing slash or with odd characters is refused with a hint', async (t) => {
  for (const value of ['hss', '/hss/', '/', '/a b', '//hss', '/hss?x=1']) {
    t.throws(() => loadConfig([], { HSS_MOCK_BASE_PATH: value }), new ConfigError(
      `invalid HSS_MOCK_BASE_PATH (--base-path) ${JSON.stringify(value)}: ` +
      'must be empty or a path such as /hss or /mock/hss (leading slash, no trailing slash)'
    ), JSON.stringify(value))
  }
})

t.test('HSS_MOCK_TRUST_PROXY is off by default and reads the usual boolean spellings', async (t) => {
  t.equal(configOf([]).trustProxy, false)
  t.equal(configOf([], { HSS_MOCK_TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(configOf(['--trust-proxy', 'off'], { HSS_MOCK_TRUST_PROXY: 'on' }).trustProxy, false)
  t.throws(() => loadConfig([], { HSS_MOCK_TRUST_PROXY: 'maybe' }), /invalid HSS_MOCK_TRUST_PROXY \(--trust-proxy\) "maybe"/)
})
