import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { openSync, closeSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { performance } from 'node:perf_hooks'

export interface ServerProcess {
  pid: number
  port: number
  child: ChildProcess
  stop (): Promise<void>
}

export interface ServerSpec {
  name: string
  /** node arguments: the script and its flags */
  args: string[]
  env?: Record<string, string>
  /** Where the server's stdout goes (its log); /dev/null when omitted. */
  logFile?: string
}

export interface ProbeRequest {
  path: string
  headers: Record<string, string>
  body: string
}

const hasTaskset = spawnSync('taskset', ['--version']).status === 0
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** Pins a running process to one core, so the load generator and the server never share one. */
export function pinProcess (pid: number, cpu: number): boolean {
  if (!hasTaskset) return false
  return spawnSync('taskset', ['-cp', String(cpu), String(pid)]).status === 0
}

export function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Starts a server on its own core; resolves once the process exists (not once it answers). */
export async function spawnServer (spec: ServerSpec, cpu: number): Promise<ServerProcess> {
  const port = await freePort()
  const out = spec.logFile === undefined ? 'ignore' : openSync(spec.logFile, 'w')
  const [command, args] = hasTaskset
    ? ['taskset', ['-c', String(cpu), process.execPath, ...spec.args]]
    : [process.execPath, spec.args]
  // taskset execs node, so the child's pid is the server's pid.
  const child = spawn(command, args, {
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, 'inherit']
  })
  if (typeof out === 'number') closeSync(out)
  if (child.pid === undefined) throw new Error(`${spec.name} did not start`)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    pid: child.pid,
    port,
    child,
    async stop () {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}

/** Resident set size of a process, in MB. */
export function readRssMb (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}

/** User + system CPU time a process has used so far, in milliseconds. */
export function readCpuMs (pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks * 1000 / clockTicks
}

export function send (port: number, probe: ProbeRequest): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: probe.path,
      method: 'POST',
      agent: false,
      headers: { ...probe.headers, 'content-length': Buffer.byteLength(probe.body) }
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(probe.body)
  })
}

export function getJson (port: number, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
      res.on('error', reject)
    }).on('error', reject).end()
  })
}

/** Milliseconds from spawning the process to its first 200 for the probe request. */
export async function measureColdStart (spec: ServerSpec, cpu: number, probe: ProbeRequest): Promise<number> {
  const started = performance.now()
  const server = await spawnServer(spec, cpu)
  try {
    await waitForOk(server, probe)
    return performance.now() - started
  } finally {
    await server.stop()
  }
}

export async function waitForOk (server: ServerProcess, probe: ProbeRequest, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}`)
    try {
      const res = await send(server.port, probe)
      if (res.status === 200) return
      throw new Error(`probe answered ${res.status}: ${res.body.slice(0, 200)}`)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw err
    }
    if (performance.now() > deadline) throw new Error('server did not answer in time')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
