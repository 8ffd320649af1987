import { readFileSync } from 'node:fs'
import t from 'tap'
import { absoluteServerUrl } from '../../src/http/openapi.js'
import { build } from '../helpers/build.js'

const committedJson = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')
const committedYaml = readFileSync(new URL('../../openapi/openapi.yaml', import.meta.url), 'utf8')
const committed = JSON.parse(committedJson) as { servers: unknown[] }

const DOCUMENT_URLS = ['/openapi.json', '/docs/json']

t.test('the served document is the committed one, as JSON and as YAML', async (t) => {
  const { app } = await build(t)
  for (const url of DOCUMENT_URLS) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.same(res.json(), committed, url)
  }
  const yaml = await app.inject({ url: '/openapi.yaml' })
  t.equal(yaml.statusCode, 200)
  t.match(yaml.headers['content-type'], /^application\/yaml/)
  t.equal(yaml.body, committedYaml)
})

t.test('/docs is Swagger UI titled "HSS mock", from the installed package, and opens BatchScanSwrImage', async (t) => {
  const { app } = await build(t)
  const page = await app.inject({ url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.body, '<title>HSS mock</title>')
  const scripts = [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1] ?? '')
  t.same(scripts, ['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-ui-standalone-preset.js', '/docs/static/swagger-initializer.js'],
    'every script comes from the mock itself')
  for (const script of scripts) {
    const res = await app.inject({ url: script })
    t.equal(res.statusCode, 200, script)
    t.match(res.headers['content-type'], /javascript/, script)
  }
  const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' })
  t.match(initializer.body, "show(['operations', 'image', 'BatchScanSwrImage'], true)")
})

t.test('behind HSS_MOCK_BASE_PATH the document names the prefix as its server and keeps the paths', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss' } })
  for (const url of DOCUMENT_URLS) {
    const res = await app.inject({ url: `/hss${url}` })
    t.equal(res.statusCode, 200, url)
    t.same(res.json(), { ...committed, servers: [{ url: '/hss', description: 'This mock' }] }, url)
  }
  const yaml = await app.inject({ url: '/hss/openapi.yaml' })
  t.match(yaml.body, /^servers:\n {2}- url: \/hss\n/m)
})

t.test('with HSS_MOCK_TRUST_PROXY the server is the absolute URL from X-Forwarded-Proto and X-Forwarded-Host', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss', trustProxy: true } })
  const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mock.example.com:8443' }
  for (const url of DOCUMENT_URLS) {
    const res = await app.inject({ url: `/hss${url}`, headers })
    t.same(res.json().servers, [{ url: 'https://mock.example.com:8443/hss', description: 'This mock, as the client reached it' }], url)
  }
  const yaml = await app.inject({ url: '/hss/openapi.yaml', headers })
  t.match(yaml.body, /^servers:\n {2}- url: https:\/\/mock\.example\.com:8443\/hss\n/m)
  const direct = await app.inject({ url: '/hss/openapi.json', headers: { host: '127.0.0.1:8080' } })
  t.same(direct.json().servers.map((s: { url: string }) => s.url), ['http://127.0.0.1:8080/hss'], 'no forwarded headers: Host')
  const second = await app.inject({ url: '/hss/openapi.json' })
  t.same(second.json().servers.map((s: { url: string }) => s.url), ['http://localhost/hss'], 'one client\'s address does not stick')
})

t.test('with HSS_MOCK_TRUST_PROXY, forwarded values that are no plain http(s) origin keep the relative server', async (t) => {
  const { app } = await build(t, { config: { trustProxy: true } })
  const cases = [
    { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'mock.example.com' },
    { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mock.example.com/evil' },
    { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'user:pw@mock.example.com' },
    { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'a b' },
    { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mock.example.com?x=1' }
  ]
  for (const headers of cases) {
    const res = await app.inject({ url: '/openapi.json', headers })
    t.equal(res.statusCode, 200)
    t.same(res.json().servers, committed.servers, JSON.stringify(headers))
  }
})

t.test('without HSS_MOCK_TRUST_PROXY forwarded headers are ignored and the server stays relative', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ url: '/openapi.json', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mock.example.com' } })
  t.same(res.json().servers, committed.servers)
})

t.test('absoluteServerUrl normalises the origin the way browsers do', async (t) => {
  t.equal(absoluteServerUrl('http', 'Mock.Example.com:80', ''), 'http://mock.example.com')
  t.equal(absoluteServerUrl('https', '[::1]:8443', '/hss'), 'https://[::1]:8443/hss')
  t.equal(absoluteServerUrl('https', '', ''), null)
})

t.test('with HSS_MOCK_ADMIN_TOKEN the document offers a bearer scheme, required by every /_mock route but health', async (t) => {
  const { app } = await build(t, { config: { adminToken: 'admin-secret' } })
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.same(document.components.securitySchemes.admin, { type: 'http', scheme: 'bearer', description: 'HSS_MOCK_ADMIN_TOKEN, for the /_mock routes' })
  t.same(document.paths['/_mock/health'].get.security, [])
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, { security: unknown }>>)) {
    if (!path.startsWith('/_mock/') || path === '/_mock/health') continue
    for (const [method, operation] of Object.entries(item)) t.same(operation.security, [{ admin: [] }], `${method} ${path}`)
  }
  t.notMatch(JSON.stringify(document), 'admin-secret', 'the token itself is not in the document')
})

t.test('generating the document leaves request validation as it was', async (t) => {
  const { app } = await build(t)
  t.equal((await app.inject({ url: '/openapi.json' })).statusCode, 200)
  const refused = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { action: { type: 'drop' }, probability: 0 } })
  t.equal(refused.json().error_msg, 'probability must be > 0')
  const accepted = await app.inject({ method: 'POST', url: '/_mock/faults', payload: { action: { type: 'drop' }, probability: 0.5 } })
  t.equal(accepted.statusCode, 201)
})
