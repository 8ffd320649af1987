import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { AssociateImages } from '../http/routes/v5/image/swr-repository.schema.js'
import { IMAGE_TYPES, SCAN_FAILED_DESCS, SCAN_OUTCOMES, SETTLED_STATUSES, imageKey } from '../domain/images.js'
import { packageRoot } from '../package-root.js'

// Fixture data is trusted no more than client input: every item is checked before the mock starts,
// and a mistake is reported as file + JSON path + problem on one line.

const nonNegative = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description })

export const NextScan = Type.Object({
  outcome: Type.Enum(SCAN_OUTCOMES, { description: 'How every scan of this image ends' }),
  vul_num: Type.Optional(nonNegative('Vulnerabilities found (success only; default: the image\'s current count)')),
  unsafe_setting_num: Type.Optional(nonNegative('Failed baseline checks found (success only)')),
  malicious_file_num: Type.Optional(nonNegative('Malicious files found (success only)')),
  scan_failed_desc: Type.Optional(Type.Enum(SCAN_FAILED_DESCS, { description: 'Failure reason (failed outcomes only; default derived from the outcome)' }))
}, { additionalProperties: false, description: 'Preset outcome of scans of this image (default: success)' })

// The fields ListSwrImageRepository shows; a fixture may not add others.
const AssociationImage = Type.Object(AssociateImages.properties, { additionalProperties: false })

/** One image of a repository, as written in a fixture file or seeded through the control plane. */
export const FixtureImage = Type.Object({
  namespace: Type.String({ minLength: 1, maxLength: 64, description: 'Organization (namespace)' }),
  image_name: Type.String({ minLength: 1, maxLength: 128, description: 'Image (repository) name' }),
  image_version: Type.String({ minLength: 1, maxLength: 128, description: 'Tag' }),
  image_type: Type.Enum(IMAGE_TYPES),
  image_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  image_digest: Type.Optional(Type.String({ pattern: '^sha256:[0-9a-f]{64}$' })),
  latest_version: Type.Optional(Type.Boolean({ description: 'Latest version of its image (default false)' })),
  image_size: nonNegative('Size in bytes'),
  latest_update_time: nonNegative('Last update of the version (epoch ms)'),
  scan_status: Type.Optional(Type.Enum(SETTLED_STATUSES, { description: 'Result of the last scan (default unscan)' })),
  scan_failed_desc: Type.Optional(Type.Enum(SCAN_FAILED_DESCS)),
  latest_scan_time: Type.Optional(nonNegative('Last scan completion (epoch ms)')),
  vul_num: Type.Optional(nonNegative('Vulnerabilities')),
  unsafe_setting_num: Type.Optional(nonNegative('Failed baseline checks')),
  malicious_file_num: Type.Optional(nonNegative('Malicious files')),
  domain_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Owner (shared images)' })),
  shared_status: Type.Optional(Type.Enum(['expired', 'effective'])),
  scannable: Type.Optional(Type.Boolean({ description: 'Default true' })),
  instance_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  instance_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Required for instance_image, not allowed otherwise' })),
  instance_url: Type.Optional(Type.String({ minLength: 0, maxLength: 256 })),
  association_images: Type.Optional(Type.Array(AssociationImage)),
  next_scan: Type.Optional(NextScan)
}, { additionalProperties: false, title: 'FixtureImage' })

export type FixtureImage = Static<typeof FixtureImage>
export type NextScan = Static<typeof NextScan>

/** A fixture file: the default repository (for every project not named) and per-project repositories. */
export interface Fixtures {
  default: FixtureImage[]
  projects: Map<string, FixtureImage[]>
}

/** One problem with one item of an image list: `index` into the list, `field` ('' for the item itself). */
export interface FixtureProblem {
  index: number
  field: string
  problem: string
}

const checkImage = Compile(FixtureImage)

