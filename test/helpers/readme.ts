import { readFileSync } from 'node:fs'

const START = '<!-- config:start -->'
const END = '<!-- config:end -->'

export function readReadme (): string {
  return readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
}

export function configTableOf (readme: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error('README.md has no configuration table markers')
  return readme.slice(start + START.length, end).trim()
}

export function replaceConfigTable (readme: string, table: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error('README.md has no configuration table markers')
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`
}
