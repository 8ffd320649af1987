import type { IncomingHttpHeaders } from 'node:http'
import { HssError } from '../errors.js'
import type { Identity } from '../scan-jobs.js'

/** What authentication needs of a request: enough to rebuild an AK/SK canonical request. */
export interface AuthRequest {
  method: string
  /** Path and query exactly as received. */
  url: string
  headers: IncomingHttpHeaders
  /** The raw body bytes, or null when the request had none. */
  body: Buffer | null
}

export interface Authenticator {
  /** Returns who made the request, or throws an HssError (401 APIGW.0301). */
  authenticate (req: AuthRequest): Identity
}

export const allowAll: Authenticator = { authenticate: () => ({ kind: 'anonymous' }) }

/**
 * The gateway's first check: some credential must be present, an X-Auth-Token or an
 * `Authorization: SDK-HMAC-SHA256 …` signature. Neither → 401 "x-auth-token not found".
 */
export const requireCredentials: Authenticator = {
  authenticate (req) {
    const token = req.headers['x-auth-token']
    if (typeof token === 'string' && token !== '') return { kind: 'token' }
    const authorization = req.headers.authorization
    const signed = typeof authorization === 'string' && /^SDK-HMAC-SHA256\s+Access=([^,\s]+)/.exec(authorization)
    if (signed) return { kind: 'aksk', ak: signed[1]! }
    throw new HssError('authFailed')
  }
}
