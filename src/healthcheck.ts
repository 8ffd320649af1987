#!/usr/bin/env node
// The container's HEALTHCHECK (the image has no curl). It reads the same environment as the server, so a
// changed PORT, HOST, control-route prefix or TLS setting is probed where and how the server actually listens.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { loadConfig, type Config } from './config.js'

const PROBE_TIMEOUT_MS = 2000

function probe (config: Config): Promise<boolean> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  // Without the control routes there is no health route; any answer from the server means it is up.
  const path = config.admin ? `${config.adminPrefix}/health` : '/'
  const options = { host, port: config.port, path, timeout: PROBE_TIMEOUT_MS }
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage) => {
      res.resume()
      const status = res.statusCode ?? 0
      resolve(!config.admin || (status >= 200 && status < 300))
    }
    const tls = config.tls !== 'off' || config.tlsCert !== ''
    // The certificate may be self-signed or name another host: this checks liveness, not identity.
    const req: ClientRequest = tls
      ? httpsRequest({ ...options, rejectUnauthorized: false }, onResponse)
      : httpRequest(options, onResponse)
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

function readConfig (): Config | undefined {
  try {
    const cli = loadConfig([], process.env)
    return cli.kind === 'run' ? cli.config : undefined
  } catch {
    return undefined
  }
}

const config = readConfig()
process.exit(config !== undefined && await probe(config) ? 0 : 1)
