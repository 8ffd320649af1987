import { errorCatalogue, HssError } from '../domain/errors.js'

export type FaultAction =
  | { type: 'error', status: number, error_code: string, error_msg: string }
  | { type: 'delay', ms: number }
  | { type: 'drop' }

export interface FaultMatch {
  method?: string
  /** A path pattern: `*` matches within one segment, `**` across segments; no pattern matches every path. */
  path?: string
  project_id?: string
}

/** An action as a client writes it: one flat object whose fields depend on `type`. */
export interface FaultActionInput {
  type: 'error' | 'delay' | 'drop'
  status?: number
  error_code?: string
  error_msg?: string
  ms?: number
}

export interface FaultRuleInput {
  match?: FaultMatch
  action: FaultActionInput
  /** Fire this many times, then stop matching. */
  times?: number
  /** Fire on this share of matching requests, decided by a PRNG seeded with `seed`, so runs repeat. */
  probability?: number
  seed?: number
}

export interface FaultRule extends Omit<FaultRuleInput, 'action'> {
  id: string
  match: FaultMatch
  action: FaultAction
  fired: number
  remaining: number | null
}

export interface FaultRequest {
  method: string
  path: string
  project_id: string | undefined
}

/**
 * Fault rules, checked in the order they were added; the first rule that matches and still has
 * uses left fires. Everything here runs synchronously, so a rule with `times: N` fires exactly N times
 * however many requests arrive at once.
 */
export interface FaultEngine {
  add (input: FaultRuleInput): FaultRule
  list (): FaultRule[]
  clear (): number
  /** The action to apply to this request, if a rule fires. */
  take (req: FaultRequest): FaultAction | undefined
  readonly size: number
}

interface LiveRule {
  rule: FaultRule
  path: RegExp | null
  random: () => number
}

export function createFaultEngine (): FaultEngine {
  let rules: LiveRule[] = []
  let counter = 0
  return {
    add (input) {
      const rule: FaultRule = {
        ...input,
        action: toFaultAction(input.action),
        // Sequential ids, so a test can name the rule it added.
        id: `fault-${++counter}`,
        match: input.match ?? {},
        fired: 0,
        remaining: input.times ?? null
      }
      rules.push({ rule, path: compilePath(rule.match.path), random: mulberry32(input.seed ?? counter) })
      return rule
    },
    list: () => rules.map((r) => r.rule),
    clear () {
      const n = rules.length
      rules = []
      return n
    },
    take (req) {
      for (const live of rules) {
        const { rule } = live
        if (rule.remaining === 0 || !matches(live, req)) continue
        if (rule.probability !== undefined && live.random() >= rule.probability) continue
        rule.fired++
        if (rule.remaining !== null) rule.remaining--
        return rule.action
      }
      return undefined
    },
    get size () { return rules.length }
  }
}

/** Checks the fields each action type needs; throws HSS.0001 naming the missing one. */
export function toFaultAction (input: FaultActionInput): FaultAction {
  if (input.type === 'drop') return { type: 'drop' }
  if (input.type === 'delay') {
    if (input.ms === undefined) throw new HssError('invalidParameter', 'action.ms is required when action.type is delay')
    return { type: 'delay', ms: input.ms }
  }
  if (input.status === undefined) throw new HssError('invalidParameter', 'action.status is required when action.type is error')
  if (input.error_code === undefined) throw new HssError('invalidParameter', 'action.error_code is required when action.type is error')
  return {
    type: 'error',
    status: input.status,
    error_code: input.error_code,
    error_msg: input.error_msg ?? knownMessage(input.error_code)
  }
}

function knownMessage (code: string): string {
  return Object.values(errorCatalogue).find((e) => e.code === code)?.msg ?? 'Injected fault.'
}

function matches ({ rule, path }: LiveRule, req: FaultRequest): boolean {
  const m = rule.match
  if (m.method !== undefined && m.method.toUpperCase() !== req.method) return false
  if (m.project_id !== undefined && m.project_id !== req.project_id) return false
  if (path !== null && !path.test(req.path)) return false
  return true
}

function compilePath (pattern: string | undefined): RegExp | null {
  if (pattern === undefined) return null
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) => part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('')
  return new RegExp(`^${source}$`)
}

/** A small seeded PRNG: probability rules give the same sequence on every run. */
function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
