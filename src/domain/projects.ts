import { createHash } from 'node:crypto'

/** The IAM projects the mock pretends exist: exactly one per region name, always the same one. */
export interface ProjectDirectory {
  projectIdOf (region: string): string
  /** The account (domain) every project belongs to. */
  readonly domainId: string
}

/**
 * Configured `region=project_id` pairs win; any other region gets 32 hex characters derived from its name,
 * so restarts and separate mock instances agree. Always exactly one project: the Node SDK answers
 * zero or several by trying to create a project.
 */
export function createProjectDirectory (pairs: readonly string[]): ProjectDirectory {
  const configured = new Map(pairs.map((pair) => {
    const eq = pair.indexOf('=')
    return [pair.slice(0, eq), pair.slice(eq + 1)]
  }))
  return {
    projectIdOf: (region) => configured.get(region) ?? derivedId(`project:${region}`),
    domainId: derivedId('domain')
  }
}

function derivedId (seed: string): string {
  return createHash('sha256').update(`hss-mock:${seed}`).digest('hex').slice(0, 32)
}
