import { connect, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import t, { type Test } from 'tap'
import { buildApp, MAX_HEADER_SIZE, type AppOptions } from '../src/app.js'
import { HssErrorBody } from '../src/http/common.schema.js'
import { batchScanExamples } from '../src/http/routes/v5/image/batch-scan.schema.js'
import { assertMatches } from './helpers/schema.js'

// Real sockets: a stalled client and Node's own timeouts are invisible to inject().

const BODY = JSON.stringify(batchScanExamples.list.value)
const PATH = '/v5/p-1/image/batch-scan'

async function listen (t: Test, opts: AppOptions = {}) {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({
    write (chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>)
      done()
    }
  })
  const app = await buildApp({ logger: pino({ level: 'info' }, sink), ...opts })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { app, port, lines }
}

function open (port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** Everything the server sends until it closes the connection. */
function readUntilClosed (socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', () => {})
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
}

function parseResponse (raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body }
}

function assertCutOff (t: Test, raw: string, status: number) {
  const res = parseResponse(raw)
  t.equal(res.status, status, `answered ${status} before closing`)
  t.equal(res.headers.connection, 'close')
  const body = JSON.parse(res.body) as { error_code: string, request_id: string }
  assertMatches(t, HssErrorBody, body, 'error body')
  t.equal(body.error_code, 'APIGW.0201')
  t.equal(body.request_id, res.headers['x-request-id'], 'request_id equals X-Request-Id')
}

async function postOk (port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': 't' },
    body: BODY
  })
  await res.arrayBuffer()
  return res.status
}

t.test('a client that stops half way through its body is cut off with 408; others are served meanwhile', async (t) => {
  const { app, port, lines } = await listen(t, { config: { headersTimeoutMs: 100, requestTimeoutMs: 200 } })
  const slow = await open(port)
  const closed = readUntilClosed(slow)
  slow.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Auth-Token: t\r\n` +
    `Content-Length: ${BODY.length}\r\n\r\n${BODY.slice(0, 10)}`)
  t.equal(await postOk(port), 200, 'another client is served while the slow one stalls')
  assertCutOff(t, await closed, 408)
  t.equal(await postOk(port), 200, 'and after it was cut off')
  t.equal(app.mock.jobs().length, 2, 'only the two complete requests were recorded')
  t.same(lines.filter((l) => (l.level as number) >= 50), [], 'nothing logged as an error')
})

t.test('a client that never finishes its header block is cut off with 408', async (t) => {
  const { port } = await listen(t, { config: { headersTimeoutMs: 100, requestTimeoutMs: 1000 } })
  const slow = await open(port)
  const closed = readUntilClosed(slow)
  slow.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nX-Auth-To`)
  t.equal(await postOk(port), 200)
  assertCutOff(t, await closed, 408)
})

t.test('an idle keep-alive connection is closed by the server after the keep-alive timeout', async (t) => {
  const { port } = await listen(t, { config: { keepAliveTimeoutMs: 100 } })
  const socket = await open(port)
  const closed = readUntilClosed(socket)
  socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Auth-Token: t\r\n` +
    `Content-Length: ${BODY.length}\r\n\r\n${BODY}`)
  const res = parseResponse(await closed)
  t.equal(res.status, 200, 'the request was answered, then the idle connection closed')
  t.match(res.headers['keep-alive'] ?? '', /timeout=/, 'the client was told how long the connection stays open')
})

t.test('a header block over the limit: 431 in Huawei\'s shape, connection closed', async (t) => {
  const { port } = await listen(t)
  const socket = await open(port)
  const closed = readUntilClosed(socket)
  socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(MAX_HEADER_SIZE)}\r\n\r\n`)
  assertCutOff(t, await closed, 431)
  t.equal(await postOk(port), 200)
})
