import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadClusterFile } from '../../../src/engine/supervisor/cluster-file'
import { formatProblems } from '../../../src/shared/cluster/problems'
import { tempFolder } from '../../helpers/temp'

function file(name: string, text: string): string {
  const path = join(tempFolder('file'), name)
  writeFileSync(path, text)
  return path
}

describe('loading a cluster file', () => {
  it('reads YAML, names the cluster after the file, and resolves cwd against its folder', async () => {
    const path = file(
      'shop.yaml',
      'nodes:\n  - name: api\n    command: npm start\n    cwd: services/api\n',
    )
    const result = await loadClusterFile(path)
    if (!result.ok) throw new Error(formatProblems(result.problems))
    expect(result.cluster.name).toBe('shop')
    expect(result.cluster.nodes[0]!.cwd).toBe(join(path, '..', 'services/api'))
  })

  it('reads JSON', async () => {
    const result = await loadClusterFile(
      file('c.json', '{"name":"j","nodes":[{"name":"a","command":"x"}]}'),
    )
    expect(result.ok && result.cluster.name).toBe('j')
  })

  it('explains a YAML syntax error with its line', async () => {
    const result = await loadClusterFile(file('bad.yml', 'nodes:\n  - name: a\n   command: x\n'))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/not valid YAML.*line 3/)
  })

  it('explains a JSON syntax error', async () => {
    const result = await loadClusterFile(file('bad.json', '{"nodes": [}'))
    if (result.ok) throw new Error('expected a problem')
    expect(result.problems[0]!.message).toContain('bad.json is not valid JSON')
  })

  it('explains a missing file', async () => {
    const result = await loadClusterFile('/no/such/cluster.yaml')
    if (result.ok) throw new Error('expected a problem')
    expect(result.problems[0]!.message).toBe('/no/such/cluster.yaml does not exist')
  })

  it('refuses duplicate keys in YAML', async () => {
    const result = await loadClusterFile(file('dup.yaml', 'name: a\nname: b\nnodes: []\n'))
    expect(result.ok).toBe(false)
  })
})
