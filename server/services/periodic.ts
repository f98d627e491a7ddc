/**
 * A job run every `intervalMs` in the background and on demand: overlapping runs share one, a background run
 * that fails is handed to `onError` (never left unhandled), and after stop() no new run starts. Used by the
 * scheduler, the mail worker and the reminders. `options` reach the run of a call that starts one (tests
 * inject faults this way); a call that joins a run in progress shares that run and its options.
 */
export function periodic<T, O = never>(run: (options?: O) => Promise<T>, onError: (error: Error) => void) {
  let running: Promise<T> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false

  function now(options?: O): Promise<T> {
    running ??= run(options).finally(() => {
      running = undefined
    })
    return running
  }
  function inBackground(): void {
    if (!stopped) now().catch(onError)
  }

  return {
    now,
    /** Whether stop() was called: a long run may end early between its steps. */
    stopping: (): boolean => stopped,
    /** A background run soon (after the current tick), when started; e.g. after a commit that queued work. */
    kick(): void {
      if (timer) setImmediate(inBackground)
    },
    start(intervalMs: number): void {
      stopped = false
      if (timer) clearInterval(timer)
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
