import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { AccountSecrets, NewAccountKeys, ReporterKeys } from '../../crypto/index.js'
import * as crypto from '../../crypto/index.js'
import { projectRoot } from '../paths.js'
import type { KdfRequest, KdfResponse, KdfTask } from './worker.js'

/** Every worker is busy and the queue is full: answer 503 and let the client retry, don't pile up work. */
export class KdfBusy extends Error {
  override name = 'KdfBusy'
  constructor() {
    super('key derivation queue is full')
  }
}

/** The pool was closed (shutdown) before this derivation ran or finished. */
export class KdfPoolClosed extends Error {
  override name = 'KdfPoolClosed'
  constructor() {
    super('key derivation pool is closed')
  }
}

/** A worker thread died (crash, out of memory, failed to start) while holding this derivation. */
export class KdfWorkerFailed extends Error {
  override name = 'KdfWorkerFailed'
}

export type KdfPool = {
  deriveReporterKeys(code: string, codeSalt: Uint8Array): Promise<ReporterKeys>
  deriveAccountSecrets(password: string, salt: Uint8Array): Promise<AccountSecrets>
  createAccountKeys(password: string): Promise<NewAccountKeys>
  rewrapAccountSecretKey(
    oldPassword: string,
    oldSalt: Uint8Array,
    encryptedSecretKey: Uint8Array,
    newPassword: string,
  ): Promise<{ salt: Uint8Array; auth: Uint8Array; encryptedSecretKey: Uint8Array }>
  /** Starts every worker now instead of on first use (each costs a cold start, see crypto/README.md). */
  warm(): Promise<void>
  /**
   * Starts one worker in the background if none is running, for pages after which a derivation is likely
   * (the no-JS report form, the follow-up code form): the reporter then does not wait for its cold start.
   */
  prewarm(): void
  close(): Promise<void>
}

export type KdfPoolOptions = {
  size?: number
  maxQueue?: number
  /** A worker with nothing to do for this long ends, which returns its Argon2id arena (65 MB) to the OS. */
  idleTimeoutMs?: number
}

// Each worker holds a 64 MiB Argon2id arena once used: cap the default on many-core hosts.
const DEFAULT_MAX_SIZE = 8
// Waiting beats refusing (a refused no-JS reporter must resend): 128 queued derivations at ~0.2 s each on
// two workers is ~13 s, well inside the request timeout. A queued job holds only a code and a salt.
const DEFAULT_MAX_QUEUE = 128
const DEFAULT_IDLE_TIMEOUT_MS = 30_000

// Workers always run the compiled worker (npm run build, which npm start and npm test run first), also under
// vitest: one code path, and no TypeScript loader in any thread.
export const workerFile = resolve(projectRoot, 'dist', 'server', 'kdf', 'worker.js')

type Job = { request: Omit<KdfRequest, 'id'>; resolve(value: unknown): void; reject(error: Error): void }
type Slot = { worker: Worker; started: boolean; job?: Job & { id: number }; idleTimer?: NodeJS.Timeout }

// Errors the crypto layer names (WrongPassword, CaseCodeInvalid, …) come back as the same classes.
type ErrorClass = new (message?: string) => Error
const cryptoErrors = new Map<string, ErrorClass>()
for (const [name, value] of Object.entries(crypto) as [string, unknown][]) {
  if (typeof value === 'function' && value.prototype instanceof Error)
    cryptoErrors.set(name, value as ErrorClass)
}

function revive(error: { name: string; message: string }): Error {
  const ErrorClass = cryptoErrors.get(error.name)
  if (!ErrorClass) return Object.assign(new Error(error.message), { name: error.name })
  const revived = new ErrorClass(error.message)
  revived.message = error.message
  return revived
}

