// The built `hss-mock` command as users and containers run it: a real process, real signals, real sockets.
import t, { type Test } from 'tap'
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { Agent, request, type IncomingMessage } from 'node:http'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { settings } from '../src/config.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string, files: string[] }
const { version } = pkg

// The command is built into a directory of its own laid out like the published package (package.json and the
// shipped folders linked beside dist/), so a concurrent `npm pack` rebuilding ./dist cannot race these tests.
// It sits under node_modules so its imports resolve to the project's dependencies.
const installed = mkdtempSync(join(root, 'node_modules', '.hss-mock-cli-test-'))
const bin = join(installed, 'dist', 'main.js')
const healthcheck = join(installed, 'dist', 'healthcheck.js')

t.before(() => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(installed, 'dist')], { cwd: root })
  for (const entry of ['package.json', ...pkg.files.filter((f) => f !== 'dist')]) {
    if (existsSync(join(root, entry))) symlinkSync(join(root, entry), join(installed, entry))
  }
})
t.teardown(() => rmSync(installed, { recursive: true, force: true }))

/** The caller's environment without any hss-mock setting, so a CI's own PORT cannot leak in. */
function cleanEnv (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const s of Object.values(settings)) delete env[s.env]
  return { ...env, ...extra }
}

function runCli (args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bin, ...args], { env: cleanEnv(env), encoding: 'utf8', timeout: 30_000 })
}

interface LogLine { level: number, msg: string, [key: string]: unknown }

interface Server {
  child: ChildProcess
  url: string
  logs: LogLine[]
  /** Resolves with the first log line whose message matches. */
  waitForLog (pattern: RegExp): Promise<LogLine>
  exited: Promise<number | null>
}

async function startServer (t: Test, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--log-format', 'json'], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'inherit']
  })
  // 'close' comes after stdout has ended, so every log line has been read by then.
  const exited = once(child, 'close').then(([code]) => code as number | null)
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const logs: LogLine[] = []
  const waiters: Array<{ pattern: RegExp, resolve: (line: LogLine) => void }> = []
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as LogLine
    logs.push(line)
    for (const w of waiters.filter((w) => w.pattern.test(line.msg))) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve(line)
    }
  })
  const waitForLog = (pattern: RegExp) => {
    const seen = logs.find((line) => pattern.test(line.msg))
    if (seen !== undefined) return Promise.resolve(seen)
    return new Promise<LogLine>((resolve, reject) => {
      waiters.push({ pattern, resolve })
      void exited.then((code) => reject(new Error(`hss-mock exited (${code}) before logging ${pattern}`)))
    })
  }
  const listening = await waitForLog(/listening on/)
  return { child, url: listening.url as string, logs, waitForLog, exited }
}

const BODY = JSON.stringify({ image_type: 'private_image', image_info_list: [{ namespace: 'team', image_name: 'nginx', image_version: '1.25' }] })

/**
 * Starts a batch-scan request whose headers the server has provably parsed (it answered `Expect: 100-continue`),
 * with the body held back until `send()`: a request in flight by construction, not by timing.
 */
async function startHeldRequest (url: string, agent: Agent) {
  const req = request(`${url}/v5/p-1/image/batch-scan`, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'x-auth-token': 'test-token', expect: '100-continue', 'content-length': Buffer.byteLength(BODY) }
  })
  const response = new Promise<{ status: number, body: string }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
  req.flushHeaders()
  await once(req, 'continue')
  return { send: () => { req.end(BODY); return response }, abandon: () => req.destroy(), response }
}

t.test('--version prints the package version', async (t) => {
  const res = runCli(['--version'])
  t.equal(res.status, 0)
  t.equal(res.stdout, `${version}\n`)
})

t.test('--help lists every setting and exits 0', async (t) => {
  const res = runCli(['--help'])
  t.equal(res.status, 0)
  t.match(res.stdout, /^Usage: hss-mock \[options\]/)
  for (const s of Object.values(settings)) {
    t.match(res.stdout, `--${s.flag} `)
    t.match(res.stdout, `env ${s.env},`)
  }
  t.equal(res.stderr, '')
})

