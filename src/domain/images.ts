import type { Clock } from '../clock.js'
import type { FixtureImage, FixtureProblem, Fixtures, NextScan } from '../store/fixtures.js'
import type { ImageRef } from './batch-scan.js'
import { HssError } from './errors.js'

export const IMAGE_TYPES = ['private_image', 'shared_image', 'instance_image'] as const
export const SCAN_OUTCOMES = ['success', 'failed', 'download_failed', 'image_oversized'] as const
/** What an image can show when no scan of it is running (so what a fixture may give). */
export const SETTLED_STATUSES = ['unscan', ...SCAN_OUTCOMES] as const
export const SCAN_STATUSES = ['unscan', 'success', 'scanning', 'failed', 'download_failed', 'image_oversized'] as const
export const SCAN_FAILED_DESCS = [
  'unknown_error', 'authentication_failed', 'download_failed', 'image_over_sized', 'image_oversized',
  'failed_to_scan_vulnerability', 'failed_to_scan_file', 'failed_to_scan_software', 'failed_to_check_sensitive_information',
  'failed_to_check_baseline', 'failed_to_check_software_compliance', 'failed_to_query_basic_image_information',
  'response_timed_out', 'database_error', 'failed_to_send_the_scan_request'
] as const

export type ImageType = typeof IMAGE_TYPES[number]
export type ScanOutcome = typeof SCAN_OUTCOMES[number]
export type SettledStatus = typeof SETTLED_STATUSES[number]
export type ScanStatus = typeof SCAN_STATUSES[number]

const DEFAULT_FAILED_DESC: Record<Exclude<ScanOutcome, 'success'>, typeof SCAN_FAILED_DESCS[number]> = {
  failed: 'unknown_error',
  download_failed: 'download_failed',
  image_oversized: 'image_oversized'
}

/** One scan started by one request; every image it started shares it, so a 100,000-image job allocates one. */
export interface ScanBatch {
  readonly project_id: string
  readonly started_at: number
  finishes_at: number
  /** Images this batch started (images already scanning keep their own batch). */
  size: number
}

/**
 * An image as the repository keeps it: the fixture item (never changed) plus its live scan state.
 * Scans resolve lazily: a finished batch is applied the next time the image is read, against the clock.
 */
export interface StoredImage {
  readonly id: number
  readonly fixture: FixtureImage
  scan_status: SettledStatus
  latest_scan_time: number | undefined
  vul_num: number | undefined
  unsafe_setting_num: number | undefined
  malicious_file_num: number | undefined
  scan_failed_desc: string | undefined
  scan: ScanBatch | null
}

/** An item of ListSwrImageRepository's data_list (PrivateImageRepositoryInfo). */
export interface ImageView {
  id: number
  namespace: string
  image_name: string
  image_id?: string
  image_digest?: string
  image_version: string
  image_type: ImageType
  latest_version: boolean
  scan_status: ScanStatus
  scan_failed_desc?: string
  image_size: number
  latest_update_time: number
  latest_scan_time?: number
  vul_num?: number
  unsafe_setting_num?: number
  malicious_file_num?: number
  domain_name?: string
  shared_status?: 'expired' | 'effective'
  scannable: boolean
  instance_name?: string
  instance_id?: string
  instance_url?: string
  association_images?: FixtureImage['association_images']
}

/** An image as the control plane shows it: what the HSS API shows, plus the preset outcome of its scans. */
export interface RepositoryImage extends ImageView {
  next_scan?: NextScan
}

/**
 * The filter fields of BatchScanSwrImage (operate_all) and ListSwrImageRepository. Absent, 0 and ''
 * mean "no filter"; names match as substrings, ranges include their bounds.
 */
export interface ImageFilter {
  image_type: string
  namespace?: string
  image_name?: string
  image_version?: string
  scan_status?: string
  latest_version?: boolean
  image_size?: number
  start_latest_update_time?: number
  end_latest_update_time?: number
  start_latest_scan_time?: number
  end_latest_scan_time?: number
  instance_id?: string
  instance_name?: string
  has_vul?: boolean
  has_unsafe_setting?: boolean
  has_malicious_file?: boolean
}

