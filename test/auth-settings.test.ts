import t from 'tap'
import { ConfigError, describeConfig } from '../src/config.js'
import { runConfig } from './helpers/config.js'


t.test('authentication defaults: on, no credential lists, no fixed project ids, no TLS', async (t) => {
  const config = runConfig([])
  t.same([config.auth, config.credentials, config.tokens, config.projectIds, config.tls, config.tlsCert, config.tlsKey],
    ['on', [], [], [], 'off', '', ''])
})

t.test('credential, token and project id lists are read from the environment or the flags', async (t) => {
  const config = runConfig(['--tokens', 'tok-1, tok-2'], {
    HSS_MOCK_CREDENTIALS: 'AK1:SK1,AK2:s:k:2',
    HSS_MOCK_TOKENS: 'ignored-because-the-flag-wins',
    HSS_MOCK_PROJECT_IDS: 'cn-north-4=0123456789abcdef0123456789abcdef',
    HSS_MOCK_AUTH: 'off',
    HSS_MOCK_TLS: 'self-signed'
  })
  t.same(config.credentials, ['AK1:SK1', 'AK2:s:k:2'])
  t.same(config.tokens, ['tok-1', 'tok-2'])
  t.same(config.projectIds, ['cn-north-4=0123456789abcdef0123456789abcdef'])
  t.equal(config.auth, 'off')
  t.equal(config.tls, 'self-signed')
})

t.test('a malformed credential list is a one-line ConfigError that does not repeat the secrets', async (t) => {
  for (const raw of ['AK1:SK1,justakey', 'AK1:', ':SK1', 'AK 1:SK1']) {
    const err = t.throws(() => runConfig([], { HSS_MOCK_CREDENTIALS: raw })) as Error
    t.ok(err instanceof ConfigError)
    t.equal(err.message, 'invalid HSS_MOCK_CREDENTIALS (--credentials) ***: must be comma-separated AK:SK pairs')
  }
  const tokenErr = t.throws(() => runConfig(['--tokens', `ok,${'t'.repeat(32769)}`])) as Error
  t.notMatch(tokenErr.message, 'ttt')
})

t.test('malformed project ids, auth and TLS values are refused', async (t) => {
  t.throws(() => runConfig([], { HSS_MOCK_PROJECT_IDS: 'cn-north-4' }), { message: /must be comma-separated region=project_id pairs/ })
  t.throws(() => runConfig([], { HSS_MOCK_PROJECT_IDS: 'cn-north-4=a/b' }), ConfigError)
  t.throws(() => runConfig([], { HSS_MOCK_AUTH: 'maybe' }), { message: /must be one of on, off/ })
  t.throws(() => runConfig([], { HSS_MOCK_TLS: 'yes' }), { message: /must be one of off, self-signed/ })
})

t.test('the start-up description masks credentials and tokens', async (t) => {
  const described = JSON.stringify(describeConfig(runConfig([], { HSS_MOCK_CREDENTIALS: 'AK1:SECRET1', HSS_MOCK_TOKENS: 'TOKEN1' })))
  t.notMatch(described, /SECRET1|TOKEN1|AK1/)
  t.match(described, '"credentials":["***"]')
})
