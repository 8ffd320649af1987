import { parseArgs } from 'node:util'
import { Type, type Static, type TSchema } from 'typebox'
import { Value } from 'typebox/value'

/**
 * Every setting, once: its environment variable, CLI flag, type, default and description.
 * `--help`, the README's configuration table and the parser are all generated from this list.
 */
interface Setting<S extends TSchema = TSchema> {
  env: string
  flag: string
  schema: S
  default: Static<S>
  description: string
  /** Masked wherever the effective configuration is printed. */
  secret?: boolean
  /** Said instead of the schema's own message when a value is refused. */
  problem?: string
}

function setting<S extends TSchema> (s: Setting<S>): Setting<S> {
  return s
}

const LogLevel = Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

export const settings = {
  port: setting({
    env: 'PORT',
    flag: 'port',
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    default: 8080,
    description: 'TCP port to listen on (0 picks a free port).'
  }),
  host: setting({
    env: 'HOST',
    flag: 'host',
    schema: Type.String({ minLength: 1 }),
    default: '127.0.0.1',
    description: 'Address to listen on; 0.0.0.0 to accept connections from other hosts (the container does).'
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    flag: 'log-level',
    schema: LogLevel,
    default: 'info',
    description: 'Log level: fatal, error, warn, info, debug, trace or silent.'
  }),
  logFormat: setting({
    env: 'LOG_FORMAT',
    flag: 'log-format',
    schema: Type.Enum(['auto', 'json', 'pretty']),
    default: 'auto',
    description: 'Log format: json (one pino object per line), pretty (human-readable), or auto: pretty when stdout is a terminal, else json.'
  }),
  shutdownTimeoutMs: setting({
    env: 'HSS_MOCK_SHUTDOWN_TIMEOUT_MS',
    flag: 'shutdown-timeout-ms',
    schema: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
    default: 10_000,
    description: 'On SIGTERM or SIGINT, time allowed to finish requests in flight before exiting with code 1; a second signal exits at once.'
  }),
  maxJobs: setting({
    env: 'HSS_MOCK_MAX_JOBS',
    flag: 'max-jobs',
    schema: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    default: 10_000,
    description: 'Scan jobs kept in memory; beyond it the oldest are evicted (and counted), so a long run cannot exhaust memory.'
  }),
  admin: setting({
    env: 'HSS_MOCK_ADMIN',
    flag: 'admin',
    schema: Type.Boolean(),
    default: true,
    description: 'Serve the control routes (health, jobs, reset, faults, …); off removes them all.'
  }),
  adminPrefix: setting({
    env: 'HSS_MOCK_ADMIN_PREFIX',
    flag: 'admin-prefix',
    schema: Type.String({ pattern: '^/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$' }),
    default: '/_mock',
    description: 'Path prefix of the control routes.'
  }),
  adminToken: setting({
    env: 'HSS_MOCK_ADMIN_TOKEN',
    flag: 'admin-token',
    schema: Type.String(),
    default: '',
    description: 'When set, the control routes (all but health) need Authorization: Bearer <token>.',
    secret: true
  }),
  auth: setting({
    env: 'HSS_MOCK_AUTH',
    flag: 'auth',
    schema: Type.Enum(['on', 'off']),
    default: 'on',
    description: 'on: every emulated Huawei route needs an X-Auth-Token or an AK/SK signature, as at the real gateway; off: no authentication at all.'
  }),
  credentials: setting({
    env: 'HSS_MOCK_CREDENTIALS',
    flag: 'credentials',
    schema: Type.Array(Type.String({ pattern: '^[^:,\\s]+:\\S+$' })),
    default: [],
    problem: 'must be comma-separated AK:SK pairs',
    secret: true,
    description: 'AK:SK pairs, comma-separated. Set: AK/SK signatures are verified exactly against them. Unset: any well-formed signature passes.'
  }),
  tokens: setting({
    env: 'HSS_MOCK_TOKENS',
    flag: 'tokens',
    schema: Type.Array(Type.String({ minLength: 1, maxLength: 32768 })),
    default: [],
    secret: true,
    description: 'X-Auth-Token values that pass, comma-separated. Unset: any token passes.'
  }),
  projectIds: setting({
    env: 'HSS_MOCK_PROJECT_IDS',
    flag: 'project-ids',
    schema: Type.Array(Type.String({ pattern: '^[^=,\\s]+=[A-Za-z0-9_-]{1,64}$' })),
    default: [],
    problem: 'must be comma-separated region=project_id pairs (project ids of letters, digits, _ and -, at most 64)',
    description: 'Project ids the emulated IAM (GET /v3/projects?name=<region>) returns, as region=project_id pairs. ' +
      'Other regions get a stable id derived from the region name.'
  }),
  tls: setting({
    env: 'HSS_MOCK_TLS',
    flag: 'tls',
    schema: Type.Enum(['off', 'self-signed']),
    default: 'off',
    description: 'self-signed: serve HTTPS on the same port with a certificate for localhost, 127.0.0.1 and ::1 generated at start-up.'
  }),
  tlsCert: setting({
    env: 'HSS_MOCK_TLS_CERT',
    flag: 'tls-cert',
    schema: Type.String(),
    default: '',
    description: 'PEM certificate file: serve HTTPS on the same port (needs HSS_MOCK_TLS_KEY).'
  }),
  tlsKey: setting({
    env: 'HSS_MOCK_TLS_KEY',
    flag: 'tls-key',
    schema: Type.String(),
    default: '',
    description: 'PEM private key file of HSS_MOCK_TLS_CERT.'
  }),
  fixtures: setting({
    env: 'HSS_MOCK_FIXTURES',
    flag: 'fixtures',
    schema: Type.String(),
    default: '',
    description: 'Image repository fixture file, or folder of *.json files, loaded at start-up; empty: the bundled fixtures/ folder. A bad file stops the mock with exit code 2.'
  }),
  scanDurationMs: setting({
    env: 'HSS_MOCK_SCAN_DURATION_MS',
    flag: 'scan-duration-ms',
    schema: Type.Integer({ minimum: 0, maximum: 86_400_000 }),
    default: 2000,
    description: 'How long a scan takes, in milliseconds (0: scans finish at once).'
  }),
  relaxTimeLimits: setting({
    env: 'HSS_MOCK_RELAX_TIME_LIMITS',
    flag: 'relax-time-limits',
    schema: Type.Boolean(),
    default: false,
    description: 'Accept any non-negative safe integer in image_size and the *_latest_update_time / *_latest_scan_time filters instead of the documented maximum 2147483547, which every epoch-millisecond timestamp after 25 January 1970 exceeds.'
  }),
  unknownImages: setting({
    env: 'HSS_MOCK_UNKNOWN_IMAGES',
    flag: 'unknown-images',
    schema: Type.Enum(['accept', 'reject']),
    default: 'accept',
    description: 'A batch-scan list entry that matches no image: accept (recorded on the job as not_found) or reject (400 HSS.0011 naming it, nothing recorded).'
  }),
  clockMode: setting({
    env: 'HSS_MOCK_CLOCK',
    flag: 'clock',
    schema: Type.Enum(['system', 'manual']),
    default: 'system',
    description: 'system: real time. manual: time starts at 2026-01-01T00:00:00Z and moves only through POST /_mock/clock/advance, for deterministic runs over HTTP.'
  }),
  basePath: setting({
    env: 'HSS_MOCK_BASE_PATH',
    flag: 'base-path',
    schema: Type.String({ pattern: '^(/[A-Za-z0-9._~-]+)*$' }),
    default: '',
    problem: 'must be empty or a path such as /hss or /mock/hss (leading slash, no trailing slash)',
    description: 'Path prefix the mock serves everything under (API, /_mock, /docs, /openapi.*), e.g. /hss; ' +
      'a reverse proxy in front forwards the path unchanged. Empty serves at the root.'
  }),
  trustProxy: setting({
    env: 'HSS_MOCK_TRUST_PROXY',
    flag: 'trust-proxy',
    schema: Type.Boolean(),
    default: false,
    description: 'Trust X-Forwarded-Proto and X-Forwarded-Host: the OpenAPI document\'s server is then the absolute URL ' +
      'the client used, not a relative one. Turn on only behind a proxy that sets them.'
  }),
  headersTimeoutMs: setting({
    env: 'HSS_MOCK_HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout-ms',
    schema: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
    default: 10_000,
    description: 'A request\'s header block must arrive within this many milliseconds of its first byte, else 408 and the connection is closed.'
  }),
  requestTimeoutMs: setting({
    env: 'HSS_MOCK_REQUEST_TIMEOUT_MS',
    flag: 'request-timeout-ms',
    schema: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
    default: 30_000,
    description: 'A whole request, body included, must arrive within this many milliseconds, else 408 and the connection is closed.'
  }),
  keepAliveTimeoutMs: setting({
    env: 'HSS_MOCK_KEEP_ALIVE_TIMEOUT_MS',
    flag: 'keep-alive-timeout-ms',
    schema: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
    default: 72_000,
    description: 'An idle keep-alive connection is closed after this many milliseconds without a new request.'
  }),
  connectionTimeoutMs: setting({
    env: 'HSS_MOCK_CONNECTION_TIMEOUT_MS',
    flag: 'connection-timeout-ms',
    schema: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
    default: 120_000,
    description: 'A connection on which nothing moves, in either direction, for this many milliseconds is closed.'
  })
}