/** What one batch-scan request scanned: per entry, the image and the batch its scan belongs to (null: not found). */
export interface ScanTargets {
  /** List mode: image_info_list as sent, in order (parallel to images). Absent for operate_all. */
  readonly requested?: readonly ImageRef[]
  readonly images: ReadonlyArray<StoredImage | null>
  readonly batches: ReadonlyArray<ScanBatch | null>
}

export interface ImageRepository {
  /** Every image of the project, oldest id first, as it is now. */
  list (projectId: string): RepositoryImage[]
  /** One image by its identity, as it is now. */
  image (projectId: string, ref: ImageKeyFields): RepositoryImage | undefined
  /** Replaces the project's images (validate them first with validateFixtureImages). Running scans are forgotten. */
  replace (projectId: string, images: readonly FixtureImage[]): void
  /** Adds images to the project; returns the problems (duplicates of images it holds) and adds nothing if there are any. */
  add (projectId: string, images: readonly FixtureImage[]): FixtureProblem[]
  /** Back to the start-up fixtures: every project's changes and running scans dropped. */
  reset (): void
  /** ListSwrImageRepository: matching images, total before paging. */
  query (projectId: string, filter: ImageFilter, page: { offset: number, limit: number }): { total: number, images: ImageView[] }
  /** operate_all: starts a scan of every matching image. */
  scanMatching (projectId: string, filter: ImageFilter): ScanTargets
  /** List mode: starts a scan of every listed image found; with rejectUnknown, the first unknown entry fails the whole call. */
  scanListed (projectId: string, imageType: ImageType, list: readonly ImageRef[], rejectUnknown: boolean): ScanTargets
  /** Ends every running scan (of one project, or all) now; returns how many images it finished. */
  finishScans (projectId?: string): number
  /** Images held: the default repository, the named fixture projects and every project's own copy. */
  count (): number
}

export type ImageKeyFields = Pick<ImageRef, 'namespace' | 'image_name' | 'image_version' | 'instance_id'> & { image_type: string }

export interface ImageRepositoryOptions {
  fixtures: Fixtures
  clock: Clock
  scanDurationMs: number
}

interface ProjectImages {
  images: StoredImage[]
  /** Built on the first list-mode lookup, dropped when images change. */
  index: Map<string, StoredImage> | null
}

/** The identity of an image: list entries are resolved by it, and no two images of a project share it. */
export function imageKey (imageType: string, namespace: string, imageName: string, imageVersion: string, instanceId: string | undefined): string {
  // JSON keeps the parts apart whatever characters they hold.
  return JSON.stringify([imageType, namespace, imageName, imageVersion, imageType === 'instance_image' ? instanceId ?? '' : ''])
}

/**
 * Per-project image repositories. A project named in the fixtures starts from its own list, any other
 * from the default list; a project gets its own copy on its first scan or change, so no project ever
 * sees another's scans, and reads of untouched projects share the fixtures.
 */
