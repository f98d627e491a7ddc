// The part of autocannon 9's programmatic API that `npm run bench` uses (the package ships no types).
declare module 'autocannon' {
  type Histogram = {
    average: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p97_5: number
    p99: number
  }

  export type Options = {
    url: string
    connections?: number
    duration?: number
    timeout?: number
  }

  export type Result = {
    url: string
    duration: number
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }

  export default function autocannon(options: Options): Promise<Result> & { stop(): void }
}