export type SettingKey = keyof typeof settings
export type Config = { [K in SettingKey]: Static<(typeof settings)[K]['schema']> }

export const defaultConfig: Config = Object.fromEntries(
  Object.entries(settings).map(([key, s]) => [key, s.default])
) as Config

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export type CliResult =
  | { kind: 'run', config: Config }
  | { kind: 'help' }
  | { kind: 'version' }

/** Reads the configuration from CLI flags (first), then the environment, then defaults. */
export function loadConfig (argv: string[], env: NodeJS.ProcessEnv): CliResult {
  const options: Record<string, { type: 'string' | 'boolean', short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' }
  }
  for (const s of Object.values(settings)) options[s.flag] = { type: 'string' }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
  } catch (err) {
    throw new ConfigError((err as Error).message.split('\n')[0])
  }
  if (parsed.values.help === true) return { kind: 'help' }
  if (parsed.values.version === true) return { kind: 'version' }

  const config: Record<string, unknown> = {}
  for (const [key, s] of Object.entries(settings) as Array<[SettingKey, Setting]>) {
    const fromFlag = parsed.values[s.flag]
    const raw = typeof fromFlag === 'string' ? fromFlag : env[s.env]
    config[key] = raw === undefined || (raw === '' && fromFlag === undefined)
      ? s.default
      : parseSetting(s, raw)
  }
  return { kind: 'run', config: config as Config }
}

