/**
 * What one Argon2id derivation at the protocol's cost (4 passes, 64 MiB) may take inside the suite: about
 * 0.2–0.6 s alone on this 2-core machine, and many times that while Chromium, servers and other test files
 * share the cores. A test that derives n times gets n of these, plus its other work.
 */
export const ARGON2ID_BUDGET_MS = 15_000

export function argon2idBudget(derivations: number, otherWorkMs = 30_000): number {
  return derivations * ARGON2ID_BUDGET_MS + otherWorkMs
}