/**
 * Every problem of an image list, at most one per item, plus duplicates (same type, namespace, name,
 * version and instance). An empty result means the list can be loaded as it is.
 */
export function validateFixtureImages (value: unknown): FixtureProblem[] {
  if (!Array.isArray(value)) return [{ index: -1, field: '', problem: 'must be an array of images' }]
  const problems: FixtureProblem[] = []
  const seen = new Map<string, number>()
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index]
    const problem = checkImage.Check(item) ? describeRuleBreak(item) : describeSchemaError(item)
    if (problem !== null) {
      problems.push({ index, ...problem })
      continue
    }
    const image = item as FixtureImage
    const key = imageKey(image.image_type, image.namespace, image.image_name, image.image_version, image.instance_id)
    const first = seen.get(key)
    if (first !== undefined) {
      problems.push({ index, field: '', problem: `duplicate of item ${first} (${describeImage(image)})` })
      continue
    }
    seen.set(key, index)
  }
  return problems
}

export function describeImage (image: Pick<FixtureImage, 'image_type' | 'namespace' | 'image_name' | 'image_version' | 'instance_id'>): string {
  const where = image.instance_id === undefined ? '' : ` in instance ${image.instance_id}`
  return `${image.image_type} ${image.namespace}/${image.image_name}:${image.image_version}${where}`
}

function describeSchemaError (item: unknown): Omit<FixtureProblem, 'index'> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { field: '', problem: 'must be an object' }
  const errors = checkImage.Errors(item)
  // additionalProperties is reported twice (once per unknown field, once for the object); the per-field one names it.
  const error = errors.find((e) => e.keyword !== 'additionalProperties') ?? errors[0]!
  const path = error.instancePath.split('/').slice(1)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return { field: joinPath([...path, String((params.requiredProperties as string[])[0])]), problem: 'is required' }
    case 'boolean':
      return { field: joinPath(path), problem: 'is not a known field' }
    case 'enum':
      return { field: joinPath(path), problem: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` }
    default:
      return { field: joinPath(path), problem: error.message }
  }
}

function describeRuleBreak (image: FixtureImage): Omit<FixtureProblem, 'index'> | null {
  if (image.image_type === 'instance_image' && image.instance_id === undefined) {
    return { field: 'instance_id', problem: 'is required for instance_image (list entries are matched by it)' }
  }
  if (image.image_type !== 'instance_image' && image.instance_id !== undefined) {
    return { field: 'instance_id', problem: 'is only allowed for instance_image' }
  }
  const next = image.next_scan
  if (next === undefined) return null
  if (next.outcome === 'success' && next.scan_failed_desc !== undefined) {
    return { field: 'next_scan.scan_failed_desc', problem: 'is only allowed with a failed outcome' }
  }
  if (next.outcome !== 'success') {
    for (const count of ['vul_num', 'unsafe_setting_num', 'malicious_file_num'] as const) {
      if (next[count] !== undefined) return { field: `next_scan.${count}`, problem: 'is only allowed with outcome success' }
    }
  }
  return null
}

function joinPath (segments: string[]): string {
  let path = ''
  for (const s of segments) path += /^\d+$/.test(s) ? `[${s}]` : (path === '' ? s : `.${s}`)
  return path
}

/** A fixture file or folder that cannot be used; the message names the file, the JSON path and the problem. */
export class FixtureError extends Error {
  override name = 'FixtureError'
}

export const DEFAULT_FIXTURES = fileURLToPath(new URL('fixtures/', packageRoot))

/**
 * Reads a fixture file, or every `*.json` file of a folder in name order. Several files may name the
 * same project (or the default): their lists are joined, and duplicates across files are reported.
 */
export function loadFixtures (path: string = DEFAULT_FIXTURES): Fixtures {
  const files = listFixtureFiles(path)
  const parts: Array<{ file: string, list: string, images: FixtureImage[] }> = []
  for (const file of files) {
    const content = readFixtureFile(file)
    if (content.default !== undefined) parts.push({ file, list: '', images: content.default })
    for (const [project, images] of content.projects) parts.push({ file, list: project, images })
  }
  return mergeFixtureParts(parts)
}

function listFixtureFiles (path: string): string[] {
  let isFolder: boolean
  try {
    isFolder = statSync(path).isDirectory()
  } catch (err) {
    throw new FixtureError(`${path}: cannot read fixtures (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  if (!isFolder) return [path]
  const files = readdirSync(path).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name))
  if (files.length === 0) throw new FixtureError(`${path}: the fixture folder holds no .json file`)
  return files
}