/** Defaults plus the given values, each checked against its setting's schema (for in-process use). */
export function resolveConfig (given: Partial<Config> = {}): Config {
  const config: Record<string, unknown> = { ...defaultConfig }
  for (const [key, value] of Object.entries(given)) {
    const s = (settings as Record<string, Setting>)[key]
    if (s === undefined) throw new ConfigError(`unknown setting ${JSON.stringify(key)}`)
    if (value === undefined) continue
    if (!Value.Check(s.schema, value)) {
      const [first] = Value.Errors(s.schema, value)
      throw new ConfigError(`invalid ${key} (${s.env}): ${s.problem ?? describeProblem(s.schema, first?.message)}`)
    }
    config[key] = value
  }
  return config as Config
}

function parseSetting (s: Setting, raw: string): unknown {
  const value = convert(s.schema, raw.trim())
  if (Value.Check(s.schema, value)) return value
  const [first] = Value.Errors(s.schema, value)
  const shown = s.secret === true ? '***' : JSON.stringify(raw)
  throw new ConfigError(`invalid ${s.env} (--${s.flag}) ${shown}: ${s.problem ?? describeProblem(s.schema, first?.message)}`)
}

function convert (schema: TSchema, raw: string): unknown {
  const type = (schema as { type?: string }).type
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
  if (type === 'boolean') return parseBoolean(raw)
  if (type === 'array') return raw.split(',').map((item) => item.trim()).filter((item) => item !== '')
  return raw
}

function parseBoolean (raw: string): boolean | string {
  const lower = raw.toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true
  if (['0', 'false', 'no', 'off'].includes(lower)) return false
  return raw
}

function describeProblem (schema: TSchema, message = 'invalid value'): string {
  const allowed = (schema as { enum?: unknown[] }).enum
  if (allowed !== undefined) return `must be one of ${allowed.join(', ')}`
  const type = (schema as { type?: string }).type
  if (type === 'boolean') return 'must be true or false (also 1/0, yes/no, on/off)'
  return message
}

function typeLabel (schema: TSchema): string {
  const allowed = (schema as { enum?: unknown[] }).enum
  if (allowed !== undefined) return allowed.join('|')
  const type = (schema as { type?: string }).type
  if (type === 'array') return 'list'
  return type ?? 'string'
}

function defaultLabel (s: Setting): string {
  if (Array.isArray(s.default)) return s.default.length === 0 ? '(none)' : s.default.join(',')
  if (s.default === '' || s.default === undefined) return '(none)'
  return String(s.default)
}

export function helpText (): string {
  const lines = [
    'Usage: hss-mock [options]',
    '',
    'Mock server for Huawei Cloud HSS (BatchScanSwrImage and friends).',
    'Every option can also be set by the environment variable shown; a flag wins over the variable.',
    '',
    'Options:'
  ]
  for (const s of Object.values(settings) as Setting[]) {
    lines.push(`  --${s.flag} <${typeLabel(s.schema)}>  (env ${s.env}, default ${defaultLabel(s)})`)
    lines.push(`      ${s.description}`)
  }
  lines.push('  -h, --help     print this help and exit')
  lines.push('  -v, --version  print the version and exit')
  return lines.join('\n') + '\n'
}

/** The README's configuration table; `npm run docs` writes it, a test fails when they drift. */
export function configTableMarkdown (): string {
  const rows = ['| Variable | Flag | Type | Default | Meaning |', '|---|---|---|---|---|']
  for (const s of Object.values(settings) as Setting[]) {
    const cells = [`\`${s.env}\``, `\`--${s.flag}\``, typeLabel(s.schema), `\`${defaultLabel(s)}\``, s.description]
    rows.push(`| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`)
  }
  return rows.join('\n')
}

/** The effective configuration with secrets masked, for the start-up log line. */
export function describeConfig (config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, s] of Object.entries(settings) as Array<[SettingKey, Setting]>) {
    const value = config[key]
    out[key] = s.secret === true && value !== s.default ? maskSecret(value) : value
  }
  return out
}

function maskSecret (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(() => '***')
  return value === '' ? '' : '***'
}
