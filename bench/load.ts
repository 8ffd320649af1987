import autocannon from 'autocannon'
import { readCpuMs, readRssMb, type ProbeRequest, type ServerProcess } from './processes.js'

export interface LoadOptions {
  connections: number
  /** Seconds; ignored when amount is set. */
  duration?: number
  /** Stop after this many requests instead of after a duration. */
  amount?: number
}

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  rssMb: number
  /** Server CPU (user + system) per request, microseconds. */
  cpuUsPerRequest: number
  /** Share of one core used by the server and by the load generator during the run. */
  serverCpu: number
  clientCpu: number
}

/** Loads a server with one request shape and measures both ends; latency percentiles come from every response. */
export async function runLoad (server: ServerProcess, probe: ProbeRequest, opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const serverCpuBefore = readCpuMs(server.pid)
  const clientCpuBefore = process.cpuUsage()
  const started = process.hrtime.bigint()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `http://127.0.0.1:${server.port}${probe.path}`,
      method: 'POST',
      headers: probe.headers,
      body: probe.body,
      connections: opts.connections,
      ...(opts.amount === undefined ? { duration: opts.duration ?? 10 } : { amount: opts.amount })
    }, (err, res) => { if (err !== null && err !== undefined) reject(err); else resolve(res) })
    // autocannon's own histogram keeps whole milliseconds; sub-millisecond latencies need the raw values.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const serverCpuMs = readCpuMs(server.pid) - serverCpuBefore
  const clientCpu = process.cpuUsage(clientCpuBefore)
  const requests = result.requests.total
  latencies.sort((a, b) => a - b)
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rssMb: readRssMb(server.pid),
    cpuUsPerRequest: requests === 0 ? NaN : serverCpuMs * 1000 / requests,
    serverCpu: serverCpuMs / 1000 / seconds,
    clientCpu: (clientCpu.user + clientCpu.system) / 1e6 / seconds
  }
}

export function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

export function median (values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5)
}
