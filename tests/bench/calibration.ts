// How fast is this machine today, compared with the day GlobaLeaks 4.14.8 was measured on it (issues 7
// and 8)? This shared 2-core machine has run up to 3× slower on some days than on others, so a figure
// measured today is compared with GlobaLeaks' stored one only after scaling it by the same CPU work timed
// on both days: Argon2id at ops 2 / 64 MiB, which both products' submission time is dominated by
// (GlobaLeaks 4.x spends two Argon2id at ops 16 / 128 MiB per receipt; backend/globaleaks/utils/crypto.py).
import sodium from 'libsodium-wrappers-sumo'

/**
 * The reference day: GlobaLeaks' no-JS submission p50 and `/api/public` req/s (issue 7's tables), and
 * Argon2id ops 2 / 64 MiB in Node on the idle machine (issue 8, crypto/README.md "Measured").
 */
export const REFERENCE_DAY = {
  globaleaksSubmissionMs: 2_580,
  globaleaksLandingPerSecond: 3_275,
  argon2Ops2Mem64Ms: 108,
}

/** The times of `runs` Argon2id derivations at `ops` / `mib` on this thread, after one unmeasured. */
export async function argon2Samples(ops: number, mib: number, runs: number): Promise<number[]> {
  await sodium.ready
  const salt = sodium.randombytes_buf(16)
  const derive = (i: number) =>
    sodium.crypto_pwhash(
      32,
      `1234567890123456-${i}`,
      salt,
      ops,
      mib * 2 ** 20,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    )
  derive(-1)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    derive(i)
    samples.push(performance.now() - started)
  }
  return samples
}

/** Median of `runs` Argon2id derivations at ops 2 / 64 MiB on this thread. */
export async function argon2ReferenceWork(runs = 7): Promise<number> {
  const samples = await argon2Samples(2, 64, runs)
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!
}

/**
 * How much slower this machine is now than on the reference day (above 1: slower), and GlobaLeaks' figures
 * scaled by it: its submission takes that much longer, its landing page serves that much less.
 */
export async function globaleaksToday(): Promise<{
  argon2Ms: number
  factor: number
  submissionMs: number
  landingPerSecond: number
}> {
  const argon2Ms = await argon2ReferenceWork()
  const factor = argon2Ms / REFERENCE_DAY.argon2Ops2Mem64Ms
  return {
    argon2Ms,
    factor,
    submissionMs: REFERENCE_DAY.globaleaksSubmissionMs * factor,
    landingPerSecond: REFERENCE_DAY.globaleaksLandingPerSecond / factor,
  }
}

/** The one line a bench section prints about it. */
export function describeToday(today: { argon2Ms: number; factor: number }): string {
  return `this machine now: Argon2id ops 2 / 64 MiB median ${today.argon2Ms.toFixed(0)} ms against ${REFERENCE_DAY.argon2Ops2Mem64Ms} ms on the day GlobaLeaks was measured (×${today.factor.toFixed(2)} slower)`
}
