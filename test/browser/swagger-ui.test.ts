import { mkdir } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import type { Config } from '../../src/config.js'
import { batchScanExamples } from '../../src/http/routes/v5/image/batch-scan.schema.js'
import { openBrowser } from '../helpers/browser.js'
import { build } from '../helpers/build.js'
import { startProxy } from '../helpers/proxy.js'

// A person's session in Swagger UI, in a real browser: open /docs, authorize, try BatchScanSwrImage.

const ARTIFACTS = new URL('../../ci-artifacts/', import.meta.url)
const PROJECT = 'p-browser'
const BROWSER_TOKEN = 'browser-token'
const OPERATION = '#operations-image-BatchScanSwrImage'

async function startMock (t: Test, config: Partial<Config>): Promise<{ app: FastifyInstance, origin: string }> {
  const { app } = await build(t, { config })
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, origin }
}

/** A page that records every URL it requests, to show nothing comes from anywhere but the mock. */
async function openPage (t: Test): Promise<{ page: Page, requested: string[] }> {
  const context = await openBrowser(t)
  const page = context.pages()[0] ?? await context.newPage()
  const requested: string[] = []
  page.on('request', (request) => requested.push(request.url()))
  return { page, requested }
}

async function screenshot (page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: new URL(`swagger-ui-${name}.png`, ARTIFACTS).pathname, fullPage: true })
}

async function responseStatus (page: Page, status: string): Promise<string> {
  const cell = page.locator(`${OPERATION} .live-responses-table .response-col_status`).filter({ hasText: status })
  await cell.waitFor()
  return (await cell.innerText()).trim()
}

/**
 * Opens docsUrl, authorizes with a token, sends the first example (200, recorded) and then an
 * invalid body (400 HSS.0001, not recorded), saving a screenshot after each.
 */
async function tryBatchScan (t: Test, page: Page, opts: { app: FastifyInstance, docsUrl: string, apiUrl: string, name: string }): Promise<void> {
  await page.goto(opts.docsUrl)
  t.equal(await page.title(), 'HSS mock')
  const operation = page.locator(OPERATION)
  await operation.waitFor()
  t.match(await operation.getAttribute('class'), /\bis-open\b/, 'BatchScanSwrImage is expanded on arrival')
  t.match(await operation.locator('.opblock-summary-path').innerText(), '/v5/{project_id}/image/batch-scan')

  await page.locator('.auth-wrapper button.authorize').click()
  const tokenForm = page.locator('.modal-ux .auth-container').filter({ hasText: 'X-Auth-Token' })
  await tokenForm.locator('input').fill(BROWSER_TOKEN)
  await tokenForm.locator('button.authorize').click()
  await tokenForm.locator('button.btn-done').click()
  t.match(await page.locator('.auth-wrapper button.authorize').getAttribute('class'), /\blocked\b/, 'authorized')

  await operation.locator('button.try-out__btn').click()
  await operation.locator('tr[data-param-name="project_id"] input').fill(PROJECT)
  const examples = operation.locator('.examples-select select')
  t.same(await examples.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))), ['list', 'all'],
    'both documented examples are offered')
  t.equal(await examples.inputValue(), 'list', 'the first example is selected')
  const body = operation.locator('textarea.body-param__text')
  t.same(JSON.parse(await body.inputValue()), batchScanExamples.list.value, 'the body is the list example')

  await operation.locator('button.execute').click()
  t.equal(await responseStatus(page, '200'), '200', 'the page shows 200')
  // Swagger UI fills in the documented default of enterprise_project_id.
  t.equal((await operation.locator('.request-url pre').innerText()).trim(), `${opts.apiUrl}?enterprise_project_id=0`,
    'the request went to the mock\'s URL')
  t.match(await operation.locator('.curl-command').innerText(), `X-Auth-Token: ${BROWSER_TOKEN}`, 'the token was sent')
  const jobs = opts.app.mock.jobs({ project_id: PROJECT })
  t.equal(jobs.length, 1, 'the mock recorded the job')
  t.same(jobs[0]?.identity, { kind: 'token' })
  t.same(jobs[0]?.request, batchScanExamples.list.value)
  await screenshot(page, `${opts.name}-200`)

  await body.fill('{"image_type": "public_image"}')
  await operation.locator('button.execute').click()
  t.equal(await responseStatus(page, '400'), '400', 'the page shows 400')
  const shown = await operation.locator('.live-responses-table .response-col_description pre').first().innerText()
  t.match(JSON.parse(shown), { error_code: 'HSS.0001', error_msg: 'image_type must be one of: private_image, shared_image, instance_image' })
  t.equal(opts.app.mock.jobs({ project_id: PROJECT }).length, 1, 'the invalid request recorded nothing')
  await screenshot(page, `${opts.name}-400`)
}

function foreignRequests (requested: string[], origin: string): string[] {
  return requested.filter((url) => new URL(url).origin !== origin)
}

t.test('Swagger UI at /docs: authorize, try the first example (200, recorded), then an invalid body (400)', async (t) => {
  const { app, origin } = await startMock(t, {})
  const { page, requested } = await openPage(t)
  await tryBatchScan(t, page, { app, docsUrl: `${origin}/docs`, apiUrl: `${origin}/v5/${PROJECT}/image/batch-scan`, name: 'root' })
  t.same(foreignRequests(requested, origin), [], 'every asset came from the mock (no CDN)')
})

t.test('Swagger UI with HSS_MOCK_BASE_PATH=/hss works entirely under the prefix', async (t) => {
  const { app, origin } = await startMock(t, { basePath: '/hss' })
  const { page, requested } = await openPage(t)
  await tryBatchScan(t, page, { app, docsUrl: `${origin}/hss/docs`, apiUrl: `${origin}/hss/v5/${PROJECT}/image/batch-scan`, name: 'base-path' })
  t.same(foreignRequests(requested, origin), [])
  t.same(requested.filter((url) => !new URL(url).pathname.startsWith('/hss/')), [], 'every request was under /hss')
})

t.test('Swagger UI behind a reverse proxy with HSS_MOCK_TRUST_PROXY sends "Try it out" through the proxy', async (t) => {
  const { app, origin: mockOrigin } = await startMock(t, { basePath: '/hss', trustProxy: true })
  const proxy = await startProxy(t, mockOrigin)
  const { page, requested } = await openPage(t)
  await tryBatchScan(t, page, { app, docsUrl: `${proxy.origin}/hss/docs`, apiUrl: `${proxy.origin}/hss/v5/${PROJECT}/image/batch-scan`, name: 'trust-proxy' })
  t.same(foreignRequests(requested, proxy.origin), [], 'the browser only talked to the proxy')
  const execution = `POST /hss/v5/${PROJECT}/image/batch-scan?enterprise_project_id=0`
  t.same(proxy.forwarded.filter((r) => r.startsWith('POST')), [execution, execution], 'both executions went through the proxy')
})
