import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCluster } from '../../../src/engine/service/open-cluster'
import { scaleDefinition } from '../../../src/engine/service/scale-group'
import { discoverClusterFile } from '../../../src/engine/supervisor/cluster-discovery'
import { loadClusterFile } from '../../../src/engine/supervisor/cluster-file'
import { validateCluster } from '../../../src/shared/cluster/validate-cluster'
import { tempFolder } from '../../helpers/temp'

/** project/ with a Procfile and deep/er/ inside it. */
function tree() {
  const root = tempFolder('discover')
  const deep = join(root, 'project', 'deep', 'er')
  mkdirSync(deep, { recursive: true })
  writeFileSync(
    join(root, 'project', 'Procfile'),
    'web: node server.js --port $PORT\nworker: node w.js\n',
  )
  return { root, project: join(root, 'project'), deep }
}

describe('finding the cluster of a folder', () => {
  it('takes the nearest cluster-desk file, .yaml before .yml before .json, from a subfolder', () => {
    const { project, deep, root } = tree()
    writeFileSync(join(root, 'cluster-desk.json'), '{}')
    expect(discoverClusterFile(deep)).toBe(join(root, 'cluster-desk.json'))
    writeFileSync(join(project, 'cluster-desk.yml'), 'nodes: []')
    writeFileSync(join(project, 'cluster-desk.yaml'), 'nodes: []')
    expect(discoverClusterFile(deep)).toBe(join(project, 'cluster-desk.yaml'))
  })

  it('falls back to a Procfile, and to nothing', async () => {
    const { deep, project } = tree()
    const found = discoverClusterFile(deep)
    expect(found).toBe(join(project, 'Procfile'))
    const loaded = await loadClusterFile(found!)
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
    expect(loaded.cluster.name).toBe('project')
    expect(loaded.cluster.nodes.map((node) => [node.name, node.port, node.cwd])).toEqual([
      ['web', 4001, project],
      ['worker', null, project],
    ])
    expect(discoverClusterFile(tempFolder('empty'))).toBeUndefined()
  })

  it('names an env file that is not there, with a fix', async () => {
    const folder = tempFolder('env')
    const path = join(folder, 'cluster-desk.yaml')
    writeFileSync(path, 'nodes:\n  - {name: web, command: x, envFile: .env}\n')
    expect(await loadClusterFile(path)).toEqual({
      ok: false,
      problems: [
        {
          path: 'envFile',
          message: `web's env file ${join(folder, '.env')} does not exist`,
          fix: 'Create it (one KEY=value per line), or remove it from envFile; paths are relative to the cluster file.',
        },
      ],
    })
  })
})

describe('scaling a definition', () => {
  const scale = (definition: { name: string; nodes: unknown[] }, replicas: number) => {
    const before = validateCluster(definition)
    if (!before.ok) throw new Error('valid')
    const scaled = scaleDefinition(definition, before.cluster, 'web', replicas)
    if (!scaled.ok) throw new Error(scaled.message)
    return validateCluster(scaled.definition)
  }

  it('writes in the ports entries took from their place, so no other node moves', () => {
    const definition = {
      name: 's',
      nodes: [
        { name: 'api', command: 'x' },
        { name: 'web', replicas: 2, port: 5000, command: 'x' },
        { name: 'cache', command: 'x' },
      ],
    }
    const after = scale(definition, 3)
    if (!after.ok) throw new Error(JSON.stringify(after.problems))
    // Without its port written in, cache would have moved from 4004 to 4005.
    expect(after.cluster.nodes.map((node) => [node.name, node.port])).toEqual([
      ['api', 4001],
      ['web1', 5000],
      ['web2', 5001],
      ['web3', 5002],
      ['cache', 4004],
    ])
    expect(definition.nodes[1]).toEqual({ name: 'web', replicas: 2, port: 5000, command: 'x' })
  })

  it('is refused when a new replica would take a port another node has', () => {
    const after = scale(
      {
        name: 's',
        nodes: [
          { name: 'web', replicas: 2, command: 'x' },
          { name: 'api', command: 'x' },
        ],
      },
      3,
    )
    expect(after).toMatchObject({
      ok: false,
      problems: [{ message: 'api and web3 both use port 4003' }],
    })
  })
})

describe('opening a folder, as the desktop app does', () => {
  it('loads the cluster the folder means, or says why not', async () => {
    const { deep, project } = tree()
    writeFileSync(
      join(project, 'cluster-desk.yaml'),
      'name: shop\nnodes:\n  - {name: web, command: x}\n',
    )
    const opened = await openCluster({ folder: deep })
    if (!opened.ok) throw new Error(opened.message)
    expect(opened.path).toBe(join(project, 'cluster-desk.yaml'))
    expect(opened.registered).toMatchObject({ source: opened.path, baseDir: project })
    expect(opened.registered.spec.nodes[0]?.cwd).toBe(project)

    const empty = tempFolder('nothing')
    expect(await openCluster({ folder: empty })).toMatchObject({
      ok: false,
      message: `There is no cluster-desk.yaml, .yml or .json in ${empty} or above it, and no Procfile.`,
    })
    writeFileSync(join(project, 'cluster-desk.yaml'), 'nodes:\n  - {name: web}\n')
    expect(await openCluster({ file: join(project, 'cluster-desk.yaml') })).toMatchObject({
      ok: false,
      problems: [{ path: 'nodes[0].command' }],
    })
  })
})