const invalid: Array<{ name: string, args?: string[], env?: NodeJS.ProcessEnv, names: string }> = [
  { name: 'port out of range', env: { PORT: '65536' }, names: 'PORT (--port) "65536"' },
  { name: 'port given as a flag', args: ['--port', 'eighty'], names: 'PORT (--port) "eighty"' },
  { name: 'unknown LOG_LEVEL', env: { LOG_LEVEL: 'verbose' }, names: 'LOG_LEVEL (--log-level) "verbose": must be one of' },
  { name: 'unknown LOG_FORMAT', env: { LOG_FORMAT: 'yaml' }, names: 'LOG_FORMAT (--log-format) "yaml": must be one of auto, json, pretty' },
  { name: 'shutdown timeout not a number', env: { HSS_MOCK_SHUTDOWN_TIMEOUT_MS: 'soon' }, names: 'HSS_MOCK_SHUTDOWN_TIMEOUT_MS (--shutdown-timeout-ms) "soon"' },
  { name: 'max jobs below 1', env: { HSS_MOCK_MAX_JOBS: '0' }, names: 'HSS_MOCK_MAX_JOBS (--max-jobs) "0"' },
  { name: 'admin switch not a boolean', env: { HSS_MOCK_ADMIN: 'sometimes' }, names: 'HSS_MOCK_ADMIN (--admin) "sometimes"' },
  { name: 'admin prefix not a path', args: ['--admin-prefix', 'mock'], names: 'HSS_MOCK_ADMIN_PREFIX (--admin-prefix) "mock"' },
  { name: 'malformed credential list', env: { HSS_MOCK_CREDENTIALS: 'AK1:SK1,AK2-without-secret' }, names: 'HSS_MOCK_CREDENTIALS (--credentials) ***: must be comma-separated AK:SK pairs' },
  { name: 'missing TLS certificate file', env: { HSS_MOCK_TLS_CERT: '/nonexistent/cert.pem', HSS_MOCK_TLS_KEY: '/nonexistent/key.pem' }, names: 'HSS_MOCK_TLS_CERT' },
  { name: 'missing fixtures file', env: { HSS_MOCK_FIXTURES: '/nonexistent/images.json' }, names: 'HSS_MOCK_FIXTURES (--fixtures): /nonexistent/images.json: cannot read fixtures' },
  { name: 'fixtures file that is not JSON', args: ['--fixtures', join(root, 'README.md')], names: `HSS_MOCK_FIXTURES (--fixtures): ${join(root, 'README.md')}: ` },
  { name: 'unknown flag', args: ['--verbose'], names: "Unknown option '--verbose'" }
]

for (const c of invalid) {
  t.test(`${c.name}: exit 2 with one line naming the setting`, async (t) => {
    const res = runCli(c.args ?? [], c.env)
    t.equal(res.status, 2)
    t.equal(res.stdout, '')
    t.equal(res.stderr.split('\n').length, 2, 'exactly one line')
    t.ok(res.stderr.startsWith('hss-mock: '), res.stderr)
    t.ok(res.stderr.includes(c.names), res.stderr)
  })
}

t.test('serves, logs where everything is (secrets masked), and exits 0 with a final count on SIGTERM', async (t) => {
  const server = await startServer(t, { HSS_MOCK_ADMIN_TOKEN: 'admin-secret-value' })
  const listening = await server.waitForLog(/listening on/)
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(listening.docs, `${server.url}/docs`)
  t.equal(listening.openapi, `${server.url}/openapi.json`)
  t.same(Object.keys(listening.config as object), Object.keys(settings), 'every setting')
  t.match(listening.config, { port: 0, host: '127.0.0.1', logLevel: 'info', logFormat: 'json', shutdownTimeoutMs: 10_000, maxJobs: 10_000, adminToken: '***' })

  const docs = await fetch(`${server.url}/docs`)
  t.equal(docs.status, 200)
  const spec = await fetch(`${server.url}/openapi.json`)
  t.equal((await spec.json() as { openapi: string }).openapi.slice(0, 2), '3.')
  const scan = await fetch(`${server.url}/v5/p-1/image/batch-scan`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': 'secret-token-value' }, body: BODY })
  t.equal(scan.status, 200)

  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
  const last = server.logs.at(-1)!
  t.equal(last.msg, 'stopped; 1 scan jobs recorded')
  t.equal(last.jobs, 1)
  const logged = JSON.stringify(server.logs)
  t.notMatch(logged, 'secret-token-value', 'the request token is never logged')
  t.notMatch(logged, 'admin-secret-value', 'the admin token is never logged')
})

t.test('SIGTERM under 50 concurrent requests in flight: every one answered and recorded, exit 0', async (t) => {
  const server = await startServer(t)
  const agent = new Agent({ keepAlive: true, maxSockets: 50 })
  t.teardown(() => agent.destroy())
  const held = await Promise.all(Array.from({ length: 50 }, () => startHeldRequest(server.url, agent)))

  server.child.kill('SIGTERM')
  await server.waitForLog(/^stopping/)
  const answers = await Promise.all(held.map((h) => h.send()))

  t.same(answers.map((a) => a.status), Array(50).fill(200))
  t.same(answers.map((a) => a.body), Array(50).fill('{}'))
  t.equal(await server.exited, 0)
  const last = server.logs.at(-1)!
  t.equal(last.msg, 'stopped; 50 scan jobs recorded')
  t.equal(last.jobs, 50)
})

t.test('SIGINT stops it the same way', async (t) => {
  const server = await startServer(t)
  server.child.kill('SIGINT')
  t.equal(await server.exited, 0)
  t.equal(server.logs.find((line) => /^stopping/.test(line.msg))?.signal, 'SIGINT')
})

t.test('a second signal exits at once, without waiting for requests in flight', async (t) => {
  const server = await startServer(t, { HSS_MOCK_SHUTDOWN_TIMEOUT_MS: '3600000' })
  const agent = new Agent({ keepAlive: true })
  t.teardown(() => agent.destroy())
  const held = await startHeldRequest(server.url, agent)
  held.response.catch(() => {})

  server.child.kill('SIGTERM')
  await server.waitForLog(/^stopping/)
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 1)
  t.ok(server.logs.some((line) => line.msg === 'second SIGTERM, exiting'))
  held.abandon()
})

