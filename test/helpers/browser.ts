import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import type { Test } from 'tap'

/** Debian's chromium package; the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium'

// Nothing but the page under test: no sync, updates, QUIC or other background traffic.
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'
]

/**
 * A headless chromium with a fresh profile, closed and removed when the test ends.
 * A missing browser fails the test, in CI and everywhere else: these tests are never skipped.
 */
export async function openBrowser (t: Test): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the Swagger UI tests drive Debian's chromium; ` +
      'install it with `apt-get update && apt-get install -y chromium` (.ci/run does)')
  }
  const profile = await mkdtemp(join(tmpdir(), 'hss-mock-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS })
  t.teardown(async () => {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  })
  return context
}
