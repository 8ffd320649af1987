import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

/**
 * A loopback reverse proxy in the usual shape: it rewrites Host to the upstream and says where the
 * client was in X-Forwarded-Host/-Proto. Records what it forwarded, so a test can tell that a
 * request went through it. Closed when the test ends.
 */
export async function startProxy (t: Test, upstream: string): Promise<{ origin: string, forwarded: string[] }> {
  const target = new URL(upstream)
  const forwarded: string[] = []
  const server = createServer((req, res) => {
    forwarded.push(`${req.method} ${req.url}`)
    const headers = { ...req.headers, host: target.host, 'x-forwarded-host': req.headers.host, 'x-forwarded-proto': 'http' }
    const toUpstream = request(new URL(req.url ?? '/', target), { method: req.method, headers }, (fromUpstream) => {
      res.writeHead(fromUpstream.statusCode ?? 502, fromUpstream.headers)
      fromUpstream.pipe(res)
    })
    toUpstream.on('error', () => res.destroy())
    req.pipe(toUpstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forwarded }
}