export function createKdfPool(options: KdfPoolOptions = {}): KdfPool {
  const size = Math.max(1, options.size ?? Math.min(availableParallelism(), DEFAULT_MAX_SIZE))
  const maxQueue = Math.max(0, options.maxQueue ?? DEFAULT_MAX_QUEUE)
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
  const slots: Slot[] = []
  const queue: Job[] = []
  const startWaiters: (() => void)[] = []
  const retiring = new Set<Promise<number>>()
  let nextId = 1
  let closed = false

  function spawn(): Slot {
    const worker = new Worker(workerFile)
    const slot: Slot = { worker, started: false }
    slots.push(slot)
    worker.on('message', (message: KdfResponse) => {
      if ('ready' in message) {
        slot.started = true
        for (const notify of startWaiters.splice(0)) notify()
      } else if (slot.job && message.id === slot.job.id) {
        const { resolve, reject } = slot.job
        slot.job = undefined
        if (message.ok) resolve(message.value)
        else reject(revive(message.error))
      }
      dispatch()
    })
    worker.on('error', (error) => {
      slot.job?.reject(new KdfWorkerFailed(`key derivation worker failed: ${error.message}`))
      slot.job = undefined
      // A worker that dies before it ever started will not start the next time either: fail fast.
      if (!slot.started) for (const job of queue.splice(0)) job.reject(new KdfWorkerFailed(error.message))
    })
    worker.on('exit', () => {
      clearTimeout(slot.idleTimer)
      const index = slots.indexOf(slot)
      if (index >= 0) slots.splice(index, 1)
      slot.job?.reject(new KdfWorkerFailed('key derivation worker exited'))
      slot.job = undefined
      for (const notify of startWaiters.splice(0)) notify()
      if (!closed) dispatch()
    })
    return slot
  }

  // Out of the pool first, so no job can be handed to a worker that is on its way out.
  function retire(slot: Slot): void {
    slots.splice(slots.indexOf(slot), 1)
    const exit = slot.worker.terminate()
    retiring.add(exit)
    void exit.finally(() => retiring.delete(exit))
  }

  function dispatch(): void {
    while (queue.length > 0) {
      const idle = slots.find((slot) => slot.started && !slot.job)
      if (!idle) break
      const job = queue.shift()!
      const id = nextId++
      idle.job = { ...job, id }
      idle.worker.postMessage({ id, ...job.request } satisfies KdfRequest)
    }
    const starting = slots.filter((slot) => !slot.started).length
    for (let i = starting; i < queue.length && slots.length < size; i++) spawn()
    // Idle workers must not keep a finished CLI command alive; busy or awaited ones must.
    const awaited = queue.length > 0 || startWaiters.length > 0
    for (const slot of slots) {
      if (slot.job || (!slot.started && awaited)) slot.worker.ref()
      else slot.worker.unref()
      if (slot.job || !slot.started) {
        clearTimeout(slot.idleTimer)
        slot.idleTimer = undefined
      } else if (!slot.idleTimer) {
        slot.idleTimer = setTimeout(() => retire(slot), idleTimeoutMs)
        slot.idleTimer.unref()
      }
    }
  }

  function run<T>(task: KdfTask, args: unknown[]): Promise<T> {
    if (closed) return Promise.reject(new KdfPoolClosed())
    const inFlight = slots.filter((slot) => slot.job).length
    if (inFlight + queue.length >= size + maxQueue) return Promise.reject(new KdfBusy())
    return new Promise<T>((resolve, reject) => {
      queue.push({ request: { task, args }, resolve: resolve as (value: unknown) => void, reject })
      dispatch()
    })
  }

  return {
    deriveReporterKeys: (code, codeSalt) => run('deriveReporterKeys', [code, codeSalt]),
    deriveAccountSecrets: (password, salt) => run('deriveAccountSecrets', [password, salt]),
    createAccountKeys: (password) => run('createAccountKeys', [password]),
    rewrapAccountSecretKey: (oldPassword, oldSalt, encryptedSecretKey, newPassword) =>
      run('rewrapAccountSecretKey', [oldPassword, oldSalt, encryptedSecretKey, newPassword]),
    async warm() {
      if (closed) throw new KdfPoolClosed()
      while (slots.length < size) spawn()
      while (!closed && slots.some((slot) => !slot.started)) {
        const started = new Promise<void>((resolve) => startWaiters.push(resolve))
        dispatch()
        await started
      }
      dispatch()
      if (!closed && slots.length < size) throw new KdfWorkerFailed('a key derivation worker failed to start')
    },
    prewarm() {
      if (closed) return
      if (slots.length === 0) spawn()
      // A running worker's quiet period starts again: the visitor is about to need it.
      for (const slot of slots) {
        clearTimeout(slot.idleTimer)
        slot.idleTimer = undefined
      }
      dispatch()
    },
    async close() {
      closed = true
      for (const job of queue.splice(0)) job.reject(new KdfPoolClosed())
      for (const slot of slots) {
        clearTimeout(slot.idleTimer)
        slot.job?.reject(new KdfPoolClosed())
        slot.job = undefined
      }
      await Promise.all([...slots.map((slot) => slot.worker.terminate()), ...retiring])
    },
  }
}
