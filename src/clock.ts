/** Time source for everything that records or compares times; tests swap in a manual clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now (): number
}

export interface ManualClock extends Clock {
  advance (ms: number): void
  set (ms: number): void
}

export const systemClock: Clock = { now: () => Date.now() }

export function createManualClock (start = Date.UTC(2026, 0, 1)): ManualClock {
  let current = start
  return {
    now: () => current,
    advance (ms) { current += ms },
    set (ms) { current = ms }
  }
}

export function isManualClock (clock: Clock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === 'function'
}