export function createImageRepository (opts: ImageRepositoryOptions): ImageRepository {
  const { clock, scanDurationMs } = opts
  const defaults = storeImages(opts.fixtures.default, 1)
  const named = new Map([...opts.fixtures.projects].map(([id, images]) => [id, storeImages(images, 1)] as const))
  const owned = new Map<string, ProjectImages>()
  // Batches that may still be running; pruned whenever scans start or are finished, so it stays small.
  const pending = new Set<ScanBatch>()

  function read (projectId: string): ProjectImages {
    return owned.get(projectId) ?? named.get(projectId) ?? defaults
  }

  function own (projectId: string): ProjectImages {
    let project = owned.get(projectId)
    if (project === undefined) {
      const template = named.get(projectId) ?? defaults
      project = { images: template.images.map(copyImage), index: null }
      owned.set(projectId, project)
    }
    return project
  }

  function lookup (project: ProjectImages, ref: ImageKeyFields): StoredImage | undefined {
    if (ref.namespace === undefined || ref.image_name === undefined || ref.image_version === undefined) return undefined
    project.index ??= indexImages(project.images)
    return project.index.get(imageKey(ref.image_type, ref.namespace, ref.image_name, ref.image_version, ref.instance_id))
  }

  /** Starts scans of the given images: one new batch for those not scanning yet; the others keep theirs. */
  function startScans (projectId: string, images: ReadonlyArray<StoredImage | null>): Array<ScanBatch | null> {
    const now = clock.now()
    for (const batch of pending) if (batch.finishes_at <= now) pending.delete(batch)
    const batch: ScanBatch = { project_id: projectId, started_at: now, finishes_at: now + scanDurationMs, size: 0 }
    const batches = new Array<ScanBatch | null>(images.length)
    for (let i = 0; i < images.length; i++) {
      const image = images[i]!
      if (image !== null && settle(image, now) === null) {
        image.scan = batch
        batch.size++
      }
      batches[i] = image === null ? null : image.scan
    }
    if (batch.size > 0) pending.add(batch)
    return batches
  }

  return {
    list (projectId) {
      const now = clock.now()
      return read(projectId).images.map((image) => viewRepositoryImage(image, now))
    },
    image (projectId, ref) {
      const image = lookup(read(projectId), ref)
      return image === undefined ? undefined : viewRepositoryImage(image, clock.now())
    },
    replace (projectId, images) {
      owned.set(projectId, storeImages(images, 1))
      for (const batch of pending) if (batch.project_id === projectId) pending.delete(batch)
    },
    add (projectId, images) {
      const project = own(projectId)
      project.index ??= indexImages(project.images)
      const problems: FixtureProblem[] = []
      for (let index = 0; index < images.length; index++) {
        const image = images[index]!
        const key = imageKey(image.image_type, image.namespace, image.image_name, image.image_version, image.instance_id)
        if (project.index.has(key)) problems.push({ index, field: '', problem: 'an image with this type, namespace, name, version and instance is already in the repository' })
      }
      if (problems.length > 0) return problems
      const nextId = project.images.reduce((max, image) => Math.max(max, image.id), 0) + 1
      project.images.push(...storeImages(images, nextId).images)
      project.index = null
      return []
    },
    reset () {
      owned.clear()
      pending.clear()
    },
    count () {
      let total = defaults.images.length
      for (const project of named.values()) total += project.images.length
      for (const project of owned.values()) total += project.images.length
      return total
    },
    query (projectId, filter, page) {
      const now = clock.now()
      const images: ImageView[] = []
      let total = 0
      for (const image of read(projectId).images) {
        if (!matchesFilter(image, filter, now)) continue
        if (total >= page.offset && images.length < page.limit) images.push(viewImage(image, now))
        total++
      }
      return { total, images }
    },
    scanMatching (projectId, filter) {
      const now = clock.now()
      const selected: StoredImage[] = []
      for (const image of own(projectId).images) {
        if (matchesFilter(image, filter, now)) selected.push(image)
      }
      return { images: selected, batches: startScans(projectId, selected) }
    },
    scanListed (projectId, imageType, list, rejectUnknown) {
      const project = own(projectId)
      const images = list.map((ref) => lookup(project, { ...ref, image_type: imageType }) ?? null)
      if (rejectUnknown) {
        const unknown = images.indexOf(null)
        if (unknown >= 0) {
          throw new HssError('resourceNotFound',
            `Requested resource not found: image_info_list[${unknown}] (${describeRef(imageType, list[unknown]!)}) is not in the image repository`)
        }
      }
      return { requested: list, images, batches: startScans(projectId, images) }
    },
    finishScans (projectId) {
      const now = clock.now()
      let finished = 0
      for (const batch of pending) {
        if (projectId !== undefined && batch.project_id !== projectId) continue
        if (batch.finishes_at > now) {
          batch.finishes_at = now
          finished += batch.size
        }
        pending.delete(batch)
      }
      return finished
    }
  }
}

