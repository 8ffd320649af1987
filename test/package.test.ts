// The package as a consumer gets it: packed, installed into a fresh project, imported by name.
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import t from 'tap'

const root = resolve(import.meta.dirname, '..')

t.test('the packed package is importable from a consumer project, with types, and starts, serves and stops', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hss-mock-consumer-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })

  npm(['pack', '--silent', '--pack-destination', dir], root)
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))
  t.ok(tarball, 'npm pack produced a tarball')
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball!)], dir)

  writeFileSync(join(dir, 'use.ts'), [
    "import { startMockServer, type MockServer } from 'hss-mock'",
    'const mock: MockServer = await startMockServer({ maxJobs: 10 })',
    'const res = await fetch(`${mock.url}/v5/p/image/batch-scan`, {',
    "  method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': 't' },",
    "  body: JSON.stringify({ image_type: 'private_image', operate_all: true })",
    '})',
    'const jobs: number = mock.jobs().length',
    'console.log(JSON.stringify({ status: res.status, jobs }))',
    'await mock.close()'
  ].join('\n'))
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out',
      // A Node consumer has @types/node; borrow ours rather than install it again.
      typeRoots: [join(root, 'node_modules/@types')], types: ['node']
    },
    files: ['use.ts']
  }))
  // Type-checks against the shipped declarations, then runs the emitted JavaScript.
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir, stdio: 'pipe' })
  const out = execFileSync(process.execPath, [join(dir, 'out/use.js')], { cwd: dir, encoding: 'utf8' })
  t.same(JSON.parse(out.trim()), { status: 200, jobs: 1 })

  // The CLI is a bundle of its own; it must still find the fixtures shipped beside it.
  const cli = spawn(process.execPath, [join(dir, 'node_modules/hss-mock/dist/main.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { cli.kill() })
  let log = ''
  cli.stdout.setEncoding('utf8')
  while (!/"url":"(http[^"]+)"/.test(log)) log += (await once(cli.stdout, 'data'))[0] as string
  const url = /"url":"(http[^"]+)"/.exec(log)![1]!
  const listed = await fetch(`${url}/v5/p/image/swr-repository?image_type=private_image`, { headers: { 'x-auth-token': 't' } })
  t.equal(listed.status, 200)
  t.ok((await listed.json() as { total_num: number }).total_num > 0, 'the bundled CLI serves the shipped fixtures')
})
