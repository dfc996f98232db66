import type { ErlangMesh, ErlangNodeStatus } from '../../../shared/domain/erlang'

type Link = 'self' | 'down' | 'both' | 'out' | 'in' | 'missing'

/** How `row` and `column` see each other, from the row's side. */
function linkOf(row: ErlangNodeStatus, column: ErlangNodeStatus): Link {
  if (row === column) return 'self'
  if (!row.running || !column.running || !row.reachable || !column.reachable) return 'down'
  const out = row.sees.includes(column.erlangName)
  const back = column.sees.includes(row.erlangName)
  return out && back ? 'both' : out ? 'out' : back ? 'in' : 'missing'
}

const MARK: Record<Link, string> = {
  self: '—',
  down: '·',
  both: '⇄',
  out: '→',
  in: '←',
  missing: '×',
}

function describeLink(link: Link, row: string, column: string): string {
  switch (link) {
    case 'self':
      return row
    case 'down':
      return `${row} or ${column} is not running or not reachable`
    case 'both':
      return `${row} and ${column} see each other`
    case 'out':
      return `${row} sees ${column}, but ${column} does not see ${row}`
    case 'in':
      return `${column} sees ${row}, but ${row} does not see ${column}`
    default:
      return `${row} and ${column} do not see each other`
  }
}

function headline(mesh: ErlangMesh): { label: string; tone: string } {
  if (!mesh.available) return { label: 'unknown', tone: 'idle' }
  const running = mesh.nodes.filter((node) => node.running).length
  if (running === 0) return { label: 'no node running', tone: 'idle' }
  return mesh.formed ? { label: 'formed', tone: 'ok' } : { label: 'not formed', tone: 'warn' }
}

/**
 * Who sees whom among the cluster's Erlang nodes: a matrix read along its rows, each cell
 * saying whether the two see each other both ways, one way only, or not at all; below it,
 * what epmd has registered on this machine.
 */
export function MeshPanel({ mesh }: { mesh: ErlangMesh }) {
  if (mesh.nodes.length === 0) return null
  const { label, tone } = headline(mesh)
  return (
    <section className="mesh" aria-label="Erlang mesh" data-testid="mesh">
      <header>
        <h2>Erlang mesh</h2>
        <span className={`pill pill-${tone}`} data-testid="mesh-state">
          {label}
        </span>
        <span className="mesh-mode">
          {mesh.connect ? 'Cluster Desk joins the nodes' : 'the nodes join themselves'}
        </span>
      </header>
      {mesh.why && <p className="mesh-why">{mesh.why}</p>}
      <table className="mesh-matrix">
        <thead>
          <tr>
            <th aria-label="sees" />
            {mesh.nodes.map((node) => (
              <th key={node.name} scope="col">
                {node.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {mesh.nodes.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                {row.name}
                {row.partitioned && <span className="cut"> cut off</span>}
              </th>
              {mesh.nodes.map((column) => {
                const link = linkOf(row, column)
                const text = describeLink(link, row.name, column.name)
                return (
                  <td key={column.name} className={`link-${link}`} data-link={link} title={text}>
                    <span aria-hidden="true">{MARK[link]}</span>
                    <span className="visually-hidden">{text}</span>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mesh-legend">⇄ both ways · → one way · × not connected · · not running</p>
      <p className="epmd" data-testid="epmd">
        <span className="label">epmd :{mesh.epmd.port}</span>{' '}
        {mesh.epmd.running
          ? [...mesh.epmd.names]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((entry) => {
                const helper = mesh.helper?.startsWith(`${entry.name}@`)
                return (
                  <span
                    key={entry.name}
                    className={`epmd-name${helper ? ' helper' : ''}`}
                    title={
                      helper
                        ? 'Cluster Desk’s hidden node, which looks into the cluster'
                        : undefined
                    }
                  >
                    {helper ? 'Cluster Desk (hidden)' : entry.name}{' '}
                    <span className="port">:{entry.port}</span>
                  </span>
                )
              })
          : (mesh.epmd.error ?? 'not asked yet')}
      </p>
    </section>
  )
}
