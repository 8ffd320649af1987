import type { Clock } from '../clock.js'
import type { Ids } from '../ids.js'
import { HssError } from './errors.js'
import type { ImageRepository, ImageType, ScanStatus } from './images.js'
import type { Identity, JobRecord, JobStore } from './scan-jobs.js'

export type { ImageType, ScanStatus } from './images.js'

/** An item of image_info_list (BatchScanSwrImageInfo). */
export interface ImageRef {
  namespace?: string
  image_name?: string
  image_version?: string
  instance_id?: string
  instance_url?: string
}

/** The body of BatchScanSwrImage (BatchScanPrivateImageRequestInfo), after validation. */
export interface BatchScanRequest {
  image_type: ImageType
  repo_type?: 'SWR'
  image_info_list?: ImageRef[]
  operate_all?: boolean
  namespace?: string
  image_name?: string
  image_version?: string
  scan_status?: ScanStatus
  latest_version?: boolean
  image_size?: number
  start_latest_update_time?: number
  end_latest_update_time?: number
  start_latest_scan_time?: number
  end_latest_scan_time?: number
}

export interface BatchScanContext {
  project_id: string
  enterprise_project_id: string
  region: string | null
  identity: Identity
}

export interface BatchScanDeps {
  jobs: JobStore
  clock: Clock
  ids: Ids
  images: ImageRepository
  /** reject: a list entry that matches no image fails the request (HSS.0011) instead of being recorded as not found. */
  unknownImages: 'accept' | 'reject'
}

/**
 * Accepts a validated BatchScanSwrImage request, starts the scans it asks for and records it as a job.
 * operate_all: true wins over image_info_list when both are given, as the reference describes:
 * the list is kept in the recorded request but selects nothing.
 */
export function startBatchScan (deps: BatchScanDeps, ctx: BatchScanContext, request: BatchScanRequest): JobRecord {
  const all = request.operate_all === true
  const list = request.image_info_list ?? []
  if (!all && list.length === 0) {
    throw new HssError('invalidParameter',
      'image_info_list must not be empty unless operate_all is true (neither image_info_list nor operate_all: true was given)')
  }
  const targets = all
    ? deps.images.scanMatching(ctx.project_id, request)
    : deps.images.scanListed(ctx.project_id, request.image_type, list, deps.unknownImages === 'reject')
  const job: JobRecord = {
    id: deps.ids.jobId(),
    project_id: ctx.project_id,
    enterprise_project_id: ctx.enterprise_project_id,
    region: ctx.region,
    created_at: deps.clock.now(),
    mode: all ? 'all' : 'list',
    identity: ctx.identity,
    request,
    targets
  }
  deps.jobs.add(job)
  return job
}
