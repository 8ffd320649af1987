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
