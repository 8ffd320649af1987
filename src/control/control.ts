import type { Clock, ManualClock } from '../clock.js'
import type { JobStore, ScanJob } from '../domain/scan-jobs.js'
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
  /** Jobs, fault rules and a manual clock back to the start-up state. */
  reset (): void
  health (): Health
}

export interface Health {
  status: 'ok'
  version: string
  uptime_ms: number
  jobs: number
  jobs_evicted: number
  fault_rules: number
}

export interface ControlDeps {
  jobs: JobStore
  clock: Clock | ManualClock
  faults: FaultEngine
}

export function createMockControl (deps: ControlDeps): MockControl {
  const startedAt = Date.now()
  const clockStart = deps.clock.now()
  return {
    jobs: (filter = {}) => deps.jobs.list({ project_id: filter.project_id }).filter((job) => matchesJob(job, filter)),
    job: (id) => deps.jobs.get(id),
    clearJobs: (projectId) => deps.jobs.clear(projectId),
    addFault: (rule) => deps.faults.add(rule),
    faults: () => deps.faults.list(),
    clearFaults: () => deps.faults.clear(),
    reset () {
      // Synchronous from start to end, so no request is handled half before and half after it.
      deps.jobs.reset()
      deps.faults.clear()
      if ('set' in deps.clock) deps.clock.set(clockStart)
    },
    health: () => ({
      status: 'ok',
      version,
      uptime_ms: Date.now() - startedAt,
      jobs: deps.jobs.size,
      jobs_evicted: deps.jobs.evicted,
      fault_rules: deps.faults.size
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
