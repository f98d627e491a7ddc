import { type MessagePort, parentPort } from 'node:worker_threads'
import {
  createAccountKeys,
  deriveAccountSecrets,
  deriveReporterKeys,
  ready,
  rewrapAccountSecretKey,
} from '../../crypto/index.js'

// One Argon2id at a time per worker thread, so the main event loop never blocks on it.
export const tasks = {
  deriveReporterKeys,
  deriveAccountSecrets,
  createAccountKeys,
  rewrapAccountSecretKey,
} as const

export type KdfTask = keyof typeof tasks
export type KdfRequest = { id: number; task: KdfTask; args: unknown[] }
export type KdfResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { ready: true }

// Hand result buffers over instead of copying them: no second copy of a secret lingers in this thread.
function transferables(value: unknown): ArrayBuffer[] {
  if (!value || typeof value !== 'object') return []
  const buffers: ArrayBuffer[] = []
  for (const field of Object.values(value)) {
    if (
      field instanceof Uint8Array &&
      field.buffer instanceof ArrayBuffer &&
      field.byteOffset === 0 &&
      field.byteLength === field.buffer.byteLength
    ) {
      buffers.push(field.buffer)
    }
  }
  return buffers
}

const port = parentPort
if (port) void ready().then(() => serve(port))

function serve(port: MessagePort): void {
  port.on('message', ({ id, task, args }: KdfRequest) => {
    try {
      if (!Object.hasOwn(tasks, task)) throw new TypeError(`unknown KDF task ${String(task)}`)
      const run = tasks[task] as (...input: unknown[]) => unknown
      const value = run(...args)
      port.postMessage({ id, ok: true, value } satisfies KdfResponse, transferables(value))
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error))
      port.postMessage({ id, ok: false, error: { name, message } } satisfies KdfResponse)
    }
  })
  port.postMessage({ ready: true } satisfies KdfResponse)
}
