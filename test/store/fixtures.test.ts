import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { DEFAULT_FIXTURES, FixtureError, loadFixtures, validateFixtureImages } from '../../src/store/fixtures.js'

const GOOD = {
  namespace: 'team',
  image_name: 'api',
  image_version: '1.0',
  image_type: 'private_image',
  image_size: 1000,
  latest_update_time: 1700000000000
}

function tempDir (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'hss-mock-fixtures-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('the bundled fixtures load and hold every scan status and every preset outcome', async (t) => {
  const fixtures = loadFixtures()
  t.equal(fixtures.default.length, 24)
  t.same([...fixtures.projects.keys()], ['project-staging'])
  t.same(new Set(fixtures.default.map((i) => i.scan_status)), new Set(['unscan', 'success', 'failed', 'download_failed', 'image_oversized']))
  const presets = fixtures.default.filter((i) => i.image_type === 'private_image').map((i) => i.next_scan?.outcome)
  for (const outcome of ['failed', 'download_failed', 'image_oversized']) t.ok(presets.includes(outcome as never), `a private image ends ${outcome}`)
  t.same(new Set(fixtures.default.map((i) => i.image_type)), new Set(['private_image', 'shared_image', 'instance_image']))
  t.ok(JSON.parse(readFileSync(join(DEFAULT_FIXTURES, 'default.json'), 'utf8')).default.length === 24, 'read from fixtures/')
})

t.test('validateFixtureImages reports index, field and problem, one per bad item', async (t) => {
  t.same(validateFixtureImages([
    GOOD,
    { ...GOOD, image_version: '2', image_size: '1 GB' },
    { ...GOOD, image_version: '3', image_type: 'public_image' },
    { ...GOOD, image_version: '4', colour: 'blue' },
    { namespace: 'team', image_name: 'api', image_version: '5', image_type: 'private_image', image_size: 1 },
    { ...GOOD, image_version: '6', image_type: 'instance_image' },
    { ...GOOD, image_version: '7', instance_id: 'i-1' },
    { ...GOOD, image_version: '8', next_scan: { outcome: 'failed', vul_num: 2 } },
    { ...GOOD, image_version: '9', next_scan: { outcome: 'success', scan_failed_desc: 'unknown_error' } },
    { ...GOOD, image_version: '10', next_scan: { outcome: 'exploded' } },
    GOOD,
    'api:1.0'
  ]), [
    { index: 1, field: 'image_size', problem: 'must be integer' },
    { index: 2, field: 'image_type', problem: 'must be one of: private_image, shared_image, instance_image' },
    { index: 3, field: 'colour', problem: 'is not a known field' },
    { index: 4, field: 'latest_update_time', problem: 'is required' },
    { index: 5, field: 'instance_id', problem: 'is required for instance_image (list entries are matched by it)' },
    { index: 6, field: 'instance_id', problem: 'is only allowed for instance_image' },
    { index: 7, field: 'next_scan.vul_num', problem: 'is only allowed with outcome success' },
    { index: 8, field: 'next_scan.scan_failed_desc', problem: 'is only allowed with a failed outcome' },
    { index: 9, field: 'next_scan.outcome', problem: 'must be one of: success, failed, download_failed, image_oversized' },
    { index: 10, field: '', problem: 'duplicate of item 0 (private_image team/api:1.0)' },
    { index: 11, field: '', problem: 'must be an object' }
  ])
  t.same(validateFixtureImages([GOOD, { ...GOOD, image_version: '2' }]), [])
  t.same(validateFixtureImages({}), [{ index: -1, field: '', problem: 'must be an array of images' }])
})

