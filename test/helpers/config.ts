import { loadConfig, type Config } from '../../src/config.js'

/** The configuration CLI flags and environment give, for a run (not --help or --version). */
export function runConfig (argv: string[], env: NodeJS.ProcessEnv = {}): Config {
  const result = loadConfig(argv, env)
  if (result.kind !== 'run') throw new Error(`expected a configuration, got ${result.kind}`)
  return result.config
}
