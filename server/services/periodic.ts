/**
 * A job run every `intervalMs` in the background and on demand: overlapping runs share one, a background run
 * that fails is handed to `onError` (never left unhandled), and after stop() no new run starts. For the
 * scheduler; the mail worker and the reminders keep their own copy of this until their rewrites are merged.
 */
export function periodic<T>(run: () => Promise<T>, onError: (error: Error) => void) {
  let running: Promise<T> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  function now(): Promise<T> {
    running ??= run().finally(() => {
      running = undefined
    })
    return running
  }
  function inBackground(): void {
    if (!stopped) now().catch(onError)
  }

  return {
    now,
    start(intervalMs: number): void {
      stopped = false
      timer = setInterval(inBackground, intervalMs)
      timer.unref()
      inBackground()
    },
    /** Waits for a run in progress to end. */
    async stop(): Promise<void> {
      stopped = true
      if (timer) clearInterval(timer)
      timer = undefined
      await running?.catch(() => undefined)
    },
  }
}
