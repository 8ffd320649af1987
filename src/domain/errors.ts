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
  authFailed: { status: 401, code: 'APIGW.0301', msg: 'Incorrect IAM authentication information: x-auth-token not found' },
  throttled: { status: 429, code: 'APIGW.0308', msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute' }
} as const

export type ErrorKind = keyof typeof errorCatalogue

export interface ErrorBody {
  error_code: string
  error_msg: string
  request_id: string
}

export class HssError extends Error {
  readonly kind: ErrorKind

  constructor (kind: ErrorKind, detail?: string) {
    super(detail ?? errorCatalogue[kind].msg)
    this.name = 'HssError'
    this.kind = kind
  }

  get status (): number { return errorCatalogue[this.kind].status }
  get code (): string { return errorCatalogue[this.kind].code }
}
