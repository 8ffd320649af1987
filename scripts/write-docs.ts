// Writes the README's configuration table from src/config.ts; test/config.test.ts fails on drift.
import { readFileSync, writeFileSync } from 'node:fs'
import { configTableMarkdown } from '../src/config.js'
import { replaceConfigTable } from '../test/helpers/readme.js'

const url = new URL('../README.md', import.meta.url)
writeFileSync(url, replaceConfigTable(readFileSync(url, 'utf8'), configTableMarkdown()))
console.log('wrote the configuration table in README.md')
