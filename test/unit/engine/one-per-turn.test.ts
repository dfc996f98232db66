import { describe, expect, it } from 'vitest'
import { OnePerTurn } from '../../../src/engine/supervisor/lifecycle/one-per-turn'

const busyFor = (ms: number) => {
  const end = performance.now() + ms
  while (performance.now() < end) {}
}

describe('taking turns of the event loop', () => {
  it('lets timers and I/O run between callers that were all due at once', async () => {
    const turns = new OnePerTurn()
    const order: string[] = []
    const timerDue = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer')
        resolve()
      }, 1),
    )
    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        await turns.turn()
        order.push(name)
        busyFor(5) // as a spawn does: long enough for the timer to fall due
      }),
    )
    await timerDue
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('c'))
    expect(order.filter((entry) => entry !== 'timer')).toEqual(['a', 'b', 'c'])
  })

  it('serves callers in the order they asked, also when they ask while others wait', async () => {
    const turns = new OnePerTurn()
    const order: number[] = []
    const first = turns.turn().then(() => order.push(1))
    const second = turns.turn().then(async () => {
      order.push(2)
      await turns.turn()
      order.push(4)
    })
    const third = turns.turn().then(() => order.push(3))
    await Promise.all([first, second, third])
    expect(order).toEqual([1, 2, 3, 4])
  })
})
