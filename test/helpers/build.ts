import type { Test } from 'tap'
import { buildApp, type AppOptions } from '../../src/app.js'
import { createManualClock, type ManualClock } from '../../src/clock.js'
import { sequentialIds } from '../../src/ids.js'

export const TOKEN = { 'x-auth-token': 'test-token' }

/** An app with a manual clock and sequential ids, closed when the test ends. */
export async function build (t: Test, opts: AppOptions = {}) {
  const clock: ManualClock = createManualClock()
  const app = await buildApp({ clock, ids: sequentialIds(), ...opts })
  t.teardown(() => app.close())
  return { app, clock }
}
