#!/usr/bin/env node
// Runs the type check and every tap test, then prints one plain line that CI reads:
//   tests: N passed, N failed[, N skipped]
// counted from the TAP results tap saves for each test file, so a run that executed nothing shows 0.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const resultsDir = '.tap/test-results'
rmSync(resultsDir, { recursive: true, force: true })

const typecheck = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' })
const tap = spawnSync('npx', ['tap', ...process.argv.slice(2)], { stdio: 'inherit' })

let passed = 0
let failed = 0
let skipped = 0
for (const file of listFiles(resultsDir)) {
  // Top-level test points of each file: one per t.test(...) (and per top-level assertion).
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(not ok|ok) \d+/.exec(line)
    if (m === null) continue
    if (/# (SKIP|TODO)/i.test(line)) skipped++
    else if (m[1] === 'ok') passed++
    else failed++
  }
}
if (typecheck.status !== 0) {
  console.error('type check failed')
  failed++
}
if (tap.status !== 0 && failed === 0) {
  console.error(`tap exited with ${tap.status ?? tap.signal} without a failing test point`)
  failed++
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)

function listFiles (dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? listFiles(path) : path.endsWith('.tap') ? [path] : []
  })
}
