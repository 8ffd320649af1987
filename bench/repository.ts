// Measures the image repository at scale: loading 100,000 fixture images (target < 2 s) and an
// operate_all batch-scan over them (target < 50 ms). Prints the numbers; asserts nothing.
// Run: npm run bench:repository [-- <images>]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../src/app.js'
import { createManualClock } from '../src/clock.js'
import { createImageRepository } from '../src/domain/images.js'
import { sequentialIds } from '../src/ids.js'
import { loadFixtures, type FixtureImage } from '../src/store/fixtures.js'

const COUNT = Number(process.argv[2] ?? 100_000)
const LOAD_TARGET_MS = 2000
const REQUEST_TARGET_MS = 50
const TOKEN = { 'x-auth-token': 'bench' }

const outcomes = ['success', 'failed', 'download_failed', 'image_oversized'] as const
const statuses = ['unscan', 'success', 'failed', 'download_failed', 'image_oversized'] as const

function generateImages (count: number): FixtureImage[] {
  const images: FixtureImage[] = []
  for (let i = 0; i < count; i++) {
    const version = i % 10
    const image: FixtureImage = {
      namespace: `team-${i % 50}`,
      image_name: `service-${Math.floor(i / 10)}`,
      image_version: `1.${version}.0`,
      image_type: i % 20 === 0 ? 'shared_image' : 'private_image',
      image_digest: `sha256:${i.toString(16).padStart(64, '0')}`,
      latest_version: version === 9,
      image_size: 50_000_000 + (i % 1000) * 1_000_000,
      latest_update_time: 1_735_689_600_000 + i * 60_000,
      scan_status: statuses[i % statuses.length]!
    }
    if (i % 7 === 0) image.next_scan = { outcome: outcomes[i % outcomes.length]! }
    images.push(image)
  }
  return images
}

function report (what: string, ms: number, target?: number): void {
  const verdict = target === undefined ? '' : ms < target ? `  (target < ${target} ms: met)` : `  (target < ${target} ms: MISSED)`
  console.log(`${what.padEnd(66)} ${ms.toFixed(1).padStart(8)} ms${verdict}`)
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const dir = mkdtempSync(join(tmpdir(), 'hss-mock-bench-'))
try {
  const file = join(dir, 'repository.json')
  writeFileSync(file, JSON.stringify({ default: generateImages(COUNT) }))
  console.log(`repository of ${COUNT} images (${file})`)

  let started = performance.now()
  const fixtures = loadFixtures(file)
  const clock = createManualClock()
  const images = createImageRepository({ fixtures, clock, scanDurationMs: 2000 })
  report('load: read + parse + validate + build the repository', performance.now() - started, LOAD_TARGET_MS)

  const app = await buildApp({ fixtures, images, clock, ids: sequentialIds(), config: { maxJobs: 1000 } })
  await app.ready()
  const operateAll = async (project: string, filters: Record<string, unknown> = {}) => {
    const t0 = performance.now()
    const res = await app.inject({
      method: 'POST',
      url: `/v5/${project}/image/batch-scan`,
      headers: TOKEN,
      payload: { image_type: 'private_image', operate_all: true, ...filters }
    })
    if (res.statusCode !== 200) throw new Error(`batch-scan answered ${res.statusCode}: ${res.body}`)
    return performance.now() - t0
  }

  report('operate_all, very first request (cold process)', await operateAll('p-cold'))
  // Untimed rounds first, so the figures below are of optimised code, not of the JIT warming up.
  for (let i = 0; i < 5; i++) {
    clock.advance(2000)
    await operateAll(`p-warm-up-${i}`)
  }
  const firsts: number[] = []
  for (let i = 0; i < 5; i++) firsts.push(await operateAll(`p-first-${i}`))
  report('operate_all, first of a project: copies the repo (median of 5)', median(firsts), REQUEST_TARGET_MS)
  const everything: number[] = []
  for (let i = 0; i < 10; i++) {
    clock.advance(2000)
    everything.push(await operateAll('p-steady'))
  }
  report(`operate_all selecting all ${COUNT * 0.95} private images (median of 10)`, median(everything), REQUEST_TARGET_MS)
  const filtered: number[] = []
  for (let i = 0; i < 10; i++) filtered.push(await operateAll('p-steady', { namespace: 'team-7', latest_version: true, scan_status: 'success' }))
  report('operate_all with namespace + latest_version + scan_status (median)', median(filtered), REQUEST_TARGET_MS)

  const listing: number[] = []
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now()
    const res = await app.inject({ method: 'GET', url: '/v5/p-steady/image/swr-repository?image_type=private_image&scan_status=failed&offset=1000&limit=200', headers: TOKEN })
    if (res.statusCode !== 200) throw new Error(`list answered ${res.statusCode}`)
    listing.push(performance.now() - t0)
  }
  report('ListSwrImageRepository, filtered, page of 200 (median of 10)', median(listing), REQUEST_TARGET_MS)
  await app.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
