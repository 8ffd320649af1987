import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { connect, type PeerCertificate } from 'node:tls'
import t from 'tap'
import { ConfigError } from '../src/config.js'
import { loadTls } from '../src/tls.js'
import { build, TOKEN } from './helpers/build.js'

const OFF = { tls: 'off', tlsCert: '', tlsKey: '' } as const

function peerCertificate (port: number): Promise<{ cert: PeerCertificate, authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve({ cert: socket.getPeerCertificate(), authorized: socket.authorized })
      socket.end()
    })
    socket.on('error', reject)
  })
}

t.test('plain HTTP unless asked for TLS', async (t) => {
  t.equal(await loadTls(OFF), null)
})

t.test('HSS_MOCK_TLS=self-signed serves HTTPS on the same port with a certificate for localhost, 127.0.0.1 and ::1', async (t) => {
  const { app } = await build(t, { config: { tls: 'self-signed' } })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.match(url, /^https:\/\/127\.0\.0\.1:\d+$/)
  const { cert, authorized } = await peerCertificate(Number(new URL(url).port))
  t.equal(cert.subject.CN, 'localhost')
  t.equal(cert.subjectaltname, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
  t.equal(authorized, false, 'self-signed: clients must skip verification')
})

t.test('certificate and key files are served as given', async (t) => {
  const generated = await loadTls({ ...OFF, tls: 'self-signed' })
  const dir = t.testdir({ 'cert.pem': generated!.cert, 'key.pem': generated!.key })
  const { app } = await build(t, { config: { tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') } })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const { cert } = await peerCertificate(Number(new URL(url).port))
  t.equal(cert.raw.toString('base64'), generated!.cert.replace(/-----[A-Z ]+-----|\s/g, ''))
  const res = await app.inject({ method: 'GET', url: '/v3/projects?name=cn-north-4', headers: TOKEN })
  t.equal(res.statusCode, 200)
})

t.test('TLS settings that cannot work are configuration errors', async (t) => {
  const dir = t.testdir({ 'cert.pem': 'x' })
  writeFileSync(join(dir, 'key.pem'), 'x')
  const cases: Array<[object, RegExp]> = [
    [{ tlsCert: join(dir, 'cert.pem') }, /^HSS_MOCK_TLS_CERT and HSS_MOCK_TLS_KEY must be set together$/],
    [{ tlsKey: join(dir, 'key.pem') }, /must be set together/],
    [{ tls: 'self-signed', tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') }, /set either HSS_MOCK_TLS=self-signed or HSS_MOCK_TLS_CERT and HSS_MOCK_TLS_KEY, not both/],
    [{ tlsCert: join(dir, 'missing.pem'), tlsKey: join(dir, 'key.pem') }, /^cannot read HSS_MOCK_TLS_CERT ".*missing\.pem": ENOENT$/]
  ]
  for (const [config, expected] of cases) {
    await t.rejects(loadTls({ ...OFF, ...config }), ConfigError)
    await t.rejects(loadTls({ ...OFF, ...config }), { message: expected })
  }
})
