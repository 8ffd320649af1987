import fc from 'fast-check'

/** The JSON Schema keywords TypeBox emits for our request schemas. */
interface Schema {
  type?: string
  enum?: unknown[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
}

// Lists stay short so a run stays quick; the 10241 limit itself is tested at its edge elsewhere.
const MAX_ARRAY = 4

/** Values the schema accepts. */
export function validOf (schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum)
  switch (schema.type) {
    case 'object': {
      const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, validOf(s)]))
      return fc.record(props, { requiredKeys: schema.required ?? [] })
    }
    case 'array':
      return fc.array(validOf(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? MAX_ARRAY, MAX_ARRAY)
      })
    case 'string':
      // Whole code points: JSON Schema (and ajv) count a surrogate pair as one character.
      return fc.string({ unit: 'binary', minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? 32 })
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 })
    case 'boolean':
      return fc.boolean()
    default:
      throw new Error(`no arbitrary for schema ${JSON.stringify(schema)}`)
  }
}

const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]))
const notAnInteger = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.double({ min: 0.1, max: 0.9 }), fc.constant({}))
const notABoolean = fc.oneof(fc.constantFrom('true', 'false', 0, 1, null), fc.constant({}))
const notAnObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]))
const notAnArray = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}))

/** Values the schema refuses: a wrong type, a broken limit, a missing required field, at any depth. */
export function invalidOf (schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum !== undefined) {
    const allowed = schema.enum
    return fc.oneof(fc.string().filter((s) => !allowed.includes(s)), fc.integer(), fc.constant(null))
  }
  switch (schema.type) {
    case 'object':
      return fc.oneof(notAnObject, ...objectViolations(schema))
    case 'array': {
      const options: Array<fc.Arbitrary<unknown>> = [notAnArray]
      const items = schema.items ?? {}
      options.push(fc.tuple(fc.array(validOf(items), { maxLength: 2 }), invalidOf(items)).map(([ok, bad]) => [...ok, bad]))
      if ((schema.minItems ?? 0) > 0) options.push(fc.constant([]))
      return fc.oneof(...options)
    }
    case 'string': {
      const options: Array<fc.Arbitrary<unknown>> = [notAString]
      if (schema.maxLength !== undefined) {
        options.push(fc.string({ unit: 'binary', minLength: schema.maxLength + 1, maxLength: schema.maxLength + 8 }))
      }
      if ((schema.minLength ?? 0) > 0) options.push(fc.constant(''))
      return fc.oneof(...options)
    }
    case 'integer': {
      const options: Array<fc.Arbitrary<unknown>> = [notAnInteger]
      if (schema.maximum !== undefined) options.push(fc.integer({ min: schema.maximum + 1, max: Number.MAX_SAFE_INTEGER }))
      if (schema.minimum !== undefined) options.push(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: schema.minimum - 1 }))
      return fc.oneof(...options)
    }
    case 'boolean':
      return notABoolean
    default:
      throw new Error(`no arbitrary for schema ${JSON.stringify(schema)}`)
  }
}

function objectViolations (schema: Schema): Array<fc.Arbitrary<unknown>> {
  const valid = validOf(schema) as fc.Arbitrary<Record<string, unknown>>
  const out: Array<fc.Arbitrary<unknown>> = []
  for (const key of schema.required ?? []) {
    out.push(valid.map((v) => {
      const { [key]: _dropped, ...rest } = v
      return rest
    }))
  }
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    out.push(fc.tuple(valid, invalidOf(s)).map(([v, bad]) => ({ ...v, [key]: bad })))
  }
  return out
}
