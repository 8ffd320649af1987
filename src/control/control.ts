import { isManualClock, type Clock } from '../clock.js'
import { HssError } from '../domain/errors.js'
import type { ImageKeyFields, ImageRepository, RepositoryImage } from '../domain/images.js'
import { validateFixtureImages, type FixtureImage, type FixtureProblem } from '../store/fixtures.js'
import { describeJob, type JobStore, type ScanJob } from '../domain/scan-jobs.js'
import { version } from '../version.js'
import type { FaultEngine, FaultRule, FaultRuleInput } from './faults.js'

export interface JobFilter {
  project_id?: string
  status?: ScanJob['status']
  /** Jobs that name an image whose image_name contains this text. */
  image_name?: string
  /** Jobs created at or after this time (epoch ms). */
  since?: number
}

/** What tests (over HTTP under /_mock, or in-process as `app.mock`) can read and change. */
export interface MockControl {
  jobs (filter?: JobFilter): ScanJob[]
  job (id: string): ScanJob | undefined
  clearJobs (projectId?: string): number
  addFault (rule: FaultRuleInput): FaultRule
  faults (): FaultRule[]
  clearFaults (): number
  /** Jobs, fault rules, image repositories and a manual clock back to the start-up state. */
  reset (): void
  /** Every image of a project's repository as it is now, with its preset outcome. */
  images (projectId: string): RepositoryImage[]
  /**
   * Replaces (`replace`) or extends (`add`) a project's repository. Items are checked with the fixture
   * schema; a bad item or a duplicate throws HSS.0001 naming its index and field, and nothing changes.
   * Returns how many images the project holds afterwards.
   */
  seedImages (projectId: string, images: unknown, mode: 'replace' | 'add'): number
  /** One image of a project's repository, as ListSwrImageRepository would show it now, plus its preset outcome. */
  image (projectId: string, ref: ImageKeyFields): RepositoryImage | undefined
  clock (): ClockState
  /** Moves a manual clock forward; scans due by then show their outcome. Refused on the system clock. */
  advanceClock (ms: number): ClockState
  /** Ends every running scan (of one project, or all) now; returns how many images it finished. */
  finishScans (projectId?: string): number
  health (): Health
}

export interface ClockState {
  mode: 'system' | 'manual'
  now: number
}

export interface Health {
  status: 'ok'
  version: string
  uptime_ms: number
  jobs: number
  jobs_evicted: number
  fault_rules: number
  images: number
}

export interface ControlDeps {
  jobs: JobStore
  clock: Clock
  faults: FaultEngine
  images: ImageRepository
}

export function createMockControl (deps: ControlDeps): MockControl {
  const startedAt = Date.now()
  const { clock } = deps
  const clockStart = clock.now()
  const clockState = (): ClockState => ({ mode: isManualClock(clock) ? 'manual' : 'system', now: clock.now() })
  return {
    // Jobs resolve against the clock when read, so status filters see scans that have just finished.
    jobs: (filter = {}) => {
      const now = clock.now()
      return deps.jobs.list({ project_id: filter.project_id }).map((job) => describeJob(job, now)).filter((job) => matchesJob(job, filter))
    },
    job: (id) => {
      const job = deps.jobs.get(id)
      return job === undefined ? undefined : describeJob(job, clock.now())
    },
    clearJobs: (projectId) => deps.jobs.clear(projectId),
    addFault: (rule) => deps.faults.add(rule),
    faults: () => deps.faults.list(),
    clearFaults: () => deps.faults.clear(),
    images: (projectId) => deps.images.list(projectId),
    seedImages (projectId, images, mode) {
      const problems = validateFixtureImages(images)
      if (problems.length > 0) throw seedError(problems[0]!)
      const valid = images as FixtureImage[]
      if (mode === 'replace') deps.images.replace(projectId, valid)
      else {
        const duplicates = deps.images.add(projectId, valid)
        if (duplicates.length > 0) throw seedError(duplicates[0]!)
      }
      return deps.images.list(projectId).length
    },
    reset () {
      // Synchronous from start to end, so no request is handled half before and half after it.
      deps.jobs.reset()
      deps.faults.clear()
      deps.images.reset()
      if (isManualClock(clock)) clock.set(clockStart)
    },
    image: (projectId, ref) => deps.images.image(projectId, ref),
    clock: clockState,
    advanceClock: (ms) => {
      if (!isManualClock(clock)) {
        throw new HssError('invalidParameter', 'the mock runs on the system clock; start it with HSS_MOCK_CLOCK=manual (--clock manual) to move time')
      }
      clock.advance(ms)
      return clockState()
    },
    finishScans: (projectId) => deps.images.finishScans(projectId),
    health: () => ({
      status: 'ok',
      version,
      uptime_ms: Date.now() - startedAt,
      jobs: deps.jobs.size,
      jobs_evicted: deps.jobs.evicted,
      fault_rules: deps.faults.size,
      images: deps.images.count()
    })
  }
}

function matchesJob (job: ScanJob, filter: JobFilter): boolean {
  if (filter.status !== undefined && job.status !== filter.status) return false
  if (filter.since !== undefined && job.created_at < filter.since) return false
  if (filter.image_name !== undefined) {
    const needle = filter.image_name
    if (!job.images.some((image) => image.image_name?.includes(needle) === true)) return false
  }
  return true
}

function seedError ({ index, field, problem }: FixtureProblem): HssError {
  const where = index < 0 ? 'images' : `images[${index}]${field === '' ? '' : `.${field}`}`
  return new HssError('invalidParameter', `${where}: ${problem}`)
}