function storeImages (images: readonly FixtureImage[], firstId: number): ProjectImages {
  return {
    images: images.map((fixture, i) => ({
      id: firstId + i,
      fixture,
      scan_status: fixture.scan_status ?? 'unscan',
      latest_scan_time: fixture.latest_scan_time,
      vul_num: fixture.vul_num,
      unsafe_setting_num: fixture.unsafe_setting_num,
      malicious_file_num: fixture.malicious_file_num,
      scan_failed_desc: fixture.scan_failed_desc,
      scan: null
    })),
    index: null
  }
}

// A literal of the same shape as storeImages' keeps every StoredImage on one hidden class (a spread does not).
function copyImage (image: StoredImage): StoredImage {
  return {
    id: image.id,
    fixture: image.fixture,
    scan_status: image.scan_status,
    latest_scan_time: image.latest_scan_time,
    vul_num: image.vul_num,
    unsafe_setting_num: image.unsafe_setting_num,
    malicious_file_num: image.malicious_file_num,
    scan_failed_desc: image.scan_failed_desc,
    scan: image.scan
  }
}

function indexImages (images: readonly StoredImage[]): Map<string, StoredImage> {
  const index = new Map<string, StoredImage>()
  for (const image of images) {
    const f = image.fixture
    index.set(imageKey(f.image_type, f.namespace, f.image_name, f.image_version, f.instance_id), image)
  }
  return index
}

function describeRef (imageType: string, ref: ImageRef): string {
  const where = ref.instance_id === undefined ? '' : ` in instance ${ref.instance_id}`
  return `${imageType} ${ref.namespace ?? '?'}/${ref.image_name ?? '?'}:${ref.image_version ?? '?'}${where}`
}

/** The fields a finished scan sets. */
interface ScanOutcomeFields {
  scan_status: SettledStatus
  scan_failed_desc: string | undefined
  vul_num: number | undefined
  unsafe_setting_num: number | undefined
  malicious_file_num: number | undefined
}

/**
 * Writes the image's preset outcome (success unless the fixture says otherwise) into `target`.
 * A failed scan leaves the counts alone: the console keeps showing those of the last successful one.
 * In place, because a large operate_all settles every image it reads.
 */
function applyOutcome (target: ScanOutcomeFields, fixture: FixtureImage): void {
  const next = fixture.next_scan
  if (next === undefined || next.outcome === 'success') {
    target.scan_status = 'success'
    target.scan_failed_desc = undefined
    target.vul_num = next?.vul_num ?? fixture.vul_num ?? 0
    target.unsafe_setting_num = next?.unsafe_setting_num ?? fixture.unsafe_setting_num ?? 0
    target.malicious_file_num = next?.malicious_file_num ?? fixture.malicious_file_num ?? 0
    return
  }
  target.scan_status = next.outcome
  target.scan_failed_desc = next.scan_failed_desc ?? DEFAULT_FAILED_DESC[next.outcome]
}

/** Applies the image's scan if it has finished by `now`; returns the batch still running, or null. */
function settle (image: StoredImage, now: number): ScanBatch | null {
  const batch = image.scan
  if (batch === null || now < batch.finishes_at) return batch
  applyOutcome(image, image.fixture)
  image.latest_scan_time = batch.finishes_at
  image.scan = null
  return null
}

function currentStatus (image: StoredImage, now: number): ScanStatus {
  return settle(image, now) === null ? image.scan_status : 'scanning'
}

