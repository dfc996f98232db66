/** The window's first face: what Cluster Desk is, until the cluster view arrives. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32 }}>
      <h1>Cluster Desk</h1>
      <p>Run, watch and heal a cluster of local server nodes.</p>
      <p data-testid="engine-note">
        The engine runs the Demo cluster on ports 4001–4003; the cluster view comes next.
      </p>
    </main>
  )
}
