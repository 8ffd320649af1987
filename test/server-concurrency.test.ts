import { Agent, request } from 'node:http'
import t from 'tap'
import { buildApp } from '../src/app.js'

// Real sockets and real concurrency: 20,000 requests from 64 connections at once.

const REQUESTS = 20_000
const CONCURRENCY = 64
const PROJECTS = 50

interface Sent {
  index: number
  project: string
  status: number
  jobId: string | undefined
  requestId: string | undefined
}

function post (agent: Agent, port: number, index: number): Promise<Sent> {
  const project = `project-${index % PROJECTS}`
  const body = JSON.stringify({
    image_type: 'private_image',
    image_info_list: [{ namespace: 'load', image_name: `image-${index}`, image_version: 'v1' }]
  })
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      agent,
      method: 'POST',
      path: `/v5/${project}/image/batch-scan`,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-auth-token': 't' }
    }, (res) => {
      res.resume()
      res.on('end', () => resolve({
        index,
        project,
        status: res.statusCode ?? 0,
        jobId: res.headers['x-mock-job-id'] as string | undefined,
        requestId: res.headers['x-request-id'] as string | undefined
      }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

t.test('20,000 concurrent requests across 50 projects: each recorded exactly once, ids unique, totals exact', async (t) => {
  const app = await buildApp({ config: { maxJobs: REQUESTS * 2 } })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  t.teardown(() => agent.destroy())

  const sent: Sent[] = []
  let next = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) sent.push(await post(agent, port, next++))
  }))

  t.equal(sent.length, REQUESTS)
  t.same(sent.filter((s) => s.status !== 200).map((s) => s.status), [], 'every request answered 200')
  t.equal(new Set(sent.map((s) => s.requestId)).size, REQUESTS, 'request ids unique')
  t.equal(new Set(sent.map((s) => s.jobId)).size, REQUESTS, 'job ids unique')

  const jobs = app.mock.jobs()
  t.equal(jobs.length, REQUESTS, 'one job per accepted request')
  const byId = new Map(jobs.map((j) => [j.id, j]))
  const mismatched = sent.filter((s) => {
    const job = byId.get(s.jobId ?? '')
    return job === undefined || job.project_id !== s.project || job.images[0]?.image_name !== `image-${s.index}`
  })
  t.same(mismatched, [], 'every answered job id names the job recorded for that very request')

  const perProject = new Map<string, number>()
  for (const s of sent) perProject.set(s.project, (perProject.get(s.project) ?? 0) + 1)
  t.equal(perProject.size, PROJECTS)
  const wrongTotals = [...perProject].filter(([project, n]) => app.mock.jobs({ project_id: project }).length !== n)
  t.same(wrongTotals, [], `each project holds exactly its ${REQUESTS / PROJECTS} jobs`)
  const res = await fetch(`http://127.0.0.1:${port}/_mock/jobs?project_id=project-7`)
  t.equal((await res.json() as { total: number }).total, REQUESTS / PROJECTS, 'and /_mock/jobs says so too')
  t.equal(app.mock.health().jobs_evicted, 0)
})