// Hot path of operate_all over large repositories: no allocation, cheapest checks first.
function matchesFilter (image: StoredImage, f: ImageFilter, now: number): boolean {
  const fx = image.fixture
  if (fx.image_type !== f.image_type) return false
  if (f.latest_version === true && fx.latest_version !== true) return false
  if (f.namespace !== undefined && f.namespace !== '' && !fx.namespace.includes(f.namespace)) return false
  if (f.image_name !== undefined && f.image_name !== '' && !fx.image_name.includes(f.image_name)) return false
  if (f.image_version !== undefined && f.image_version !== '' && !fx.image_version.includes(f.image_version)) return false
  if (f.instance_id !== undefined && f.instance_id !== '' && fx.instance_id !== f.instance_id) return false
  if (f.instance_name !== undefined && f.instance_name !== '' && !(fx.instance_name ?? '').includes(f.instance_name)) return false
  if (f.image_size !== undefined && f.image_size !== 0 && fx.image_size > f.image_size) return false
  if (!inRange(fx.latest_update_time, f.start_latest_update_time, f.end_latest_update_time)) return false
  const status = currentStatus(image, now)
  if (f.scan_status !== undefined && f.scan_status !== '' && status !== f.scan_status) return false
  if (isBounded(f.start_latest_scan_time, f.end_latest_scan_time) &&
    (image.latest_scan_time === undefined || !inRange(image.latest_scan_time, f.start_latest_scan_time, f.end_latest_scan_time))) return false
  if (f.has_vul !== undefined && (image.vul_num ?? 0) > 0 !== f.has_vul) return false
  if (f.has_unsafe_setting !== undefined && (image.unsafe_setting_num ?? 0) > 0 !== f.has_unsafe_setting) return false
  if (f.has_malicious_file !== undefined && (image.malicious_file_num ?? 0) > 0 !== f.has_malicious_file) return false
  return true
}

function isBounded (start: number | undefined, end: number | undefined): boolean {
  return (start !== undefined && start !== 0) || (end !== undefined && end !== 0)
}

function inRange (value: number, start: number | undefined, end: number | undefined): boolean {
  if (start !== undefined && start !== 0 && value < start) return false
  if (end !== undefined && end !== 0 && value > end) return false
  return true
}

function viewImage (image: StoredImage, now: number): ImageView {
  const f = image.fixture
  const view: ImageView = {
    id: image.id,
    namespace: f.namespace,
    image_name: f.image_name,
    image_version: f.image_version,
    image_type: f.image_type,
    latest_version: f.latest_version ?? false,
    scan_status: currentStatus(image, now),
    image_size: f.image_size,
    latest_update_time: f.latest_update_time,
    scannable: f.scannable ?? true
  }
  copyDefined(view, f, ['image_id', 'image_digest', 'domain_name', 'shared_status', 'instance_name', 'instance_id', 'instance_url', 'association_images'])
  copyDefined(view, image, ['scan_failed_desc', 'latest_scan_time', 'vul_num', 'unsafe_setting_num', 'malicious_file_num'])
  return view
}

function viewRepositoryImage (image: StoredImage, now: number): RepositoryImage {
  const view: RepositoryImage = viewImage(image, now)
  if (image.fixture.next_scan !== undefined) view.next_scan = image.fixture.next_scan
  return view
}

function copyDefined<T extends object> (target: T, source: object, keys: readonly string[]): void {
  for (const key of keys) {
    const value = (source as Record<string, unknown>)[key]
    if (value !== undefined) (target as Record<string, unknown>)[key] = value
  }
}

/** One entry of a job's results: the image and where its scan stands at `now`. */
export interface ScanTargetState {
  image: ImageKeyFields & { id: number }
  status: ScanStatus
  started_at: number
  finishes_at: number
  /** Once finished: what the scan found, only the fields its outcome sets. */
  result?: Partial<Omit<ScanOutcomeFields, 'scan_status'>>
}

export function describeTarget (image: StoredImage, batch: ScanBatch, now: number): ScanTargetState {
  const f = image.fixture
  const key: ScanTargetState['image'] = { id: image.id, image_type: f.image_type, namespace: f.namespace, image_name: f.image_name, image_version: f.image_version }
  if (f.instance_id !== undefined) key.instance_id = f.instance_id
  const state: ScanTargetState = { image: key, status: 'scanning', started_at: batch.started_at, finishes_at: batch.finishes_at }
  if (now < batch.finishes_at) return state
  const outcome: ScanOutcomeFields = { scan_status: 'unscan', scan_failed_desc: undefined, vul_num: undefined, unsafe_setting_num: undefined, malicious_file_num: undefined }
  applyOutcome(outcome, f)
  const { scan_status: status, ...found } = outcome
  state.status = status
  state.result = {}
  copyDefined(state.result, found, Object.keys(found))
  return state
}
