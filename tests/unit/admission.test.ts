import { describe, expect, it } from 'vitest'
import { createGate } from '../../server/domain/admission.js'

describe('report waiting line', () => {
  it('admits up to the limit at once, queues the next ones in order, and refuses only a full line', async () => {
    const gate = createGate({ concurrent: 2, waiting: 2 })
    const first = (await gate.enter(60_000))!
    const second = (await gate.enter(60_000))!
    const order: string[] = []
    const third = gate.enter(60_000).then((release) => {
      order.push('third')
      return release
    })
    const fourth = gate.enter(60_000).then((release) => {
      order.push('fourth')
      return release
    })
    expect(await gate.enter(60_000)).toBeUndefined()
    expect(gate.load()).toEqual({ inside: 2, waiting: 2 })
    first()
    first() // releasing twice gives away nothing
    ;(await third)!()
    second()
    ;(await fourth)!()
    expect(order).toEqual(['third', 'fourth'])
    expect(gate.load()).toEqual({ inside: 0, waiting: 0 })
  })

  it('gives up on a place in line after the longest wait, and the place is not handed to nobody', async () => {
    const gate = createGate({ concurrent: 1, waiting: 5 })
    const holder = (await gate.enter(10))!
    expect(await gate.enter(10)).toBeUndefined()
    expect(gate.load()).toEqual({ inside: 1, waiting: 0 })
    holder()
    expect(gate.load()).toEqual({ inside: 0, waiting: 0 })
    expect(await gate.enter(10)).toBeTypeOf('function')
  })
})
