import { Ajv, type ErrorObject } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import { TIME_AND_SIZE_MAX } from './common.schema.js'

// Two validators, because the parts of a request differ:
// - body: JSON already has types, so nothing is coerced (a string "true" is a wrong type, as for
//   Huawei's parser); unknown fields are dropped so they are never recorded; documented defaults
//   are not filled in, so a job records the body as the client sent it.
// - path, query, headers: always strings on the wire, so they are coerced to the schema's types and
//   documented defaults (enterprise_project_id "0") are filled in.
// validateSchema: false: the schemas are TypeBox's output, compiled by every test run; checking them
// against the JSON Schema meta-schema at each start compiled that meta-schema twice (~15% of start-up).
const common = { allErrors: false, strict: false, validateSchema: false, formats: { int32: true, int64: true } } as const
const bodyAjv = new Ajv({ ...common, coerceTypes: false, useDefaults: false, removeAdditional: 'all' })
const partAjv = new Ajv({ ...common, coerceTypes: 'array', useDefaults: true, removeAdditional: false })

export function addSharedSchema (schema: object & { $id?: string }): void {
  for (const ajv of [bodyAjv, partAjv]) {
    if (schema.$id !== undefined && ajv.getSchema(schema.$id) === undefined) ajv.addSchema(schema)
  }
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? bodyAjv : partAjv).compile(schema as object)
  return validate as ReturnType<FastifySchemaCompiler<unknown>>
}

type Part = 'body' | 'querystring' | 'params' | 'headers' | string

/** `/image_info_list/3/namespace` → `image_info_list[3].namespace`; headers keep their wire name. */
export function fieldPath (part: Part, error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
  if (error.keyword === 'required') segments.push(String((error.params as { missingProperty: string }).missingProperty))
  let path = ''
  for (const segment of segments) {
    path += /^\d+$/.test(segment) ? `[${segment}]` : (path === '' ? segment : `.${segment}`)
  }
  if (part === 'headers') return headerName(path)
  return path === '' ? partLabel(part) : path
}

function headerName (path: string): string {
  return path === 'x-auth-token' ? 'X-Auth-Token' : path
}

function partLabel (part: Part): string {
  return part === 'querystring' ? 'query' : part
}

/** One sentence naming the field and the limit it broke. */
export function describeValidationError (part: Part, error: ErrorObject): string {
  const path = fieldPath(part, error)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return `${path} is required`
    case 'enum':
      return `${path} must be one of: ${(params.allowedValues as unknown[]).join(', ')}`
    case 'maximum':
      if (params.limit !== TIME_AND_SIZE_MAX) return `${path} ${error.message ?? 'is invalid'}`
      return `${path} must be <= ${TIME_AND_SIZE_MAX} (the documented limit); start the mock with ` +
        'HSS_MOCK_RELAX_TIME_LIMITS=1 to accept any non-negative value, such as epoch milliseconds'
    default:
      return `${path} ${error.message ?? 'is invalid'}`
  }
}

/** Huawei answers HSS.0002 ("failed to parse") for values of the wrong JSON type, HSS.0001 for broken limits. */
export function isTypeError (error: ErrorObject): boolean {
  return error.keyword === 'type'
}
