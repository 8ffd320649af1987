import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

function configOf (argv: string[], env: NodeJS.ProcessEnv = {}) {
  const result = loadConfig(argv, env)
  if (result.kind !== 'run') throw new Error(`expected a configuration, got ${result.kind}`)
  return result.config
}

t.test('HSS_MOCK_BASE_PATH takes a path prefix; empty (the default) serves at the root', async (t) => {
  t.equal(configOf([]).basePath, '')
  t.equal(configOf([], { HSS_MOCK_BASE_PATH: '/hss' }).basePath, '/hss')
  t.equal(configOf(['--base-path', '/mock/hss.v1'], { HSS_MOCK_BASE_PATH: '/hss' }).basePath, '/mock/hss.v1', 'the flag wins')
})

t.test('a base path without a leading slash, with a trailing slash or with odd characters is refused with a hint', async (t) => {
  for (const value of ['hss', '/hss/', '/', '/a b', '//hss', '/hss?x=1']) {
    t.throws(() => loadConfig([], { HSS_MOCK_BASE_PATH: value }), new ConfigError(
      `invalid HSS_MOCK_BASE_PATH (--base-path) ${JSON.stringify(value)}: ` +
      'must be empty or a path such as /hss or /mock/hss (leading slash, no trailing slash)'
    ), JSON.stringify(value))
  }
})

t.test('HSS_MOCK_TRUST_PROXY is off by default and reads the usual boolean spellings', async (t) => {
  t.equal(configOf([]).trustProxy, false)
  t.equal(configOf([], { HSS_MOCK_TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(configOf(['--trust-proxy', 'off'], { HSS_MOCK_TRUST_PROXY: 'on' }).trustProxy, false)
  t.throws(() => loadConfig([], { HSS_MOCK_TRUST_PROXY: 'maybe' }), /invalid HSS_MOCK_TRUST_PROXY \(--trust-proxy\) "maybe"/)
})
