import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { HssError } from '../errors.js'

// Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256) as the official SDKs produce it;
// see shared/reference/aksk-signing.md. Error texts never carry the signature, the SK or the canonical request.

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256'
/** APIG's documented tolerance between X-Sdk-Date and the server clock. */
export const SDK_DATE_WINDOW_MS = 15 * 60 * 1000

const PREFIX = 'Incorrect IAM authentication information: '
const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex')

/** The parts of a request a signature covers. */
export interface SignedRequest {
  method: string
  /** Path and query exactly as received. */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer | null
}

export interface SignatureHeader {
  ak: string
  signedHeaders: string[]
  signature: string
}

const authorizationPattern =
  /^SDK-HMAC-SHA256\s+Access=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]{64})\s*$/
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** True when the Authorization header names an AK/SK algorithm: SDK-HMAC-SHA256 or a newer one (SDK-HMAC-SM3, V11-HMAC-SHA256, …). */
export function isSignatureAuthorization (authorization: string): boolean {
  return /^(SDK|V\d+)-[A-Z0-9-]+(\s|$)/.test(authorization)
}

/** Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; anything else is a 401. */
export function parseAuthorization (authorization: string): SignatureHeader {
  const algorithm = authorization.split(/\s/, 1)[0] ?? ''
  if (algorithm !== SIGNING_ALGORITHM) {
    throw new HssError('authFailed', `${PREFIX}unsupported signing algorithm ${JSON.stringify(algorithm.slice(0, 32))}; use ${SIGNING_ALGORITHM}`)
  }
  const match = authorizationPattern.exec(authorization)
  const signedHeaders = match?.[2]?.split(';') ?? []
  if (match === null || !signedHeaders.every((name) => headerNamePattern.test(name))) {
    throw new HssError('authFailed',
      `${PREFIX}verify aksk signature fail, the Authorization header must read "${SIGNING_ALGORITHM} Access=<AK>, SignedHeaders=<h1;h2>, Signature=<64 hex>"`)
  }
  return { ak: match[1]!, signedHeaders, signature: match[3]!.toLowerCase() }
}

/**
 * Reads X-Sdk-Date (`YYYYMMDDTHHMMSSZ`, UTC), which must be signed, and refuses a date more than
 * 15 minutes away from `now`. Returns the header value, which the string to sign repeats.
 */
export function checkSdkDate (req: SignedRequest, header: SignatureHeader, now: number): string {
  const value = req.headers['x-sdk-date']
  if (typeof value !== 'string' || value === '') throw new HssError('authFailed', `${PREFIX}x-sdk-date not found`)
  if (!header.signedHeaders.some((name) => name.toLowerCase() === 'x-sdk-date')) {
    throw new HssError('authFailed', `${PREFIX}verify aksk signature fail, x-sdk-date is not in SignedHeaders`)
  }
  const at = parseSdkDate(value)
  if (at === null) throw new HssError('authFailed', `${PREFIX}x-sdk-date is not in the format YYYYMMDDTHHMMSSZ`)
  if (Math.abs(now - at) > SDK_DATE_WINDOW_MS) {
    throw new HssError('authFailed', `${PREFIX}x-sdk-date expired, it is more than 15 minutes away from the server time`)
  }
  return value
}

/** `20261204T101500Z` → epoch ms, or null when it is not a real UTC date in that format. */
export function parseSdkDate (value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (m === null) return null
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const at = Date.UTC(year, month - 1, day, hour, minute, second)
  const d = new Date(at)
  const roundTrips = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day &&
    d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second
  return roundTrips ? at : null
}

/** Verifies the signature of a request whose date was already checked; a mismatch is a 401. */
export function verifySignature (req: SignedRequest, header: SignatureHeader, sdkDate: string, sk: string): void {
  let expected: Buffer
  try {
    expected = Buffer.from(signString(sk, buildStringToSign(sdkDate, buildCanonicalRequest(req, header.signedHeaders))), 'hex')
  } catch {
    expected = Buffer.alloc(32)
  }
  const given = Buffer.from(header.signature, 'hex')
  if (!timingSafeEqual(expected, given)) {
    throw new HssError('authFailed', `${PREFIX}verify aksk signature fail, SignedHeaders:${header.signedHeaders.join(';')}`)
  }
}

export function buildCanonicalRequest (req: SignedRequest, signedHeaders: string[]): string {
  const queryAt = req.url.indexOf('?')
  const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt)
  const query = queryAt < 0 ? '' : req.url.slice(queryAt + 1)
  const headerLines = signedHeaders.map((name) => `${name.toLowerCase()}:${headerValue(req.headers, name)}\n`).join('')
  return [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    headerLines,
    signedHeaders.join(';'),
    payloadHash(req)
  ].join('\n')
}

export function buildStringToSign (sdkDate: string, canonicalRequest: string): string {
  return `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`
}

/** Hex HMAC-SHA256 keyed with the SK itself (no key derivation in SDK-HMAC-SHA256). */
export function signString (sk: string, stringToSign: string): string {
  return createHmac('sha256', sk).update(stringToSign).digest('hex')
}

// Python decodes the path before encoding it and Node does not; decoding first gives both the same form.
function canonicalUri (path: string): string {
  const encoded = path.split('/').map((segment) => encode(decodeURIComponent(segment))).join('/')
  return encoded.endsWith('/') ? encoded : `${encoded}/`
}

// SDKs put different escapes on the wire (Node leaves !'()* alone), so decode, then re-encode and sort.
function canonicalQuery (query: string): string {
  const pairs = query.split('&').filter((part) => part !== '').map((part) => {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    const value = eq < 0 ? '' : part.slice(eq + 1)
    return [encode(decodeQueryPart(key)), encode(decodeQueryPart(value))] as const
  })
  pairs.sort(([ka, va], [kb, vb]) => compare(ka, kb) || compare(va, vb))
  return pairs.map(([key, value]) => `${key}=${value}`).join('&')
}

function decodeQueryPart (part: string): string {
  return decodeURIComponent(part.replaceAll('+', ' '))
}

function compare (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** RFC 3986 unreserved characters kept, everything else %XX in upper-case hex. */
function encode (value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function headerValue (headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name.toLowerCase()]
  return (Array.isArray(value) ? value.join(',') : value ?? '').trim()
}

function payloadHash (req: SignedRequest): string {
  const literal = req.headers['x-sdk-content-sha256']
  if (typeof literal === 'string') return literal
  return req.body === null || req.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(req.body)
}

function sha256Hex (data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