t.test('a request that never completes cannot hold shutdown past HSS_MOCK_SHUTDOWN_TIMEOUT_MS', async (t) => {
  const server = await startServer(t, { HSS_MOCK_SHUTDOWN_TIMEOUT_MS: '200' })
  const agent = new Agent({ keepAlive: true })
  t.teardown(() => agent.destroy())
  const held = await startHeldRequest(server.url, agent)
  held.response.catch(() => {})

  server.child.kill('SIGTERM')
  t.equal(await server.exited, 1)
  t.ok(server.logs.some((line) => line.msg === 'killed by timeout (200ms)'))
  held.abandon()
})

t.test('a port already in use: exit 1 with one line saying so', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const port = (blocker.address() as { port: number }).port
  const res = runCli(['--port', String(port), '--log-format', 'json'])
  t.equal(res.status, 1)
  const lines = res.stdout.trim().split('\n').map((line) => JSON.parse(line) as LogLine)
  t.equal(lines.length, 1)
  t.equal(lines[0]!.level, 60)
  t.match(lines[0]!.msg, `cannot listen on 127.0.0.1:${port}: `)
  t.match(lines[0]!.msg, /EADDRINUSE/)
})

t.test('LOG_FORMAT=pretty prints human-readable lines instead of JSON', async (t) => {
  const child = spawn(process.execPath, [bin, '--port', '0'], { env: cleanEnv({ LOG_FORMAT: 'pretty' }), stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let out = ''
  child.stdout.setEncoding('utf8')
  await new Promise<void>((resolve) => child.stdout.on('data', (chunk: string) => {
    out += chunk
    if (/listening on http:\/\/\S+\n/.test(out)) resolve()
  }))
  child.kill('SIGTERM')
  const [code] = await once(child, 'exit') as [number | null]
  t.equal(code, 0)
  t.match(out, /INFO.*hss-mock \d+\.\d+\.\d+ listening on http:\/\/127\.0\.0\.1:\d+/)
  t.throws(() => JSON.parse(out.split('\n')[0]!), 'not JSON')
})

function runHealthcheck (env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [healthcheck], { env: cleanEnv(env), encoding: 'utf8', timeout: 30_000 })
}

t.test('the container health check probes where the server listens, from the same environment', async (t) => {
  const server = await startServer(t, { HSS_MOCK_ADMIN_PREFIX: '/ops', HSS_MOCK_ADMIN_TOKEN: 'admin-secret' })
  const port = new URL(server.url).port
  t.equal(runHealthcheck({ PORT: port, HSS_MOCK_ADMIN_PREFIX: '/ops' }).status, 0, 'healthy under its prefix, without the admin token')
  t.equal(runHealthcheck({ PORT: port }).status, 1, 'the default prefix is not served here')
  t.equal(runHealthcheck({ PORT: port, HSS_MOCK_ADMIN: 'false' }).status, 0, 'without control routes any answer counts')
  t.equal(runHealthcheck({ PORT: port, HSS_MOCK_ADMIN_PREFIX: 'broken' }).status, 1, 'an invalid setting is unhealthy')
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
  t.equal(runHealthcheck({ PORT: port, HSS_MOCK_ADMIN_PREFIX: '/ops' }).status, 1, 'unhealthy once stopped')
})

t.test('the health check follows the server to HTTPS', async (t) => {
  const server = await startServer(t, { HSS_MOCK_TLS: 'self-signed' })
  t.match(server.url, /^https:\/\//)
  const port = new URL(server.url).port
  t.equal(runHealthcheck({ PORT: port, HSS_MOCK_TLS: 'self-signed' }).status, 0, 'healthy over HTTPS')
  t.equal(runHealthcheck({ PORT: port }).status, 1, 'plain HTTP gets no health answer from an HTTPS server')
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
})
