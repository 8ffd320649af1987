import t from 'tap'
import { createManualClock } from '../../src/clock.js'
import { createImageRepository } from '../../src/domain/images.js'
import { loadFixtures, type FixtureImage } from '../../src/store/fixtures.js'

const IMAGE: FixtureImage = {
  namespace: 'team',
  image_name: 'api',
  image_version: '1.0',
  image_type: 'private_image',
  image_size: 1000,
  latest_update_time: 1700000000000
}

function repository () {
  const clock = createManualClock()
  return { clock, images: createImageRepository({ fixtures: loadFixtures(), clock, scanDurationMs: 2000 }) }
}

t.test('replace gives one project its own images; others keep theirs', async (t) => {
  const { images } = repository()
  images.replace('p-1', [IMAGE, { ...IMAGE, image_version: '2.0', next_scan: { outcome: 'failed' } }])
  t.same(images.list('p-1'), [
    { id: 1, namespace: 'team', image_name: 'api', image_version: '1.0', image_type: 'private_image', latest_version: false, scan_status: 'unscan', image_size: 1000, latest_update_time: 1700000000000, scannable: true },
    { id: 2, namespace: 'team', image_name: 'api', image_version: '2.0', image_type: 'private_image', latest_version: false, scan_status: 'unscan', image_size: 1000, latest_update_time: 1700000000000, scannable: true, next_scan: { outcome: 'failed' } }
  ])
  t.equal(images.list('p-2').length, 24, 'a project not named still reads the default repository')
  t.equal(images.list('project-staging').length, 2, 'a named project reads its own')
})

t.test('add appends with the next ids, or adds nothing and names the duplicates', async (t) => {
  const { images } = repository()
  t.same(images.add('p-1', [IMAGE]), [])
  t.same(images.list('p-1').at(-1), { id: 25, namespace: 'team', image_name: 'api', image_version: '1.0', image_type: 'private_image', latest_version: false, scan_status: 'unscan', image_size: 1000, latest_update_time: 1700000000000, scannable: true })
  const problems = images.add('p-1', [{ ...IMAGE, image_version: '2.0' }, IMAGE])
  t.same(problems, [{ index: 1, field: '', problem: 'an image with this type, namespace, name, version and instance is already in the repository' }])
  t.equal(images.list('p-1').length, 25, 'nothing added')
  t.equal(images.list('p-2').length, 24, 'other projects unchanged')
})

t.test('reset drops every change and running scan', async (t) => {
  const { images, clock } = repository()
  images.replace('p-1', [IMAGE])
  images.scanMatching('p-2', { image_type: 'private_image' })
  images.reset()
  t.equal(images.list('p-1').length, 24)
  t.equal(images.list('p-2').filter((i) => i.scan_status === 'scanning').length, 0)
  t.equal(images.finishScans(), 0)
  clock.advance(2000)
  t.equal(images.list('p-2').filter((i) => i.scan_status === 'success').length, 11, 'the fixtures\' own results only')
})

t.test('an image whose repository was replaced mid-scan leaves the new images alone', async (t) => {
  const { images, clock } = repository()
  images.replace('p-1', [IMAGE])
  const targets = images.scanMatching('p-1', { image_type: 'private_image' })
  t.equal(targets.images.length, 1)
  images.replace('p-1', [IMAGE])
  clock.advance(2000)
  t.equal(images.list('p-1')[0]?.scan_status, 'unscan')
  t.equal(images.finishScans('p-1'), 0, 'the forgotten scan is not counted')
})

t.test('one scan batch is shared by every image a request starts', async (t) => {
  const { images } = repository()
  const seeded = Array.from({ length: 1000 }, (_, i) => ({ ...IMAGE, image_version: `1.${i}` }))
  images.replace('big', seeded)
  const targets = images.scanMatching('big', { image_type: 'private_image', image_version: '1.9' })
  t.equal(targets.images.length, 111, '1.9 and 1.9x and 1.9xx')
  t.equal(new Set(targets.batches).size, 1)
  t.equal(images.finishScans('big'), 111)
})
