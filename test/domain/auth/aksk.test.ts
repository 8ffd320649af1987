import t, { type Test } from 'tap'
import { createManualClock } from '../../../src/clock.js'
import { buildCanonicalRequest, buildStringToSign, parseAuthorization, parseSdkDate, signString, type SignedRequest } from '../../../src/domain/auth/aksk.js'
import { createAuthenticator, type AuthRequest } from '../../../src/domain/auth/auth.js'
import { HssError } from '../../../src/domain/errors.js'

// The worked example of shared/reference/aksk-signing.md §6, cross-checked there against the official SDKs.
const AK = 'HSSMOCKEXAMPLEAK0001'
const SK = 'hssMockExampleSecretKey0000000000000001'
const PROJECT = '0123456789abcdef0123456789abcdef'
const BODY = '{"image_type":"private_image","image_info_list":[{"namespace":"demo","image_name":"nginx","image_version":"1.25"}]}'
const SIGNED_HEADERS = 'content-type;host;x-project-id;x-sdk-date'
const SIGNATURE = '4dc3727a7f5f5643f74f8ff756d3f4a41ffe728614d02804b7a83b5b84b1d80b'
const SIGNED_AT = Date.UTC(2026, 11, 4, 10, 15, 0)

const CANONICAL_REQUEST = [
  'POST',
  `/v5/${PROJECT}/image/batch-scan/`,
  'enterprise_project_id=0',
  'content-type:application/json;charset=UTF-8',
  'host:127.0.0.1:8080',
  `x-project-id:${PROJECT}`,
  'x-sdk-date:20261204T101500Z',
  '',
  SIGNED_HEADERS,
  'a02afacaadb5146ecfd5f20a7e6b4931c40c773cabfb1f03cd9c91fd0873a984'
].join('\n')

