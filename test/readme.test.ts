// The README's examples work as written: its curl commands against a running mock, its in-process example as a test.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { startMockServer } from '../src/index.js'
import { readReadme } from './helpers/readme.js'

const root = resolve(import.meta.dirname, '..')
const readme = readReadme()

function codeBlocks (lang: string): string[] {
  return [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!)
}

/** Every curl command aimed at the default address, continuation lines joined, in README order. */
function curlCommands (): string[] {
  const commands: string[] = []
  for (const block of codeBlocks('sh')) {
    const joined = block.replace(/\\\n\s*/g, ' ')
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim()
      if (command.startsWith('curl ') && command.includes('http://127.0.0.1:8080')) commands.push(command)
    }
  }
  return commands
}

t.test('every curl example in the README succeeds against a running mock', async (t) => {
  const mock = await startMockServer()
  t.teardown(() => mock.close())
  const commands = curlCommands()
  t.ok(commands.length >= 10, `found ${commands.length} curl examples`)
  for (const command of commands) {
    const script = `curl () { command curl --fail-with-body --max-time 10 "$@"; }\n${command.replaceAll('http://127.0.0.1:8080', mock.url)}`
    let ok = true
    let output = ''
    try {
      // Asynchronous: the mock answers from this same process.
      output = (await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8' })).stdout
    } catch (err) {
      ok = false
      output = String((err as { stdout?: string }).stdout ?? err)
    }
    t.ok(ok, `${command.slice(0, 110)} → ${output.slice(0, 200)}`)
    // The delay and drop examples would slow or break the examples after them.
    mock.control.clearFaults()
  }
})

t.test('the README in-process example runs as a test', async (t) => {
  const block = codeBlocks('ts').find((b) => b.includes('startMockServer'))
  t.ok(block, 'README has the in-process example')
  const dir = mkdtempSync(join(tmpdir(), 'hss-mock-readme-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'example.test.ts')
  writeFileSync(file, block!.replace("from 'hss-mock'", `from '${join(root, 'src/index.ts')}'`))
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--test', file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  t.match(out, /# pass 1/)
  t.match(out, /# fail 0/)
})
