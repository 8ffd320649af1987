// Every documented limit at its boundary, generated from the route schema, so a limit added later is covered:
// a value exactly at a limit is accepted, one past it rejected with HSS.0001 naming the field.
import t from 'tap'
import type { TSchema } from 'typebox'
import { batchScanSchema } from '../../src/http/routes/v5/image/batch-scan.schema.js'
import { build, TOKEN } from '../helpers/build.js'
import { assertHssError } from '../helpers/schema.js'

interface Probe {
  /** The field as the error message names it. */
  field: string
  value: unknown
  accept: boolean
  why: string
  /** Expected error code when rejected: limits are HSS.0001, wrong JSON types HSS.0002. */
  code?: string
}

interface Schema {
  type?: string
  enum?: unknown[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  items?: Schema
  properties?: Record<string, Schema>
}

/** Boundary probes for one scalar or array schema. */
function probesFor (field: string, s: Schema, item: (v: unknown) => unknown = (v) => v): Probe[] {
  const out: Probe[] = []
  if (s.enum !== undefined) {
    for (const v of s.enum) out.push({ field, value: v, accept: true, why: `enum value ${String(v)}` })
    out.push({ field, value: 'not-a-member', accept: false, why: 'a value outside the enum' })
    return out
  }
  if (s.type === 'boolean') {
    out.push({ field, value: true, accept: true, why: 'true' }, { field, value: false, accept: true, why: 'false' })
    out.push({ field, value: 'true', accept: false, why: 'the string "true"', code: 'HSS.0002' })
  }
  if (s.type === 'string') {
    if (s.maxLength !== undefined) {
      out.push({ field, value: 'x'.repeat(s.maxLength), accept: true, why: `length ${s.maxLength} (max)` })
      out.push({ field, value: 'x'.repeat(s.maxLength + 1), accept: false, why: `length ${s.maxLength + 1} (max + 1)` })
    }
    const min = s.minLength ?? 0
    out.push({ field, value: 'x'.repeat(min), accept: true, why: `length ${min} (min)` })
    if (min > 0) out.push({ field, value: 'x'.repeat(min - 1), accept: false, why: `length ${min - 1} (min - 1)` })
  }
  if (s.type === 'integer') {
    for (const [limit, step] of [[s.maximum, 1], [s.minimum, -1]] as const) {
      if (limit === undefined) continue
      out.push({ field, value: limit, accept: true, why: `${limit} (at the limit)` })
      out.push({ field, value: limit + step, accept: false, why: `${limit + step} (past the limit)` })
    }
  }
  if (s.type === 'array' && s.maxItems !== undefined) {
    const entry = { namespace: 'n' }
    out.push({ field, value: Array(s.maxItems).fill(entry), accept: true, why: `${s.maxItems} items (max)` })
    out.push({ field, value: Array(s.maxItems + 1).fill(entry), accept: false, why: `${s.maxItems + 1} items (max + 1)` })
  }
  return out.map((p) => ({ ...p, value: item(p.value) }))
}

const body = batchScanSchema(false).body as unknown as Schema
const listItem = body.properties!.image_info_list!.items!
const base = { image_type: 'private_image', image_info_list: [{ namespace: 'test', image_name: 'openjdk', image_version: 'v8.8' }] }

const bodyProbes: Array<Probe & { payload: Record<string, unknown> }> = []
for (const [name, s] of Object.entries(body.properties!)) {
  for (const p of probesFor(name, s)) bodyProbes.push({ ...p, payload: { ...base, [name]: p.value } })
}
for (const [name, s] of Object.entries(listItem.properties!)) {
  // Put the probed item at index 3 so the message must carry the index.
  for (const p of probesFor(`image_info_list[3].${name}`, s)) {
    const list = [{}, {}, {}, { [name]: p.value }]
    bodyProbes.push({ ...p, payload: { ...base, image_info_list: list } })
  }
}

t.test('the generator found every documented body limit', async (t) => {
  const fields = new Set(bodyProbes.map((p) => p.field))
  for (const name of Object.keys(body.properties!)) t.ok(fields.has(name), `${name} is probed`)
  for (const name of Object.keys(listItem.properties!)) t.ok(fields.has(`image_info_list[3].${name}`), `item ${name} is probed`)
})

t.test('body fields at and past their limits', async (t) => {
  const { app } = await build(t)
  let accepted = 0
  for (const probe of bodyProbes) {
    const res = await app.inject({ method: 'POST', url: '/v5/p/image/batch-scan', headers: TOKEN, payload: probe.payload })
    if (probe.accept) {
      t.equal(res.statusCode, 200, `${probe.field}: ${probe.why} is accepted`)
      accepted++
    } else {
      t.equal(res.statusCode, 400, `${probe.field}: ${probe.why} is rejected`)
      const code = probe.code ?? 'HSS.0001'
      t.equal(res.json().error_code, code, `${probe.field}: ${probe.why} → ${code}`)
      t.ok(res.json().error_msg.startsWith(`${probe.field} `), `${probe.field}: message names the field (${res.json().error_msg})`)
    }
  }
  t.equal(app.mock.jobs().length, accepted, 'exactly the accepted requests were recorded')
})

interface PartCase { field: string, schema: Schema, request: (v: string) => { url: string, headers: Record<string, string> } }

const partProps = (s: TSchema) => (s as unknown as Schema).properties!
const parts: PartCase[] = [
  {
    field: 'project_id',
    schema: partProps(batchScanSchema(false).params).project_id!,
    request: (v) => ({ url: `/v5/${v}/image/batch-scan`, headers: TOKEN })
  },
  {
    field: 'enterprise_project_id',
    schema: partProps(batchScanSchema(false).querystring).enterprise_project_id!,
    request: (v) => ({ url: `/v5/p/image/batch-scan?enterprise_project_id=${v}`, headers: TOKEN })
  },
  {
    field: 'region',
    schema: partProps(batchScanSchema(false).headers).region!,
    request: (v) => ({ url: '/v5/p/image/batch-scan', headers: { ...TOKEN, region: v } })
  },
  {
    field: 'X-Auth-Token',
    schema: partProps(batchScanSchema(false).headers)['x-auth-token']!,
    request: (v) => ({ url: '/v5/p/image/batch-scan', headers: { 'x-auth-token': v } })
  }
]

t.test('path, query and header limits', async (t) => {
  const { app } = await build(t)
  for (const part of parts) {
    for (const probe of probesFor(part.field, part.schema)) {
      const { url, headers } = part.request(probe.value as string)
      const res = await app.inject({ method: 'POST', url, headers, payload: { image_type: 'private_image', operate_all: true } })
      if (probe.accept) {
        t.equal(res.statusCode, 200, `${part.field}: ${probe.why} is accepted`)
      } else if (part.field === 'X-Auth-Token' && probe.value === '') {
        // An empty token is no token: the gateway answers 401 before any validation.
        assertHssError(t, res, 401, 'APIGW.0301')
      } else {
        assertHssError(t, res, 400, 'HSS.0001')
        t.ok(res.json().error_msg.startsWith(`${part.field} `), `${part.field}: ${probe.why} is rejected naming it (${res.json().error_msg})`)
      }
    }
  }
})