function example (): AuthRequest {
  return {
    method: 'POST',
    url: `/v5/${PROJECT}/image/batch-scan?enterprise_project_id=0`,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      host: '127.0.0.1:8080',
      'x-project-id': PROJECT,
      'x-sdk-date': '20261204T101500Z',
      authorization: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${SIGNED_HEADERS}, Signature=${SIGNATURE}`
    },
    body: Buffer.from(BODY)
  }
}

function authenticator (now = SIGNED_AT, credentials = new Map([[AK, SK]])) {
  return createAuthenticator({ credentials, tokens: new Set(), clock: createManualClock(now) })
}

/** The error message of a refused request, or 'accepted'. */
function outcome (t: Test, req: AuthRequest, auth = authenticator()): string {
  try {
    auth.authenticate(req)
    return 'accepted'
  } catch (err) {
    if (!(err instanceof HssError)) throw err
    t.equal(err.status, 401)
    t.equal(err.code, 'APIGW.0301')
    return err.message
  }
}

t.test('the worked example: canonical request, string to sign and signature', async (t) => {
  const header = parseAuthorization(example().headers.authorization!)
  t.same(header, { ak: AK, signedHeaders: SIGNED_HEADERS.split(';'), signature: SIGNATURE })
  const canonical = buildCanonicalRequest(example() as SignedRequest, header.signedHeaders)
  t.equal(canonical, CANONICAL_REQUEST)
  const stringToSign = buildStringToSign('20261204T101500Z', canonical)
  t.equal(stringToSign, 'SDK-HMAC-SHA256\n20261204T101500Z\n3867a0ad8bfc0a54e95f8b5e7eb949fd93de09bbb341d7fe22abdc5347892976')
  t.equal(signString(SK, stringToSign), SIGNATURE)
})

t.test('the worked example verifies and authenticates as its AK', async (t) => {
  t.same(authenticator().authenticate(example()), { kind: 'aksk', ak: AK })
})

t.test('a change to anything signed after signing fails verification', async (t) => {
  const fail = /^Incorrect IAM authentication information: verify aksk signature fail/
  const cases: Array<[string, (req: AuthRequest) => void]> = [
    ['one body byte', (req) => { req.body = Buffer.from(BODY.replace('1.25', '1.26')) }],
    ['body dropped', (req) => { req.body = null }],
    ['a signed header', (req) => { req.headers['x-project-id'] = 'fedcba9876543210fedcba9876543210' }],
    ['the host', (req) => { req.headers.host = '127.0.0.1:8081' }],
    ['the content type', (req) => { req.headers['content-type'] = 'application/json' }],
    ['a query value', (req) => { req.url = req.url.replace('=0', '=1') }],
    ['a query parameter added', (req) => { req.url += '&x=1' }],
    ['the path', (req) => { req.url = req.url.replace('batch-scan', 'batch-scans') }],
    ['the method', (req) => { req.method = 'PUT' }],
    ['the payload declared unsigned', (req) => { req.headers['x-sdk-content-sha256'] = 'UNSIGNED-PAYLOAD' }],
    ['the date within the window', (req) => { req.headers['x-sdk-date'] = '20261204T101501Z' }],
    ['the signature', (req) => { req.headers.authorization = req.headers.authorization!.replace(/.$/, 'c') }]
  ]
  for (const [what, tamper] of cases) {
    const req = example()
    tamper(req)
    t.match(outcome(t, req), fail, what)
  }
})

t.test('a wrong SK fails verification; an unknown AK is named as not existing', async (t) => {
  t.match(outcome(t, example(), authenticator(SIGNED_AT, new Map([[AK, `${SK}x`]]))), /verify aksk signature fail/)
  t.equal(outcome(t, example(), authenticator(SIGNED_AT, new Map([['OTHERAK', SK]]))),
    `Incorrect IAM authentication information: Get secretKey failed,ak:${AK},err:ak not exist`)
})

t.test('X-Sdk-Date must be within 15 minutes of the server clock, either way', async (t) => {
  const minute = 60_000
  t.equal(outcome(t, example(), authenticator(SIGNED_AT + 15 * minute)), 'accepted')
  t.equal(outcome(t, example(), authenticator(SIGNED_AT - 15 * minute)), 'accepted')
  for (const now of [SIGNED_AT + 15 * minute + 1000, SIGNED_AT - 15 * minute - 1000, SIGNED_AT + 24 * 60 * minute]) {
    t.match(outcome(t, example(), authenticator(now)), /^Incorrect IAM authentication information: x-sdk-date expired/)
  }
})

t.test('a missing, malformed or unsigned X-Sdk-Date is refused', async (t) => {
  const cases: Array<[string, (req: AuthRequest) => void, RegExp]> = [
    ['missing', (req) => { delete req.headers['x-sdk-date'] }, /x-sdk-date not found/],
    ['ISO format', (req) => { req.headers['x-sdk-date'] = '2026-12-04T10:15:00Z' }, /x-sdk-date is not in the format YYYYMMDDTHHMMSSZ/],
    ['no Z', (req) => { req.headers['x-sdk-date'] = '20261204T101500' }, /x-sdk-date is not in the format/],
    ['month 13', (req) => { req.headers['x-sdk-date'] = '20261304T101500Z' }, /x-sdk-date is not in the format/],
    ['not signed', (req) => {
      req.headers.authorization = req.headers.authorization!.replace(';x-sdk-date', '')
    }, /verify aksk signature fail, x-sdk-date is not in SignedHeaders/]
  ]
  for (const [what, change, expected] of cases) {
    const req = example()
    change(req)
    t.match(outcome(t, req), expected, what)
  }
  t.equal(parseSdkDate('20261204T101500Z'), SIGNED_AT)
  t.equal(parseSdkDate('20260229T000000Z'), null, 'no 29 February in 2026')
})

t.test('a malformed or foreign Authorization header is refused without echoing the signature', async (t) => {
  const cases: Array<[string, RegExp]> = [
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${SIGNED_HEADERS}`, /the Authorization header must read/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${SIGNED_HEADERS}, Signature=${SIGNATURE.slice(1)}`, /the Authorization header must read/],
    [`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content type, Signature=${SIGNATURE}`, /the Authorization header must read/],
    [`SDK-HMAC-SM3 Access=${AK}, SignedHeaders=${SIGNED_HEADERS}, Signature=${SIGNATURE}`, /unsupported signing algorithm "SDK-HMAC-SM3"; use SDK-HMAC-SHA256/],
    [`V11-HMAC-SHA256 Credential=${AK}/20261204/cn-north-4/hss, SignedHeaders=host, Signature=${SIGNATURE}`, /unsupported signing algorithm "V11-HMAC-SHA256"/],
    ['SDK-HMAC-SHA256', /the Authorization header must read/],
    ['SDK-HMAC-SHA256 garbage', /the Authorization header must read/],
    ['Bearer abc', /x-auth-token not found$/]
  ]
  for (const [authorization, expected] of cases) {
    const req = example()
    req.headers.authorization = authorization
    const message = outcome(t, req)
    t.match(message, expected, authorization)
    t.notMatch(message, SIGNATURE.slice(0, 16), 'the signature is not echoed')
  }
})

t.test('spaces in the Authorization header and upper-case hex are tolerated', async (t) => {
  const req = example()
  req.headers.authorization = `SDK-HMAC-SHA256  Access=${AK},SignedHeaders=${SIGNED_HEADERS} ,  Signature=${SIGNATURE.toUpperCase()}`
  t.equal(outcome(t, req), 'accepted')
})

t.test('query and path are compared in decoded, re-encoded and sorted form', async (t) => {
  // Node sends querystring.stringify output (!'()* unescaped) and signs the RFC 3986 form.
  const req: SignedRequest = { method: 'get', url: '/v3/a%20b/c?q=a%20b*(!)~%2F&b=2&a=1&a=0&flag&plus=x+y', headers: {}, body: null }
  const [, uri, query] = buildCanonicalRequest(req, []).split('\n')
  t.equal(uri, '/v3/a%20b/c/')
  t.equal(query, 'a=0&a=1&b=2&flag=&plus=x%20y&q=a%20b%2A%28%21%29~%2F')
})

t.test('an undecodable path or query fails verification instead of erroring', async (t) => {
  for (const url of [`/v5/${PROJECT}/image/batch-scan%E0%A4%A?enterprise_project_id=0`, `/v5/${PROJECT}/image/batch-scan?enterprise_project_id=%ZZ`]) {
    const req = example()
    req.url = url
    t.match(outcome(t, req), /verify aksk signature fail/, url)
  }
})
