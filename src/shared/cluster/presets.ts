/**
 * Starting points for the cluster editor, as cluster definitions (what a cluster file holds).
 * Phoenix is the setup Cluster Desk grew from: three nodes joined as one distributed Erlang cluster, each a
 * Phoenix server on its own port. The Demo cluster comes from the engine, which knows where
 * its demo node lives.
 */
export const PRESETS = {
  'Phoenix cluster': {
    name: 'phoenix',
    variables: { cookie: 'dev-cookie' },
    nodes: [
      {
        name: 'node',
        replicas: 3,
        port: 4001,
        command: 'elixir --name {{name}}@{{host}} --cookie {{cookie}} -S mix phx.server',
        cwd: '.',
        env: { PHX_PORT: '{{port}}', PHX_SERVER: 'true', MIX_ENV: 'dev' },
        health: '/api/health',
      },
    ],
  },
  'Elixir nodes': {
    name: 'elixir',
    variables: { cookie: 'dev-cookie' },
    nodes: [
      {
        name: 'node',
        replicas: 3,
        port: null,
        command: 'elixir --name {{name}}@{{host}} --cookie {{cookie}} -S mix run --no-halt',
        cwd: '.',
        env: { MIX_ENV: 'dev' },
      },
    ],
  },
} as const

export type PresetName = keyof typeof PRESETS

/**
 * A Procfile ("name: command" per line) as a cluster definition. A process whose command uses
 * $PORT (or ${PORT}) gets a port of its own; one that does not listens on none (a worker).
 */
export function procfileToDefinition(text: string, name = 'procfile') {
  const nodes = text
    .split(/\r?\n/)
    .map((line) => /^([A-Za-z0-9_.-]+):\s*(.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => {
      const command = match[2]!.replace(/\$\{PORT\}|\$PORT\b/g, '{{port}}')
      return command.includes('{{port}}')
        ? { name: match[1]!, command }
        : { name: match[1]!, command, port: null }
    })
  return { name, nodes }
}
