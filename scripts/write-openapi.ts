// Writes openapi/openapi.json and openapi/openapi.yaml from the route schemas (default configuration).
// test/openapi.test.ts fails when the committed files differ from what the app generates.
import { writeFileSync } from 'node:fs'
import { generateOpenApi } from '../test/helpers/openapi.js'

const { json, yaml } = await generateOpenApi()
writeFileSync(new URL('../openapi/openapi.json', import.meta.url), json)
writeFileSync(new URL('../openapi/openapi.yaml', import.meta.url), yaml)
console.log('wrote openapi/openapi.json and openapi/openapi.yaml')
