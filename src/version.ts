import { readFileSync } from 'node:fs'

// package.json sits two levels up both from src/ (tsx, tests) and from dist/ (built).
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

export const version: string = pkg.version
