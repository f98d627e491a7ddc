// An unexpected console.error is a bug: make it fail the test that caused it.
console.error = (...args: unknown[]) => {
  throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
}
