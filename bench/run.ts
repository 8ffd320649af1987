// `npm run bench`: hss-mock against the floor (a bare Fastify route), each in its own process on
// its own core, loaded from another core. Prints a table and writes bench/results/<date>.md.
import { execFileSync, execSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { batchScanExamples } from '../src/http/routes/v5/image/batch-scan.schema.js'
import { median, percentile, runLoad, type LoadResult } from './load.js'
import {
  getJson, measureColdStart, pinProcess, readRssMb, send, spawnServer, waitForOk,
  type ProbeRequest, type ServerSpec
} from './processes.js'

interface Options {
  quick: boolean
  duration: number
  warmup: number
  connections: number
  coldRuns: number
  jobs: number
  plateau: number
  maxRuns: number
  images: number
  serverCpu: number
  clientCpu: number
}

// Each option: flag, environment variable, default, quick-mode value.
const optionTable: Record<Exclude<keyof Options, 'quick'>, [string, number, number]> = {
  duration: ['BENCH_DURATION', 10, 2],
  warmup: ['BENCH_WARMUP', 3, 1],
  connections: ['BENCH_CONNECTIONS', 50, 50],
  coldRuns: ['BENCH_COLD_RUNS', 5, 3],
  jobs: ['BENCH_JOBS', 100_000, 20_000],
  plateau: ['BENCH_PLATEAU', 500_000, 50_000],
  maxRuns: ['BENCH_MAX_RUNS', 20, 5],
  images: ['BENCH_IMAGES', 100_000, 20_000],
  serverCpu: ['BENCH_SERVER_CPU', 1, 1],
  clientCpu: ['BENCH_CLIENT_CPU', 0, 0]
}

function readOptions (): Options {
  const flags = Object.fromEntries(Object.keys(optionTable).map((k) => [flagOf(k), { type: 'string' as const }]))
  const { values } = parseArgs({ options: { ...flags, quick: { type: 'boolean' } }, strict: true })
  const quick = values.quick === true || process.env.BENCH_QUICK === '1'
  const out = { quick } as Options
  for (const [key, [env, full, short]] of Object.entries(optionTable) as Array<[Exclude<keyof Options, 'quick'>, [string, number, number]]>) {
    const raw = (values as Record<string, string | undefined>)[flagOf(key)] ?? process.env[env]
    const value = raw === undefined ? (quick ? short : full) : Number(raw)
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${flagOf(key)} / ${env} must be a number, got ${raw}`)
    out[key] = value
  }
  return out
}

function flagOf (key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

const PROJECT = 'bench-project'
const headers = { 'content-type': 'application/json', 'x-auth-token': 'bench-token' }
const listProbe: ProbeRequest = {
  path: `/v5/${PROJECT}/image/batch-scan`,
  headers,
  body: JSON.stringify(batchScanExamples.list.value)
}

/** 10241 entries, every field at its maximum length: the largest request the API accepts. */
function maximalProbe (): ProbeRequest {
  const entry = (i: number) => {
    const tag = String(i).padStart(5, '0')
    return {
      namespace: `n${tag}`.padEnd(64, 'n'),
      image_name: `i${tag}`.padEnd(128, 'i'),
      image_version: `v${tag}`.padEnd(128, 'v'),
      instance_id: `d${tag}`.padEnd(128, 'd'),
      instance_url: `u${tag}`.padEnd(256, 'u')
    }
  }
  const body = { image_type: 'instance_image', image_info_list: Array.from({ length: 10241 }, (_, i) => entry(i)) }
  return { ...listProbe, body: JSON.stringify(body) }
}

// V8 grows the young generation to 3 × 16 MB under a high allocation rate; capping it trades a few
// more scavenges for ~20 MB less resident memory. Measured as an option a deployment can choose.
const SMALL_YOUNG_GENERATION = '--max-semi-space-size=4'

const root = new URL('..', import.meta.url).pathname
const floor: ServerSpec = { name: 'floor', args: [join(root, 'bench/floor-server.mjs')] }
function hssMock (env: Record<string, string> = {}, logFile?: string): ServerSpec {
  return { name: 'hss-mock', args: [join(root, 'dist/main.js')], env, ...(logFile === undefined ? {} : { logFile }) }
}

function log (line: string): void {
  process.stderr.write(`${line}\n`)
}

async function loadServer (spec: ServerSpec, o: Options): Promise<{ idleRssMb: number, result: LoadResult }> {
  const server = await spawnServer(spec, o.serverCpu)
  try {
    await waitForOk(server, listProbe)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const idleRssMb = readRssMb(server.pid)
    if (o.warmup > 0) await runLoad(server, listProbe, { connections: o.connections, duration: o.warmup })
    const result = await runLoad(server, listProbe, { connections: o.connections, duration: o.duration })
    return { idleRssMb, result }
  } finally {
    await server.stop()
  }
}

async function coldStarts (spec: ServerSpec, o: Options): Promise<number[]> {
  const runs: number[] = []
  for (let i = 0; i < o.coldRuns; i++) runs.push(await measureColdStart(spec, o.serverCpu, listProbe))
  return runs
}

async function rssWithJobs (o: Options, nodeOptions = ''): Promise<{ rssMb: number, jobs: number }> {
  const env = { HSS_MOCK_MAX_JOBS: String(o.jobs * 2), LOG_LEVEL: 'silent', NODE_OPTIONS: nodeOptions }
  const server = await spawnServer(hssMock(env), o.serverCpu)
  try {
    await waitForOk(server, listProbe)
    await runLoad(server, listProbe, { connections: o.connections, amount: o.jobs - 1 })
    const health = await getJson(server.port, '/_mock/health') as { jobs: number }
    return { rssMb: readRssMb(server.pid), jobs: health.jobs }
  } finally {
    await server.stop()
  }
}

async function rssPlateau (o: Options): Promise<Array<{ requests: number, rssMb: number }>> {
  const server = await spawnServer(hssMock({ LOG_LEVEL: 'silent' }), o.serverCpu)
  const samples: Array<{ requests: number, rssMb: number }> = []
  try {
    await waitForOk(server, listProbe)
    const step = Math.ceil(o.plateau / 5)
    let done = 1
    while (done < o.plateau) {
      const amount = Math.min(step, o.plateau - done)
      const r = await runLoad(server, listProbe, { connections: o.connections, amount })
      done += r.requests
      samples.push({ requests: done, rssMb: readRssMb(server.pid) })
    }
    return samples
  } finally {
    await server.stop()
  }
}

async function maximalLatency (spec: ServerSpec, o: Options): Promise<{ p50: number, max: number, status: number, bytes: number }> {
  const probe = maximalProbe()
  const server = await spawnServer(spec, o.serverCpu)
  try {
    await waitForOk(server, listProbe)
    const times: number[] = []
    let status = 0
    for (let i = 0; i < o.maxRuns + 1; i++) {
      const started = performance.now()
      const res = await send(server.port, probe)
      // The first one compiles and warms the path; it is not counted.
      if (i > 0) times.push(performance.now() - started)
      status = res.status
    }
    times.sort((a, b) => a - b)
    return { p50: percentile(times, 0.5), max: times[times.length - 1]!, status, bytes: Buffer.byteLength(probe.body) }
  } finally {
    await server.stop()
  }
}

/** operate_all over a large repository: bench/repository.ts, in its own process on the server's core. */
function repositoryReport (o: Options): string {
  const args = ['-c', String(o.serverCpu), process.execPath, '--import', 'tsx', join(root, 'bench/repository.ts'), String(o.images)]
  return execFileSync('taskset', args, { cwd: root, encoding: 'utf8' }).trim()
}

const fmt = (n: number, digits = 1) => Number.isFinite(n) ? n.toFixed(digits) : 'n/a'
const ratio = (a: number, b: number) => fmt(a / b, 2)

function loadTable (f: LoadResult, h: LoadResult, cold: { floor: number, hss: number }, idle: { floor: number, hss: number }): string[] {
  const row = (name: string, r: LoadResult, c: number, i: number) =>
    `| ${name} | ${fmt(r.rps, 0)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.errors} | ${r.non2xx} | ${fmt(i)} | ${fmt(r.rssMb)} | ${fmt(r.cpuUsPerRequest, 1)} | ${fmt(c, 0)} | ${fmt(r.serverCpu * 100, 0)}% / ${fmt(r.clientCpu * 100, 0)}% |`
  return [
    '| server | req/s | p50 ms | p99 ms | errors | non-2xx | idle RSS MB | RSS after MB | CPU µs/req | cold start ms | CPU server / load gen |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('floor', f, cold.floor, idle.floor),
    row('hss-mock', h, cold.hss, idle.hss),
    `| **hss-mock / floor** | **${ratio(h.rps, f.rps)}×** (≥ 0.8) | ${ratio(h.p50, f.p50)}× | **${ratio(h.p99, f.p99)}×** (≤ 1.5) | | | | | **${ratio(h.cpuUsPerRequest, f.cpuUsPerRequest)}×** (≤ 1.3) | **${ratio(cold.hss, cold.floor)}×** (≤ 1.5) | |`
  ]
}

function describeMachine (o: Options): string[] {
  const commit = execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim()
  const dirty = execSync('git status --porcelain --untracked-files=no -- src bench', { cwd: root, encoding: 'utf8' }).trim() === '' ? '' : ' (uncommitted changes)'
  return [
    `- date: ${new Date().toISOString()}, commit ${commit}${dirty}`,
    `- node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the run ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `- servers pinned to CPU ${o.serverCpu}, load generator (autocannon, in-process) to CPU ${o.clientCpu}`,
    `- load: documented list-mode example, ${o.connections} connections, ${o.warmup} s warm-up then ${o.duration} s measured`,
    '- hss-mock: built dist/main.js with default settings (log level info; its log goes to a file, one line per request)'
  ]
}

async function main (): Promise<void> {
  const o = readOptions()
  if (!pinProcess(process.pid, o.clientCpu)) log('taskset unavailable: load generator and servers are not pinned')
  log('building dist/ …')
  execSync('npm run build --silent', { cwd: root, stdio: 'inherit' })

  log(`cold starts (${o.coldRuns} each) …`)
  const coldFloor = await coldStarts(floor, o)
  const coldHss = await coldStarts(hssMock({ LOG_LEVEL: 'silent' }), o)

  const logDir = join(tmpdir(), `hss-mock-bench-${process.pid}`)
  mkdirSync(logDir, { recursive: true })
  const logFile = join(logDir, 'hss-mock.log')
  log(`load: floor, ${o.duration} s …`)
  const f = await loadServer(floor, o)
  log(`load: hss-mock, ${o.duration} s …`)
  const h = await loadServer(hssMock({}, logFile), o)
  const logLines = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"msg":"request"')).length
  rmSync(logDir, { recursive: true, force: true })

  log(`RSS with ${o.jobs} jobs …`)
  const withJobs = await rssWithJobs(o)
  const withJobsSmallYoung = await rssWithJobs(o, SMALL_YOUNG_GENERATION)
  log(`RSS plateau over ${o.plateau} requests …`)
  const plateau = await rssPlateau(o)
  log('maximal request …')
  const maxFloor = await maximalLatency(floor, o)
  const maxHss = await maximalLatency(hssMock({ LOG_LEVEL: 'silent' }), o)

  log(`operate_all over ${o.images} images …`)
  const repository = repositoryReport(o)

  const cold = { floor: median(coldFloor), hss: median(coldHss) }
  const expectedLines = o.warmup > 0 ? 'warm-up + measured requests + 1 probe' : 'measured requests + 1 probe'
  const lines = [
    '# hss-mock benchmark',
    '',
    ...describeMachine(o),
    '',
    '## Throughput and latency against the floor',
    '',
    ...loadTable(f.result, h.result, cold, { floor: f.idleRssMb, hss: h.idleRssMb }),
    '',
    `Cold start = spawn → first 200 for the list-mode request, median of ${o.coldRuns} (floor: ${coldFloor.map((c) => fmt(c, 0)).join(', ')} ms; hss-mock: ${coldHss.map((c) => fmt(c, 0)).join(', ')} ms).`,
    `CPU = user + system time of the server process (/proc/<pid>/stat) during the measured run, divided by the requests answered. hss-mock wrote ${logLines} request log lines (${expectedLines}).`,
    '',
    '## Memory',
    '',
    '| measure | value | target |',
    '|---|---:|---:|',
    `| idle RSS (started, one request) | ${fmt(h.idleRssMb)} MB | ≤ 80 MB |`,
    `| RSS with ${withJobs.jobs} recorded jobs (HSS_MOCK_MAX_JOBS=${o.jobs * 2}) | ${fmt(withJobs.rssMb)} MB | ≤ 150 MB |`,
    `| the same with NODE_OPTIONS=${SMALL_YOUNG_GENERATION} | ${fmt(withJobsSmallYoung.rssMb)} MB | ≤ 150 MB |`,
    ...plateau.map((s) => `| RSS after ${s.requests} requests, default cap (10000 jobs) | ${fmt(s.rssMb)} MB | plateau |`),
    '',
    '## Maximal request',
    '',
    `10241 entries, every field at its maximum length (${fmt(maxHss.bytes / 1024 / 1024, 2)} MB of JSON), sent one at a time, ${o.maxRuns} times after one warm-up.`,
    '',
    '| server | status | median ms | max ms |',
    '|---|---:|---:|---:|',
    `| floor | ${maxFloor.status} | ${fmt(maxFloor.p50)} | ${fmt(maxFloor.max)} |`,
    `| hss-mock | ${maxHss.status} | ${fmt(maxHss.p50)} | ${fmt(maxHss.max)} |`,
    '',
    `## operate_all over ${o.images} images`,
    '',
    'In-process (`app.inject`), from `npm run bench:repository`:',
    '',
    '```',
    repository,
    '```',
    ''
  ]
  const report = lines.join('\n')
  process.stdout.write(report)
  const resultsDir = join(root, 'bench/results')
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${new Date().toISOString().slice(0, 10)}${o.quick ? '-quick' : ''}.md`)
  writeFileSync(file, report)
  log(`written to ${file}`)
}

await main()
