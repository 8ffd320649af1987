import { readFileSync } from 'node:fs'

const START = '<!-- config:start -->'
const END = '<!-- config:end -->'

export function readReadme (): string {
  return readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
}

/** Where the generated table sits: just after the start marker, up to the end marker. */
function tableBounds (readme: string): { start: number, end: number } {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error('README.md has no configuration table markers')
  return { start: start + START.length, end }
}

export function configTableOf (readme: string): string {
  const { start, end } = tableBounds(readme)
  return readme.slice(start, end).trim()
}

export function replaceConfigTable (readme: string, table: string): string {
  const { start, end } = tableBounds(readme)
  return `${readme.slice(0, start)}\n${table}\n${readme.slice(end)}`
}
