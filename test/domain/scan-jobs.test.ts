import t from 'tap'
import { createJobStore, type JobRecord } from '../../src/domain/scan-jobs.js'

function job (id: string, project = 'p'): JobRecord {
  return {
    id,
    project_id: project,
    enterprise_project_id: '0',
    region: null,
    created_at: 0,
    mode: 'all',
    identity: { kind: 'anonymous' },
    request: { image_type: 'private_image', operate_all: true },
    targets: { images: [], batches: [] }
  }
}

t.test('past the limit the oldest jobs are evicted and counted, across projects', async (t) => {
  const store = createJobStore(3)
  for (let i = 1; i <= 5; i++) store.add(job(`j${i}`, i % 2 === 0 ? 'even' : 'odd'))
  t.same(store.list().map((j) => j.id), ['j3', 'j4', 'j5'])
  t.same(store.list({ project_id: 'odd' }).map((j) => j.id), ['j3', 'j5'])
  t.same(store.list({ project_id: 'even' }).map((j) => j.id), ['j4'])
  t.equal(store.size, 3)
  t.equal(store.evicted, 2)
  t.equal(store.get('j1'), undefined)
})

t.test('cleared jobs are not counted as evicted; eviction goes on with the oldest kept job', async (t) => {
  const store = createJobStore(3)
  store.add(job('a1', 'a'))
  store.add(job('b1', 'b'))
  store.add(job('a2', 'a'))
  t.equal(store.clear('a'), 2)
  store.add(job('b2', 'b'))
  store.add(job('b3', 'b'))
  store.add(job('b4', 'b'))
  t.same(store.list().map((j) => j.id), ['b2', 'b3', 'b4'])
  t.equal(store.evicted, 1)
})

t.test('a long run of add-and-clear keeps the store consistent and bounded', async (t) => {
  const store = createJobStore(100)
  for (let i = 0; i < 50_000; i++) {
    store.add(job(`j${i}`, `p${i % 7}`))
    if (i % 10 === 9) store.clear(`p${i % 7}`)
  }
  const kept = store.list()
  t.ok(kept.length <= 100)
  t.equal(store.size, kept.length)
  t.same(kept.map((j) => j.id), [...kept].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1))).map((j) => j.id), 'oldest first')
  const perProject = [0, 1, 2, 3, 4, 5, 6].reduce((n, p) => n + store.list({ project_id: `p${p}` }).length, 0)
  t.equal(perProject, kept.length, 'per-project lists add up to the whole')
})

t.test('after a reset, eviction starts over with the jobs added since', async (t) => {
  const store = createJobStore(2)
  for (const id of ['a', 'b', 'c']) store.add(job(id))
  store.reset()
  for (const id of ['d', 'e', 'f']) store.add(job(id))
  t.same(store.list().map((j) => j.id), ['e', 'f'])
  t.equal(store.evicted, 1)
})
