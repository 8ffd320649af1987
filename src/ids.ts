import { randomUUID } from 'node:crypto'

/** Identifier source; tests swap in a sequential one for readable, stable ids. */
export interface Ids {
  requestId (): string
  jobId (): string
}

export function randomIds (): Ids {
  return { requestId: randomUUID, jobId: randomUUID }
}

export function sequentialIds (prefix = ''): Ids {
  let request = 0
  let job = 0
  return {
    requestId: () => `${prefix}req-${++request}`,
    jobId: () => `${prefix}job-${++job}`
  }
}

// A client-chosen X-Request-Id is echoed back only when it is plainly an identifier,
// so nothing a client sends can break a header or a log line.
const wellFormedRequestId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

export function isWellFormedRequestId (value: unknown): value is string {
  return typeof value === 'string' && wellFormedRequestId.test(value)
}
