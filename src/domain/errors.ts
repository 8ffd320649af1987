// Every error the mock returns, with Huawei's codes and texts (shared/reference/hss-api.md).
export const errorCatalogue = {
  invalidParameter: { status: 400, code: 'HSS.0001', msg: 'Invalid parameter.' },
  parseFailed: { status: 400, code: 'HSS.0002', msg: 'Failed to parse the request.' },
  accessDenied: { status: 400, code: 'HSS.0010', msg: 'Access denied.' },
  // 400, not 404: Huawei's choice
  resourceNotFound: { status: 400, code: 'HSS.0011', msg: 'Requested resource not found.' },
  insufficientPermissions: { status: 400, code: 'HSS.0013', msg: 'Insufficient permissions.' },
  internalError: { status: 500, code: 'HSS.0041', msg: 'Query host extend info error' },
  apiNotFound: { status: 404, code: 'APIGW.0101', msg: 'The API does not exist or has not been published in the environment.' },
  requestError: { status: 400, code: 'APIGW.0201', msg: 'API request error.' },
  entityTooLarge: { status: 413, code: 'APIGW.0201', msg: 'Request entity too large.' },
  headerTooLarge: { status: 431, code: 'APIGW.0201', msg: 'Request header fields too large.' },
  // Not in the reference: the gateway's code for a malformed request, the nearest documented one.
  requestTimeout: { status: 408, code: 'APIGW.0201', msg: 'Request timeout.' },
  authFailed: { status: 401, code: 'APIGW.0301', msg: 'Incorrect IAM authentication information: x-auth-token not found' },
  throttled: { status: 429, code: 'APIGW.0308', msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute' },
  // The mock's own control plane (/_mock): same body shape, codes of its own.
  mockNotFound: { status: 404, code: 'MOCK.0404', msg: 'No such resource in the mock.' },
  adminUnauthorized: { status: 401, code: 'MOCK.0401', msg: 'The /_mock routes need Authorization: Bearer <HSS_MOCK_ADMIN_TOKEN>.' }
} as const

export type ErrorKind = keyof typeof errorCatalogue

export interface ErrorBody {
  error_code: string
  error_msg: string
  request_id: string
}

export class HssError extends Error {
  readonly kind: ErrorKind | 'injected'
  readonly status: number
  readonly code: string

  constructor (kind: ErrorKind, detail?: string) {
    super(detail ?? errorCatalogue[kind].msg)
    this.name = 'HssError'
    this.kind = kind
    this.status = errorCatalogue[kind].status
    this.code = errorCatalogue[kind].code
  }

  /** An error a test asked for through a fault rule: any status and code, still in Huawei's shape. */
  static injected (status: number, code: string, msg: string): HssError {
    const err = new HssError('internalError', msg)
    return Object.assign(err, { kind: 'injected' as const, status, code })
  }
}
