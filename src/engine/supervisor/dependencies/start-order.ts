import type { NodeSpec } from '../../../shared/domain/node'

/** `names` and everything they depend on, directly or not. */
export function withDependencies(names: string[], specs: NodeSpec[]): Set<string> {
  const byName = new Map(specs.map((spec) => [spec.name, spec]))
  const found = new Set<string>()
  const visit = (name: string) => {
    if (found.has(name)) return
    found.add(name)
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency.node)
  }
  for (const name of names) visit(name)
  return found
}

/**
 * The order to stop a cluster in: waves of nodes, each wave stopped together once every node
 * that depends on them has stopped. Without dependencies it is one wave of all.
 */
export function stopWaves(specs: NodeSpec[]): string[][] {
  const left = new Set(specs.map((spec) => spec.name))
  const waves: string[][] = []
  while (left.size > 0) {
    // Nodes no remaining node depends on; the validator rules out cycles, but stay safe.
    const free = [...left].filter(
      (name) =>
        !specs.some(
          (spec) => left.has(spec.name) && spec.dependsOn.some((dep) => dep.node === name),
        ),
    )
    const wave = free.length > 0 ? free : [...left]
    for (const name of wave) left.delete(name)
    waves.push(wave)
  }
  return waves
}