function readFixtureFile (file: string): { default?: FixtureImage[], projects: Map<string, FixtureImage[]> } {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new FixtureError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new FixtureError(`${file}: $: not valid JSON (${(err as Error).message.split('\n')[0]})`)
  }
  if (!isRecord(data)) fail(file, '$', 'must be an object with "default" and/or "projects"')
  for (const key of Object.keys(data)) {
    if (key !== 'default' && key !== 'projects') fail(file, `$.${key}`, 'is not a known field (expected "default" and/or "projects")')
  }
  const result: { default?: FixtureImage[], projects: Map<string, FixtureImage[]> } = { projects: new Map() }
  if (data.default !== undefined) result.default = checkList(file, '$.default', data.default)
  if (data.projects !== undefined) {
    if (!isRecord(data.projects)) fail(file, '$.projects', 'must be an object mapping project ids to image lists')
    for (const [project, list] of Object.entries(data.projects)) {
      const where = `$.projects[${JSON.stringify(project)}]`
      if (project.length < 1 || project.length > 256) fail(file, where, 'project ids are 1 to 256 characters long')
      result.projects.set(project, checkList(file, where, list))
    }
  }
  return result
}

function checkList (file: string, where: string, list: unknown): FixtureImage[] {
  if (!Array.isArray(list)) fail(file, where, 'must be an array of images')
  const [problem] = validateFixtureImages(list)
  if (problem !== undefined) fail(file, problemPath(where, problem), problem.problem)
  return list as FixtureImage[]
}

function problemPath (where: string, problem: FixtureProblem): string {
  const item = `${where}[${problem.index}]`
  return problem.field === '' ? item : `${item}.${problem.field}`
}

// The default list is keyed '' (project ids are at least one character long).
function mergeFixtureParts (parts: Array<{ file: string, list: string, images: FixtureImage[] }>): Fixtures {
  const lists = new Map<string, Array<{ file: string, images: FixtureImage[] }>>()
  for (const part of parts) {
    lists.set(part.list, [...(lists.get(part.list) ?? []), part])
  }
  const fixtures: Fixtures = { default: [], projects: new Map() }
  for (const [key, joined] of lists) {
    // Duplicates within one file were reported already; only lists joined from several files need this.
    if (joined.length > 1) reportJoinedDuplicates(key === '' ? '$.default' : `$.projects[${JSON.stringify(key)}]`, joined)
    const images = joined.length === 1 ? joined[0]!.images : joined.flatMap((part) => part.images)
    if (key === '') fixtures.default = images
    else fixtures.projects.set(key, images)
  }
  return fixtures
}

function reportJoinedDuplicates (where: string, joined: Array<{ file: string, images: FixtureImage[] }>): void {
  const seen = new Map<string, string>()
  for (const { file, images } of joined) {
    for (let index = 0; index < images.length; index++) {
      const image = images[index]!
      const key = imageKey(image.image_type, image.namespace, image.image_name, image.image_version, image.instance_id)
      const first = seen.get(key)
      if (first !== undefined) fail(file, `${where}[${index}]`, `duplicate of an image in ${first} (${describeImage(image)})`)
      seen.set(key, file)
    }
  }
}

function fail (file: string, path: string, problem: string): never {
  throw new FixtureError(`${file}: ${path}: ${problem}`)
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
