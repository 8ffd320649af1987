import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'

/** The OpenAPI document of an app in its default configuration, as JSON and YAML text. */
export async function generateOpenApi (): Promise<{ json: string, yaml: string }> {
  const app = await buildApp()
  await app.ready()
  const json = JSON.stringify(app.swagger(), null, 2) + '\n'
  const yaml = app.swagger({ yaml: true })
  await app.close()
  return { json, yaml }
}

/**
 * Every method and full path the app serves, read from Fastify's route tree
 * (`printRoutes` nests a route under the one its path extends, four columns per level).
 */
export function servedRoutes (app: FastifyInstance): string[] {
  const parents: string[] = []
  const routes: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (m === null) continue
    const depth = m[1]!.length / 4
    const path = (parents[depth - 1] ?? '') + m[2]!
    parents.length = depth
    parents.push(path)
    for (const method of (m[3] ?? '').split(', ').filter((name) => name !== '' && name !== 'HEAD')) {
      routes.push(`${method} ${path}`)
    }
  }
  return routes
}

export interface LintReport {
  totals: { errors: number, warnings: number, ignored: number }
  problems: Array<{ ruleId: string, severity: string, message: string, location: Array<{ pointer: string }> }>
}

const root = fileURLToPath(new URL('../../', import.meta.url))

/** `redocly lint` with the repository's redocly.yaml, offline (no telemetry, no update check). */
export async function lintWithRedocly (file: string): Promise<LintReport> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('node_modules/.bin/redocly', ['lint', file, '--format=json'], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
      maxBuffer: 16 * 1024 * 1024
    }, (err, out, stderr) => {
      // It exits with 1 when it finds errors; the report on stdout says which.
      if (out.trim().startsWith('{')) resolve(out)
      else reject(new Error(`redocly lint gave no report (${err?.message ?? 'exit 0'}): ${stderr}`))
    })
  })
  return JSON.parse(stdout) as LintReport
}
