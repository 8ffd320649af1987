import type { Test } from 'tap'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { HssErrorBody } from '../../src/http/common.schema.js'

/** Fastify serialises responses but does not validate them; tests do. */
export function assertMatches (t: Test, schema: TSchema, value: unknown, what = 'response body'): void {
  const errors = [...Value.Errors(schema, value)].map((e) => `${e.instancePath} ${e.message}`)
  t.same(errors, [], `${what} matches its schema`)
}

/** A Huawei error response: status, code, shape, and request_id equal to the X-Request-Id header. */
export function assertHssError (
  t: Test,
  res: { statusCode: number, headers: Record<string, unknown>, json: () => unknown },
  status: number,
  code: string,
  msg?: string | RegExp
): void {
  t.equal(res.statusCode, status, `status ${status}`)
  const body = res.json() as { error_code: string, error_msg: string, request_id: string }
  assertMatches(t, HssErrorBody, body, 'error body')
  t.same(Object.keys(body).sort(), ['error_code', 'error_msg', 'request_id'], 'only the three Huawei fields')
  t.equal(body.error_code, code, `error_code ${code}`)
  if (typeof msg === 'string') t.equal(body.error_msg, msg)
  else if (msg !== undefined) t.match(body.error_msg, msg)
  t.ok(res.headers['x-request-id'], 'X-Request-Id header present')
  t.equal(body.request_id, res.headers['x-request-id'], 'request_id equals X-Request-Id')
}
