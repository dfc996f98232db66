import { describe, expect, it } from 'vitest'
import { isNodePageUrl } from '../../../src/main/node-page-url'

describe('which links open in the browser', () => {
  it("opens a node's own page on the loopback address", () => {
    expect(isNodePageUrl('http://127.0.0.1:4001/')).toBe(true)
    expect(isNodePageUrl('http://localhost:4002/dashboard?x=1')).toBe(true)
  })

  it('refuses anything that only looks like one', () => {
    for (const url of [
      'http://127.0.0.1:4001@example.com/',
      'http://user:pass@127.0.0.1:4001/',
      'http://127.0.0.1.example.com:4001/',
      'http://localhost.example.com:4001/',
      'https://example.com/',
      'http://127.0.0.1/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      '',
    ]) {
      expect(isNodePageUrl(url), url).toBe(false)
    }
  })
})
