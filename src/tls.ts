import { readFile } from 'node:fs/promises'
import { ConfigError, type Config } from './config.js'

export interface TlsMaterial {
  cert: string
  key: string
}

/** The certificate and key to serve HTTPS with, or null for plain HTTP; a setting that cannot work is a ConfigError. */
export async function loadTls (config: Pick<Config, 'tls' | 'tlsCert' | 'tlsKey'>): Promise<TlsMaterial | null> {
  const fromFiles = config.tlsCert !== '' || config.tlsKey !== ''
  if (fromFiles && config.tls === 'self-signed') {
    throw new ConfigError('set either HSS_MOCK_TLS=self-signed or HSS_MOCK_TLS_CERT and HSS_MOCK_TLS_KEY, not both')
  }
  if (fromFiles) {
    if (config.tlsCert === '' || config.tlsKey === '') throw new ConfigError('HSS_MOCK_TLS_CERT and HSS_MOCK_TLS_KEY must be set together')
    return { cert: await readPem('HSS_MOCK_TLS_CERT', config.tlsCert), key: await readPem('HSS_MOCK_TLS_KEY', config.tlsKey) }
  }
  return config.tls === 'self-signed' ? await generateLocalhostCertificate() : null
}

async function readPem (env: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    throw new ConfigError(`cannot read ${env} ${JSON.stringify(path)}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`)
  }
}

// An EC key is generated in milliseconds where RSA takes a noticeable part of start-up.
// Imported only when needed: loading it costs ~16 MB and ~100 ms of start-up even with TLS off.
async function generateLocalhostCertificate (): Promise<TlsMaterial> {
  const { generate } = await import('selfsigned')
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] }
    ]
  })
  return { cert: pems.cert, key: pems.private }
}
