import type { IncomingHttpHeaders } from 'node:http'
import type { Clock } from '../../clock.js'
import { HssError } from '../errors.js'
import type { Identity } from '../scan-jobs.js'
import { checkSdkDate, isSignatureAuthorization, parseAuthorization, verifySignature } from './aksk.js'

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

export interface AuthRules {
  /** AK → SK. Empty: any well-formed signature passes, so a new user needs no set-up. */
  credentials: ReadonlyMap<string, string>
  /** Empty: any token passes (its length is checked by validation, as for every header). */
  tokens: ReadonlySet<string>
  clock: Clock
}

/**
 * The gateway's rules: an X-Auth-Token, or an `Authorization: SDK-HMAC-SHA256 …` signature with its
 * X-Sdk-Date. Neither → 401 "x-auth-token not found".
 */
export function createAuthenticator (rules: AuthRules): Authenticator {
  return {
    authenticate (req) {
      const token = req.headers['x-auth-token']
      if (typeof token === 'string' && token !== '') return checkToken(rules, token)
      const authorization = req.headers.authorization
      if (typeof authorization === 'string' && isSignatureAuthorization(authorization)) {
        return checkSignature(rules, req, authorization)
      }
      throw new HssError('authFailed')
    }
  }
}

function checkToken (rules: AuthRules, token: string): Identity {
  if (rules.tokens.size > 0 && !rules.tokens.has(token)) throw new HssError('authFailed', 'Incorrect IAM authentication information: decrypt token fail')
  return { kind: 'token' }
}

function checkSignature (rules: AuthRules, req: AuthRequest, authorization: string): Identity {
  const header = parseAuthorization(authorization)
  const sk = rules.credentials.get(header.ak)
  if (rules.credentials.size > 0 && sk === undefined) {
    throw new HssError('authFailed', `Incorrect IAM authentication information: Get secretKey failed,ak:${header.ak},err:ak not exist`)
  }
  const sdkDate = checkSdkDate(req, header, rules.clock.now())
  if (sk !== undefined) verifySignature(req, header, sdkDate, sk)
  return { kind: 'aksk', ak: header.ak }
}

/** `AK:SK` entries (HSS_MOCK_CREDENTIALS) as a lookup table; the SK may itself contain colons. */
export function parseCredentialList (entries: readonly string[]): Map<string, string> {
  return new Map(entries.map((entry) => {
    const colon = entry.indexOf(':')
    return [entry.slice(0, colon), entry.slice(colon + 1)]
  }))
}
