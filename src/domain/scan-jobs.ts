import type { BatchScanRequest, ImageRef } from './batch-scan.js'

export type JobMode = 'list' | 'all'
export type JobStatus = 'running' | 'completed'

/** Who made the request: the AK of a signed request, or "token"; never a secret. */
export type Identity = { kind: 'token' } | { kind: 'aksk', ak: string } | { kind: 'anonymous' }

/** One accepted batch-scan request, as recorded for tests to read back. */
export interface ScanJob {
  id: string
  project_id: string
  enterprise_project_id: string
  region: string | null
  created_at: number
  mode: JobMode
  status: JobStatus
  identity: Identity
  request: BatchScanRequest
  images: ImageRef[]
}

export interface JobQuery {
  project_id?: string
}

/**
 * Jobs kept per project id (parallel suites using different projects never see each other's jobs),
 * bounded globally: past the limit the oldest job is evicted and counted.
 */
export interface JobStore {
  add (job: ScanJob): void
  get (id: string): ScanJob | undefined
  list (query?: JobQuery): ScanJob[]
  clear (projectId?: string): number
  /** Empty, with the eviction count back to zero: the start-up state. */
  reset (): void
  readonly size: number
  readonly evicted: number
}

export function createJobStore (limit: number): JobStore {
  // Map iteration order is insertion order, so the first key is always the oldest job.
  const all = new Map<string, ScanJob>()
  const byProject = new Map<string, Map<string, ScanJob>>()
  let evicted = 0

  function remove (job: ScanJob): void {
    all.delete(job.id)
    const jobs = byProject.get(job.project_id)
    jobs?.delete(job.id)
    if (jobs?.size === 0) byProject.delete(job.project_id)
  }

  return {
    add (job) {
      all.set(job.id, job)
      let jobs = byProject.get(job.project_id)
      if (jobs === undefined) {
        jobs = new Map()
        byProject.set(job.project_id, jobs)
      }
      jobs.set(job.id, job)
      while (all.size > limit) {
        const oldest = all.values().next().value as ScanJob
        remove(oldest)
        evicted++
      }
    },
    get: (id) => all.get(id),
    list (query = {}) {
      if (query.project_id === undefined) return [...all.values()]
      return [...(byProject.get(query.project_id)?.values() ?? [])]
    },
    clear (projectId) {
      const victims = projectId === undefined ? [...all.values()] : [...(byProject.get(projectId)?.values() ?? [])]
      for (const job of victims) remove(job)
      return victims.length
    },
    reset () {
      all.clear()
      byProject.clear()
      evicted = 0
    },
    get size () { return all.size },
    get evicted () { return evicted }
  }
}
