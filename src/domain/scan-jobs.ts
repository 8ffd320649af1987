import type { BatchScanRequest, ImageRef } from './batch-scan.js'
import { describeTarget, type ScanStatus, type ScanTargets } from './images.js'

export type JobMode = 'list' | 'all'
export type JobStatus = 'running' | 'completed'

/** Who made the request: the AK of a signed request, or "token"; never a secret. */
export type Identity = { kind: 'token' } | { kind: 'aksk', ak: string } | { kind: 'anonymous' }

/** One accepted batch-scan request, as the store keeps it: the scans it started are resolved when read. */
export interface JobRecord {
  id: string
  project_id: string
  enterprise_project_id: string
  region: string | null
  created_at: number
  mode: JobMode
  identity: Identity
  request: BatchScanRequest
  targets: ScanTargets
}

/** Per image of a job: the image it resolved to and how its scan stands, or `not_found` with the entry as sent. */
export interface ScanJobImage extends ImageRef {
  id?: number
  image_type?: string
  status: ScanStatus | 'not_found'
  started_at?: number
  finishes_at?: number
  latest_scan_time?: number
  scan_failed_desc?: string
  vul_num?: number
  unsafe_setting_num?: number
  malicious_file_num?: number
}

/** A job as tests read it back: `running` until the last of its scans has finished, then `completed`. */
export interface ScanJob extends Omit<JobRecord, 'targets'> {
  status: JobStatus
  /** When the last of its scans finishes (or finished); created_at when it scanned nothing. */
  finishes_at: number
  images: ScanJobImage[]
}

export function describeJob (job: JobRecord, now: number): ScanJob {
  const { targets, ...rest } = job
  let finishesAt = job.created_at
  const images = targets.images.map((image, i): ScanJobImage => {
    const batch = targets.batches[i]
    if (image === null || batch === null || batch === undefined) return { ...targets.requested?.[i], status: 'not_found' }
    const state = describeTarget(image, batch, now)
    finishesAt = Math.max(finishesAt, state.finishes_at)
    const entry: ScanJobImage = { ...state.image, status: state.status, started_at: state.started_at, finishes_at: state.finishes_at }
    return state.result === undefined ? entry : { ...entry, ...state.result, latest_scan_time: state.finishes_at }
  })
  return { ...rest, status: now < finishesAt ? 'running' : 'completed', finishes_at: finishesAt, images }
}

export interface JobQuery {
  project_id?: string
}

/**
 * Jobs kept per project id (parallel suites using different projects never see each other's jobs),
 * bounded globally: past the limit the oldest job is evicted and counted.
 */
export interface JobStore {
  add (job: JobRecord): void
  get (id: string): JobRecord | undefined
  list (query?: JobQuery): JobRecord[]
  clear (projectId?: string): number
  /** Empty, with the eviction count back to zero: the start-up state. */
  reset (): void
  readonly size: number
  readonly evicted: number
}

export function createJobStore (limit: number): JobStore {
  const all = new Map<string, JobRecord>()
  const byProject = new Map<string, Map<string, JobRecord>>()
  // Ids oldest first. Asking the Map for its first entry instead would scan past every deleted slot
  // V8 keeps until it compacts, which made each eviction cost O(limit).
  let order: string[] = []
  let head = 0
  let evicted = 0

  function remove (job: JobRecord): void {
    all.delete(job.id)
    const jobs = byProject.get(job.project_id)
    jobs?.delete(job.id)
    if (jobs?.size === 0) byProject.delete(job.project_id)
  }

  function evictOldest (): void {
    while (head < order.length) {
      const oldest = all.get(order[head++]!)
      if (oldest === undefined) continue
      remove(oldest)
      evicted++
      break
    }
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head)
      head = 0
    }
  }

  return {
    add (job) {
      all.set(job.id, job)
      order.push(job.id)
      let jobs = byProject.get(job.project_id)
      if (jobs === undefined) {
        jobs = new Map()
        byProject.set(job.project_id, jobs)
      }
      jobs.set(job.id, job)
      while (all.size > limit) evictOldest()
    },
    get: (id) => all.get(id),
    list (query = {}) {
      if (query.project_id === undefined) return [...all.values()]
      return [...(byProject.get(query.project_id)?.values() ?? [])]
    },
    clear (projectId) {
      const victims = projectId === undefined ? [...all.values()] : [...(byProject.get(projectId)?.values() ?? [])]
      for (const job of victims) remove(job)
      // Cleared ids stay in the queue until eviction reaches them; rebuild it before they pile up.
      if (order.length - head > 2 * all.size + 1024) {
        order = [...all.keys()]
        head = 0
      }
      return victims.length
    },
    reset () {
      all.clear()
      byProject.clear()
      order = []
      head = 0
      evicted = 0
    },
    get size () { return all.size },
    get evicted () { return evicted }
  }
}
