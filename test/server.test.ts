// What app.inject cannot show: real sockets, Node's header-size limit, the body limit on the wire, log lines.
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { pino } from 'pino'
import { buildApp } from '../src/app.js'
import { sequentialIds } from '../src/ids.js'
import { IMAGE_INFO_LIST_MAX } from '../src/http/routes/v5/image/batch-scan.schema.js'
import { assertHssError } from './helpers/schema.js'

async function listening (t: Test, logLines?: string[]) {
  const logger = logLines === undefined
    ? false
    : pino({ level: 'info' }, new Writable({ write (chunk, _enc, cb) { logLines.push(...String(chunk).trim().split('\n')); cb() } }))
  const app = await buildApp({ ids: sequentialIds(), logger })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return { app, url }
}

async function post (url: string, headers: Record<string, string>, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  const text = await res.text()
  return { statusCode: res.status, headers: Object.fromEntries(res.headers), json: () => JSON.parse(text) as unknown, text }
}

const all = JSON.stringify({ image_type: 'private_image', operate_all: true })

t.test('a 32768-character X-Auth-Token is accepted on a real socket; 32769 is rejected with HSS.0001', async (t) => {
  const { app, url } = await listening(t)
  const ok = await post(`${url}/v5/p/image/batch-scan`, { 'x-auth-token': 't'.repeat(32768) }, all)
  t.equal(ok.statusCode, 200)
  const tooLong = await post(`${url}/v5/p/image/batch-scan`, { 'x-auth-token': 't'.repeat(32769) }, all)
  assertHssError(t, tooLong, 400, 'HSS.0001', 'X-Auth-Token must NOT have more than 32768 characters')
  t.equal(app.mock.jobs().length, 1)
})

t.test('the largest documented body (10241 maximal entries, about 8 MB) is accepted and recorded whole', async (t) => {
  const { app, url } = await listening(t)
  const entry = {
    namespace: 'n'.repeat(64),
    image_name: 'i'.repeat(128),
    image_version: 'v'.repeat(128),
    instance_id: 'd'.repeat(128),
    instance_url: 'u'.repeat(256)
  }
  const body = JSON.stringify({ image_type: 'instance_image', image_info_list: Array(IMAGE_INFO_LIST_MAX).fill(entry) })
  t.ok(body.length > 7_000_000, `body is ${body.length} bytes`)
  const res = await post(`${url}/v5/p/image/batch-scan`, { 'x-auth-token': 't' }, body)
  t.equal(res.statusCode, 200)
  t.equal(app.mock.jobs()[0]?.images.length, IMAGE_INFO_LIST_MAX)
})

t.test('a body past 12 MB gets 413 APIGW.0201 on a real socket and nothing is recorded', async (t) => {
  const { app, url } = await listening(t)
  const body = JSON.stringify({ image_type: 'private_image', operate_all: true, pad: 'x'.repeat(12 * 1024 * 1024) })
  const res = await post(`${url}/v5/p/image/batch-scan`, { 'x-auth-token': 't' }, body)
  assertHssError(t, res, 413, 'APIGW.0201', 'Request entity too large.')
  t.same(app.mock.jobs(), [])
  const after = await post(`${url}/v5/p/image/batch-scan`, { 'x-auth-token': 't' }, all)
  t.equal(after.statusCode, 200, 'the server keeps serving')
})

t.test('a header block past the 64 KiB limit gets 431 in Huawei\'s error shape', async (t) => {
  const { url } = await listening(t)
  const res = await post(`${url}/v5/p/image/batch-scan`, { 'x-auth-token': 't', 'x-padding': 'p'.repeat(70 * 1024) }, all)
  t.equal(res.statusCode, 431)
  const body = res.json() as Record<string, string>
  t.equal(body.error_code, 'APIGW.0201')
  t.equal(body.request_id, res.headers['x-request-id'])
})

t.test('one log line per request with id, method, URL, status, time and project; no token or signature', async (t) => {
  const lines: string[] = []
  const { url } = await listening(t, lines)
  const token = 'SECRET-TOKEN-VALUE-12345'
  const signature = 'f'.repeat(64)
  await post(`${url}/v5/proj-7/image/batch-scan`, { 'x-auth-token': token }, all)
  // No credentials configured: a well-formed signature with a current X-Sdk-Date passes, so validation answers.
  const sdkDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
  await post(`${url}/v5/proj-7/image/batch-scan`, {
    authorization: `SDK-HMAC-SHA256 Access=AK9, SignedHeaders=host;x-sdk-date, Signature=${signature}`,
    'x-sdk-date': sdkDate
  }, '{"image_type":1}')
  await fetch(`${url}/_mock/health`)
  await flush()
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === 'request')
  t.equal(records.length, 2, 'two request lines; the health probe is logged at debug only')
  t.match(records[0], { reqId: 'req-1', method: 'POST', url: '/v5/proj-7/image/batch-scan', statusCode: 200, projectId: 'proj-7' })
  t.type(records[0]?.responseTime, 'number')
  t.match(records[1], { reqId: 'req-2', statusCode: 400 })
  const log = lines.join('\n')
  t.notOk(log.includes(token), 'token never logged')
  t.notOk(log.includes(signature), 'signature never logged')
})

// pino writes synchronously to a plain stream; this only yields once so the last line is flushed.
async function flush (): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
}
