import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { errorCatalogue, HssError, type ErrorBody, type ErrorKind } from '../domain/errors.js'
import { describeValidationError, isTypeError } from './validation.js'

// The only place that builds Huawei's error body.

export function errorBody (kind: ErrorKind, requestId: string, msg?: string): ErrorBody {
  return { error_code: errorCatalogue[kind].code, error_msg: msg ?? errorCatalogue[kind].msg, request_id: requestId }
}

export function sendError (reply: FastifyReply, err: HssError): FastifyReply {
  const body: ErrorBody = { error_code: err.code, error_msg: err.message, request_id: reply.request.id }
  return reply.code(err.status).type('application/json').send(body)
}

const parseFailures = new Set([
  'FST_ERR_CTP_EMPTY_JSON_BODY',
  'FST_ERR_CTP_INVALID_JSON_BODY',
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_INVALID_TYPE',
  'FST_ERR_CTP_INSTANCE_ALREADY_STARTED'
])

/** Maps anything thrown while handling a request to a Huawei error; client input never yields a 5xx. */
export function toHssError (err: FastifyError | HssError | Error): HssError {
  if (err instanceof HssError) return err
  const fe = err as FastifyError
  if (fe.validation !== undefined && fe.validation.length > 0) {
    const first = fe.validation[0]!
    const message = describeValidationError(fe.validationContext ?? 'body', first as never)
    return new HssError(isTypeError(first as never) ? 'parseFailed' : 'invalidParameter', message)
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) return new HssError('entityTooLarge')
  if (fe.code !== undefined && parseFailures.has(fe.code)) return new HssError('parseFailed')
  if (fe.statusCode === 404) return new HssError('apiNotFound')
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) return new HssError('requestError')
  return new HssError('internalError')
}

export function hssErrorHandler (this: unknown, err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const hssErr = toHssError(err)
  if (hssErr.status >= 500 && !(err instanceof HssError)) {
    request.log.error({ err }, 'unexpected error')
  }
  return sendError(reply, hssErr)
}

/**
 * Requests Fastify refuses before routing: a path with broken percent-encoding, a path parameter
 * over maxParamLength. Without this they would get Fastify's own error body.
 */
export function hssFrameworkError (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // Sent outside the route's hook chain, so the onSend hook that sets X-Request-Id does not run.
  reply.header('x-request-id', request.id)
  return sendError(reply, toHssError(err))
}

export function hssNotFound (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(reply, new HssError('apiNotFound'))
}

/**
 * Errors Node's HTTP server raises outside Fastify's request cycle: a header block over the limit,
 * a malformed request line, a request that did not arrive in time. Answered in Huawei's shape too,
 * unless part of a response already went out, then the connection is closed.
 */
export function clientErrorHandler (newRequestId: () => string) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    if (socket.destroyed) return
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (!socket.writable || inFlight?.headersSent === true) {
      socket.destroy()
      return
    }
    const kind = clientErrorKind(err.code)
    const { status } = errorCatalogue[kind]
    const id = newRequestId()
    const body = JSON.stringify(errorBody(kind, id))
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`)
  }
}

function clientErrorKind (code: string | undefined): ErrorKind {
  if (code === 'HPE_HEADER_OVERFLOW') return 'headerTooLarge'
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'requestTimeout'
  return 'requestError'
}
