import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../src/main/settings/settings-schema'
import { openSettings } from '../../../src/main/settings/settings-store'
import { tempFolder } from '../../helpers/temp'

function folder() {
  return tempFolder('settings')
}

/** The real conf, as electron-store uses it, in a folder of the test's own. */
const openConf = (cwd: string) => (defaults: typeof DEFAULT_SETTINGS) =>
  new Conf({ cwd, configName: 'settings', defaults, projectName: 'cluster-desk' })

describe('settings', () => {
  it('start from defaults, and keep what is saved', () => {
    const cwd = folder()
    const settings = openSettings(join(cwd, 'settings.json'), openConf(cwd))
    expect(settings.problem).toBeUndefined()
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
    settings.update({ selectedCluster: 'shop', ui: { notifications: true, timestamps: false } })
    const again = openSettings(join(cwd, 'settings.json'), openConf(cwd))
    expect(again.get()).toMatchObject({ selectedCluster: 'shop', ui: { notifications: true } })
  })

  const broken: Array<[string, string, RegExp]> = [
    ['truncated', '{"version": 1, "clusters": [', /is not valid JSON/],
    ['not JSON', 'hello', /is not valid JSON/],
    ['empty', '', /is empty/],
    [
      'wrong types',
      '{"version":1,"clusters":"many","ui":{"notifications":1,"timestamps":false}}',
      /wrong value at clusters/,
    ],
    [
      'from a future version',
      '{"version":7,"clusters":[],"ui":{}}',
      /newer Cluster Desk \(settings version 7/,
    ],
  ]
  for (const [what, content, expected] of broken) {
    it(`back up a file that is ${what}, use defaults and say so`, () => {
      const cwd = folder()
      const path = join(cwd, 'settings.json')
      writeFileSync(path, content)
      const settings = openSettings(path, openConf(cwd), () => new Date(0))
      expect(settings.problem).toMatch(expected)
      expect(settings.problem).toContain('settings.json.broken-1970-01-01T00-00-00-000Z')
      expect(settings.get()).toEqual(DEFAULT_SETTINGS)
      const backup = readdirSync(cwd).find((name) => name.includes('.broken-'))!
      expect(readFileSync(join(cwd, backup), 'utf8')).toBe(content)
    })
  }

  it('refuse to save a value of the wrong shape', () => {
    const cwd = folder()
    const settings = openSettings(join(cwd, 'settings.json'), openConf(cwd))
    expect(() => settings.update({ windowBounds: { x: 0, y: 0, width: 10, height: 10 } })).toThrow()
    expect(settings.get().windowBounds).toBeUndefined()
  })
})
