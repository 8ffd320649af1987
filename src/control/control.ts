import type { Clock } from '../clock.js'
import type { JobQuery, JobStore, ScanJob } from '../domain/scan-jobs.js'
import { version } from '../version.js'

/** What tests (over HTTP under /_mock, or in-process as `app.mock`) can read and change. */
export interface MockControl {
  jobs (query?: JobQuery): ScanJob[]
  job (id: string): ScanJob | undefined
  clearJobs (projectId?: string): number
  health (): Health
}

export interface Health {
  status: 'ok'
  version: string
  uptime_ms: number
  jobs: number
  jobs_evicted: number
}

export function createMockControl (deps: { jobs: JobStore, clock: Clock }): MockControl {
  const startedAt = Date.now()
  return {
    jobs: (query) => deps.jobs.list(query),
    job: (id) => deps.jobs.get(id),
    clearJobs: (projectId) => deps.jobs.clear(projectId),
    health: () => ({
      status: 'ok',
      version,
      uptime_ms: Date.now() - startedAt,
      jobs: deps.jobs.size,
      jobs_evicted: deps.jobs.evicted
    })
  }
}
