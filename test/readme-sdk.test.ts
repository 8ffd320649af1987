// The README's Node.js SDK example runs as written against a mock started with the README's credentials.
// Only the import of the HSS service package changes: it is not published on npm, so its stand-in is used.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { startMockServer } from '../src/index.js'
import { readReadme } from './helpers/readme.js'

const root = resolve(import.meta.dirname, '..')

t.test('the README Node.js example discovers the project through the mock IAM and records a scan', async (t) => {
  const section = readReadme().split('### Node.js')[1] ?? ''
  const example = /```js\n([\s\S]*?)```/.exec(section)?.[1]
  t.ok(example, 'README has the Node.js example')
  const mock = await startMockServer({ credentials: ['HSSMOCKAK:hssMockSecretKey'] })
  t.teardown(() => mock.close())
  const dir = mkdtempSync(join(tmpdir(), 'hss-mock-readme-sdk-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'example.mts')
  writeFileSync(file, example!
    .replace("'@huaweicloud/huaweicloud-sdk-core'", `'${join(root, 'node_modules/@huaweicloud/huaweicloud-sdk-core/huaweicloud-sdk-core.js')}'`)
    .replace("'@huaweicloud/huaweicloud-sdk-hss'", `'${join(root, 'test/helpers/sdk.ts')}'`)
    .replaceAll('http://127.0.0.1:8080', mock.url))
  // Asynchronous: the mock answers from this same process.
  await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' })

  const iam = await mock.app.inject({ method: 'GET', url: '/v3/projects?name=cn-north-4', headers: { 'x-auth-token': 't' } })
  const projectId = (iam.json() as { projects: Array<{ id: string }> }).projects[0]!.id
  const jobs = mock.jobs()
  t.equal(jobs.length, 1)
  t.equal(jobs[0]?.project_id, projectId)
  t.same(jobs[0]?.identity, { kind: 'aksk', ak: 'HSSMOCKAK' })
  t.equal(jobs[0]?.mode, 'all')
})