t.test('a folder joins its files in name order; duplicates across files are reported', async (t) => {
  const dir = tempDir(t)
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ default: [{ ...GOOD, image_version: '2' }], projects: { 'p-x': [GOOD] } }))
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ default: [GOOD] }))
  writeFileSync(join(dir, 'notes.txt'), 'not a fixture')
  const fixtures = loadFixtures(dir)
  t.same(fixtures.default.map((i) => i.image_version), ['1.0', '2'])
  t.same(fixtures.projects.get('p-x'), [GOOD])

  writeFileSync(join(dir, 'c.json'), JSON.stringify({ default: [{ ...GOOD, image_version: '3' }, { ...GOOD, image_version: '2' }] }))
  t.throws(() => loadFixtures(dir), new FixtureError(`${join(dir, 'c.json')}: $.default[1]: duplicate of an image in ${join(dir, 'b.json')} (private_image team/api:2)`))

  const empty = join(dir, 'empty')
  mkdirSync(empty)
  t.throws(() => loadFixtures(empty), new FixtureError(`${empty}: the fixture folder holds no .json file`))
})

t.test('a bad fixture file stops the server with exit code 2 and one line: file, JSON path, problem', async (t) => {
  const dir = tempDir(t)
  const cases: Array<[string, string, string]> = [
    ['not JSON', '{"default": [', '$: not valid JSON ('],
    ['top level not an object', '[]', '$: must be an object with "default" and/or "projects"'],
    ['unknown top-level field', JSON.stringify({ defaults: [] }), '$.defaults: is not a known field'],
    ['projects not a map', JSON.stringify({ projects: [GOOD] }), '$.projects: must be an object mapping project ids to image lists'],
    ['a project not a list', JSON.stringify({ projects: { 'p-1': GOOD } }), '$.projects["p-1"]: must be an array of images'],
    ['wrong type', JSON.stringify({ default: [GOOD, { ...GOOD, image_version: '2', latest_version: 'yes' }] }), '$.default[1].latest_version: must be boolean'],
    ['bad enum', JSON.stringify({ projects: { 'p-1': [{ ...GOOD, scan_status: 'scanning' }] } }),
      '$.projects["p-1"][0].scan_status: must be one of: unscan, success, failed, download_failed, image_oversized'],
    ['missing field', JSON.stringify({ default: [{ ...GOOD, image_name: undefined }] }), '$.default[0].image_name: is required'],
    ['bad nested field', JSON.stringify({ default: [{ ...GOOD, next_scan: { outcome: 'failed', scan_failed_desc: 'boom' } }] }),
      '$.default[0].next_scan.scan_failed_desc: must be one of: unknown_error,'],
    ['duplicate image', JSON.stringify({ default: [GOOD, GOOD] }), '$.default[1]: duplicate of item 0 (private_image team/api:1.0)']
  ]
  const files = cases.map(([, content], i) => {
    const file = join(dir, `case-${i}.json`)
    writeFileSync(file, content)
    return file
  })
  // Three at a time: each start compiles TypeScript, and the machine is shared.
  const runs = await inBatches(files.map((file) => () => startServer(['--fixtures', file, '--port', '0'])), 3)
  for (const [i, [what, , expected]] of cases.entries()) {
    const file = files[i]!
    const run = runs[i]!
    t.equal(run.status, 2, `${what}: exit code 2`)
    const lines = run.stderr.trimEnd().split('\n')
    t.equal(lines.length, 1, `${what}: one line`)
    t.ok(lines[0]!.startsWith(`hss-mock: invalid HSS_MOCK_FIXTURES (--fixtures): ${file}: ${expected}`), `${what}: ${lines[0]}`)
    t.notMatch(run.stderr, /\n\s+at /, `${what}: no stack trace`)
  }
  const missing = join(dir, 'missing.json')
  const run = await startServer([], { HSS_MOCK_FIXTURES: missing })
  t.equal(run.status, 2)
  t.equal(run.stderr, `hss-mock: invalid HSS_MOCK_FIXTURES (--fixtures): ${missing}: cannot read fixtures (ENOENT) (see --help)\n`, 'the environment variable works too')
})

interface Run { status: number | null, stderr: string }

function startServer (args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stderr }))
  })
}

async function inBatches<T> (tasks: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < tasks.length; i += size) results.push(...await Promise.all(tasks.slice(i, i + size).map((task) => task())))
  return results
}
