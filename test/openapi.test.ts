import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { validate } from '@readme/openapi-parser'
import t from 'tap'
import { errorCatalogue } from '../src/domain/errors.js'
import { HssErrorBody } from '../src/http/common.schema.js'
import { batchScanExamples } from '../src/http/routes/v5/image/batch-scan.schema.js'
import { build } from './helpers/build.js'
import { generateOpenApi, lintWithRedocly, servedRoutes } from './helpers/openapi.js'
import { assertMatches } from './helpers/schema.js'

interface Media { schema?: { $ref?: string }, example?: unknown, examples?: Record<string, { value: unknown }> }
interface Operation {
  operationId?: string
  tags?: string[]
  summary?: string
  description?: string
  security?: unknown[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { description: string, content?: Record<string, Media> }>
}
interface Document {
  info: { version: string }
  servers: Array<{ url: string }>
  paths: Record<string, Record<string, Operation>>
}

const committedJson = readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')
const committedYaml = readFileSync(new URL('../openapi/openapi.yaml', import.meta.url), 'utf8')
const document = JSON.parse(committedJson) as Document
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, path, operation })))

t.test('openapi/ holds what the app generates (run `npm run openapi` after changing a schema)', async (t) => {
  const { json, yaml } = await generateOpenApi()
  t.equal(committedJson, json, 'openapi/openapi.json is up to date')
  t.equal(committedYaml, yaml, 'openapi/openapi.yaml is up to date')
})

t.test('the document passes the strict OpenAPI validator', async (t) => {
  const result = await validate(structuredClone(document) as never)
  t.same(result.valid ? [] : result.errors.map((e) => e.message), [], 'no errors')
  t.same(result.warnings.map((w) => w.message), [], 'no warnings')
  t.equal(result.valid, true)
})

t.test('redocly lint with the recommended ruleset finds no error and no warning', async (t) => {
  const report = await lintWithRedocly('openapi/openapi.json')
  t.same(report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`), [])
  t.equal(report.totals.errors, 0)
  t.equal(report.totals.warnings, 0)
})

t.test('the document served with every option on validates and lints too', async (t) => {
  const { app } = await build(t, { config: { basePath: '/hss', trustProxy: true, adminToken: 'admin-secret' } })
  const res = await app.inject({ url: '/hss/openapi.json', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hss-mock.test' } })
  const served = res.json() as Document
  t.same(served.servers.map((s) => s.url), ['https://hss-mock.test/hss'])
  const result = await validate(structuredClone(served) as never)
  t.same(result.valid ? [] : result.errors.map((e) => e.message), [], 'validator: no errors')
  const file = join(t.testdir(), 'served.json')
  await writeFile(file, JSON.stringify(served))
  const report = await lintWithRedocly(file)
  // The ignore file names the committed document; here health's missing 4xx shows as the one warning.
  t.same(report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}`),
    ['warn operation-4xx-response at #/paths/~1_mock~1health/get/responses'])
})

t.test('info.version is the package version', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  t.equal(document.info.version, pkg.version)
})

t.test('the default server is relative, so the document works wherever it is served from', async (t) => {
  t.same(document.servers.map((s) => s.url), ['/'])
})

t.test('every route the mock serves is documented, except the documentation itself', async (t) => {
  const { app } = await build(t)
  await app.ready()
  const documentation = /^GET \/(docs(\/.*)?|openapi\.(json|yaml))$/
  const served = servedRoutes(app).filter((route) => !documentation.test(route)).sort()
  const documented = operations.map((o) => o.name.replace(/\{(\w+)\}/g, ':$1')).sort()
  t.ok(served.length > 0, 'routes were read from the route tree')
  t.same(served, documented)
})

t.test('every operation has an id, one tag, a summary and a description', async (t) => {
  for (const { name, path, operation } of operations) {
    t.match(operation.operationId, /^[A-Z][A-Za-z0-9]+$/, `${name}: operationId`)
    t.equal(operation.tags?.length, 1, `${name}: one tag`)
    t.equal(operation.tags?.[0] === 'mock', path.startsWith('/_mock/'), `${name}: tagged "mock" exactly when under /_mock`)
    t.match(operation.summary, /\S/, `${name}: summary`)
    t.match(operation.description, /\S/, `${name}: description`)
  }
})

t.test('every response has its own description; success responses have a schema', async (t) => {
  for (const { name, operation } of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      t.not(response.description, 'Default Response', `${name} ${status}: described`)
      if (status.startsWith('2')) t.ok(response.content?.['application/json']?.schema, `${name} ${status}: schema`)
    }
  }
})

t.test('every operation documents its errors with the HssError schema and a real example', async (t) => {
  for (const { name, operation } of operations) {
    const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400)
    t.ok(errors.length > 0, `${name}: documents at least one error response`)
    for (const [status, response] of errors) {
      const media = response.content?.['application/json']
      t.equal(media?.schema?.$ref, '#/components/schemas/HssError', `${name} ${status}: HssError schema`)
      assertMatches(t, HssErrorBody, media?.example, `${name} ${status} example`)
      const code = (media?.example as { error_code?: string } | undefined)?.error_code
      const known = Object.values(errorCatalogue).some((e) => e.code === code && e.status === Number(status))
      t.ok(known, `${name} ${status}: example code ${code} is one the mock answers with status ${status}`)
    }
  }
})

t.test('HSS operations take a token or an AK/SK signature; /_mock operations need neither', async (t) => {
  for (const { name, path, operation } of operations) {
    const expected = path.startsWith('/_mock/') ? [] : [{ token: [] }, { aksk: [] }]
    t.same(operation.security, expected, name)
  }
})

t.test('BatchScanSwrImage offers both documented request examples, list mode first', async (t) => {
  const operation = document.paths['/v5/{project_id}/image/batch-scan']?.post
  const examples = operation?.requestBody?.content['application/json']?.examples
  t.same(Object.keys(examples ?? {}), ['list', 'all'])
  t.same(examples, batchScanExamples)
})
