import t from 'tap'
import { ListProjectsResponse } from '../../../../src/http/routes/v3/projects.schema.js'
import { build, TOKEN } from '../../../helpers/build.js'
import { assertHssError, assertMatches } from '../../../helpers/schema.js'
import { SDK_AK, SDK_SK, signWithSdk } from '../../../helpers/sdk.js'

interface Projects { projects: Array<{ id: string, name: string, domain_id: string }> }

t.test('IAM project discovery: exactly one project for the region, with a stable 32-hex id', async (t) => {
  const first = await build(t)
  const second = await build(t)
  const ids: string[] = []
  for (const { app } of [first, second]) {
    const res = await app.inject({ method: 'GET', url: '/v3/projects?name=cn-north-4', headers: TOKEN })
    t.equal(res.statusCode, 200)
    assertMatches(t, ListProjectsResponse, res.json())
    const body = res.json() as Projects
    t.equal(body.projects.length, 1)
    t.equal(body.projects[0]?.name, 'cn-north-4')
    t.match(body.projects[0]?.id, /^[0-9a-f]{32}$/)
    ids.push(body.projects[0]!.id)
  }
  t.equal(ids[0], ids[1], 'two mock instances agree')
  const other = await first.app.inject({ method: 'GET', url: '/v3/projects?name=ap-southeast-1', headers: TOKEN })
  t.not((other.json() as Projects).projects[0]?.id, ids[0], 'another region, another project')
})

t.test('HSS_MOCK_PROJECT_IDS sets the project id of a region', async (t) => {
  const { app } = await build(t, { config: { projectIds: ['cn-north-4=0123456789abcdef0123456789abcdef'] } })
  const res = await app.inject({ method: 'GET', url: '/v3/projects?name=cn-north-4', headers: TOKEN })
  t.equal((res.json() as Projects).projects[0]?.id, '0123456789abcdef0123456789abcdef')
})

t.test('the discovery call is authenticated like the HSS operations, AK/SK included', async (t) => {
  const { app } = await build(t, { config: { credentials: [`${SDK_AK}:${SDK_SK}`] } })
  // The Node SDK sends a 2-byte {} body on this GET and signs it.
  const request = { method: 'GET', path: '/v3/projects', query: { name: 'cn-north-4' }, body: {}, date: '20260101T000000Z' } as const
  const ok = await app.inject({ method: 'GET', ...signWithSdk(request) })
  t.equal(ok.statusCode, 200)
  const wrong = await app.inject({ method: 'GET', ...signWithSdk({ ...request, sk: 'wrong' }) })
  assertHssError(t, wrong, 401, 'APIGW.0301', /verify aksk signature fail/)
  const none = await app.inject({ method: 'GET', url: '/v3/projects?name=cn-north-4' })
  assertHssError(t, none, 401, 'APIGW.0301', 'Incorrect IAM authentication information: x-auth-token not found')
})

t.test('a missing or over-long region name: 400 HSS.0001', async (t) => {
  const { app } = await build(t)
  for (const url of ['/v3/projects', `/v3/projects?name=${'r'.repeat(65)}`, '/v3/projects?name=']) {
    const res = await app.inject({ method: 'GET', url, headers: TOKEN })
    assertHssError(t, res, 400, 'HSS.0001', /name/)
  }
})

t.test('a body on the discovery GET counts against the 12 MB gateway limit too', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({
    method: 'GET',
    url: '/v3/projects?name=cn-north-4',
    headers: { ...TOKEN, 'content-type': 'application/json' },
    payload: JSON.stringify({ pad: 'x'.repeat(12 * 1024 * 1024) })
  })
  assertHssError(t, res, 413, 'APIGW.0201', 'Request entity too large.')
})
