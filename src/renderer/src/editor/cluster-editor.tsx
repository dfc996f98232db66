import { useEffect, useMemo, useState } from 'react'
import { PRESETS, type PresetName } from '../../../shared/cluster/presets'
import type { ConfigProblem } from '../../../shared/cluster/problems'
import { validateCluster } from '../../../shared/cluster/validate-cluster'
import type { ClusterSnapshot } from '../../../shared/domain/cluster'
import type { ClusterApi } from '../../../shared/ipc/contract'
import { download } from '../download'
import {
  type Draft,
  type DraftNode,
  definitionOf,
  draftFromDefinition,
  draftFromSpec,
  emptyNode,
  problemsOf,
} from './draft'

interface ClusterEditorProps {
  api: ClusterApi
  snapshot: ClusterSnapshot
  onClose: () => void
}

/** A labelled one-line field of the node form. */
function TextField(props: {
  label: string
  ariaLabel?: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  wide?: boolean
}) {
  return (
    <label className={props.wide ? 'field wide' : 'field'}>
      <span>{props.label}</span>
      <input
        aria-label={props.ariaLabel ?? props.label}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  )
}

function Problems({ problems }: { problems: ConfigProblem[] }) {
  if (problems.length === 0) return null
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((problem) => (
        <li key={`${problem.path}${problem.message}`}>
          <code>{problem.path || 'cluster'}</code> {problem.message}. <em>{problem.fix}</em>
        </li>
      ))}
    </ul>
  )
}

/**
 * Edits the loaded cluster, or starts one from a preset or a file, checked as you type by the
 * same validator the engine loads cluster files with. Saving the loaded cluster applies it in
 * place (unchanged nodes keep running) and starts the nodes that were added.
 */
export function ClusterEditor({ api, snapshot, onClose }: ClusterEditorProps) {
  const [draft, setDraft] = useState<Draft | undefined>()
  /** The draft as loaded, to tell whether the user changed anything since. */
  const [loaded, setLoaded] = useState<Draft | undefined>()
  const [revealed, setRevealed] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)

  // Secrets arrive as "[redacted]" (the editor may be on a shared screen) and are put back by
  // the engine when the cluster is saved; "Show secrets" loads them for real.
  useEffect(() => {
    void api.getCluster(snapshot.name, { reveal: revealed }).then((result) => {
      if (!result.ok) return setError(result.error.message)
      const fresh = draftFromSpec(result.value)
      setDraft(fresh)
      setLoaded(fresh)
    })
  }, [api, snapshot.name, revealed])

  const problems = useMemo(() => (draft ? problemsOf(draft) : []), [draft])
  if (!draft) return <div className="editor">{error ?? 'Loading…'}</div>

  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change })
  const updateNode = (index: number, change: Partial<DraftNode>) =>
    update({ nodes: draft.nodes.map((node, i) => (i === index ? { ...node, ...change } : node)) })
  const updateVariable = (index: number, change: Partial<Draft['variables'][number]>) =>
    update({ variables: draft.variables.map((v, i) => (i === index ? { ...v, ...change } : v)) })
  const nodeProblems = (index: number) =>
    problems.filter((p) => p.path.startsWith(`nodes[${index}]`))
  const otherProblems = problems.filter((p) => !/^nodes\[\d+\]/.test(p.path))

  const applyPreset = async (name: string) => {
    if (name === 'Demo') {
      const demo = await api.getCluster('Demo')
      if (demo.ok) setDraft(draftFromSpec(demo.value))
      else setError(demo.error.message)
    } else if (name in PRESETS) {
      setDraft(draftFromDefinition(PRESETS[name as PresetName]))
    }
  }

  const importFile = async (file: File) => {
    const result = await api.parseClusterFile(await file.text(), file.name)
    if (!result.ok) return setError(`${result.error.message} ${result.error.fix}`)
    if (!result.value.ok) {
      const [first] = result.value.problems
      return setError(`${first?.message ?? `${file.name} cannot be read`}. ${first?.fix ?? ''}`)
    }
    setDraft(draftFromDefinition(result.value.definition))
    setError(undefined)
  }

  const exportFile = async () => {
    const result = await api.printCluster(definitionOf(draft))
    if (result.ok) download(`${draft.name}.yaml`, result.value.text)
    else setError(`${result.error.message} ${result.error.fix}`)
  }

  const save = async () => {
    setSaving(true)
    try {
      const definition = definitionOf(draft)
      const result = await api.saveCluster(definition)
      if (!result.ok) {
        setError(`${result.error.message} ${result.error.fix}`)
        return
      }
      if (draft.name !== snapshot.name) {
        await api.loadCluster(draft.name)
      } else {
        const known = new Set(snapshot.nodes.map((node) => node.name))
        const checked = validateCluster(definition)
        const added = checked.ok
          ? checked.cluster.nodes.filter((n) => !known.has(n.name) && n.autostart)
          : []
        await Promise.all(added.map((node) => api.startNode(node.name)))
      }
      onClose()
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="editor-backdrop">
      <div className="editor" role="dialog" aria-label="Cluster editor">
        <header className="editor-header">
          <h2>Edit cluster</h2>
          <select
            aria-label="Start from a preset"
            value=""
            onChange={(e) => void applyPreset(e.target.value)}
          >
            <option value="">Start from a preset…</option>
            <option>Demo</option>
            {Object.keys(PRESETS).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
          <label className="file-button">
            Import…
            <input
              type="file"
              accept=".json,.yaml,.yml,Procfile,text/plain"
              aria-label="Import a cluster file or Procfile"
              onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
            />
          </label>
          <button type="button" onClick={() => void exportFile()}>
            Export…
          </button>
          {!revealed && (
            <button
              type="button"
              disabled={draft !== loaded}
              title={
                draft === loaded
                  ? 'Show the cookies, passwords and tokens hidden as [redacted]'
                  : 'Save or cancel your changes first: showing secrets loads the cluster again'
              }
              onClick={() => setRevealed(true)}
            >
              Show secrets
            </button>
          )}
        </header>
        <div className="editor-body">
          {error && (
            <p className="banner error" role="alert">
              {error}
            </p>
          )}
          <label className="field">
            <span>Cluster name</span>
            <input
              value={draft.name}
              onChange={(e) => update({ name: e.target.value })}
              aria-label="Cluster name"
            />
          </label>
          <fieldset>
            <legend>Variables, used as {'{{name}}'} in commands, folders and environments</legend>
            {draft.variables.map((variable, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
              <div className="row" key={index}>
                <input
                  aria-label="Variable name"
                  value={variable.key}
                  onChange={(e) => updateVariable(index, { key: e.target.value })}
                />
                <input
                  aria-label="Variable value"
                  value={variable.value}
                  onChange={(e) => updateVariable(index, { value: e.target.value })}
                />
                <button
                  type="button"
                  onClick={() =>
                    update({ variables: draft.variables.filter((_, i) => i !== index) })
                  }
                >
                  Remove
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() => update({ variables: [...draft.variables, { key: '', value: '' }] })}
            >
              Add variable
            </button>
          </fieldset>
          <Problems problems={otherProblems} />
          {draft.nodes.map((node, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: nodes are edited in place, names change as you type
            <fieldset key={index} className="node-editor" aria-label={`Node ${index + 1}`}>
              <legend>{node.name || `node ${index + 1}`}</legend>
              <div className="grid">
                <TextField
                  label="Name"
                  ariaLabel="Node name"
                  value={node.name}
                  onChange={(name) => updateNode(index, { name })}
                />
                <TextField
                  label="Port"
                  placeholder="auto, or empty for none"
                  value={node.port}
                  onChange={(port) => updateNode(index, { port })}
                />
                <TextField
                  label="Command"
                  wide
                  value={node.command}
                  onChange={(command) => updateNode(index, { command })}
                />
                <TextField
                  label="Folder"
                  wide
                  placeholder="the cluster file's folder"
                  value={node.cwd}
                  onChange={(cwd) => updateNode(index, { cwd })}
                />
                <TextField
                  label="Health"
                  placeholder="/api/health, tcp or none"
                  value={node.health}
                  onChange={(health) => updateNode(index, { health })}
                />
                <label className="field checkbox">
                  <input
                    type="checkbox"
                    checked={node.autostart}
                    onChange={(e) => updateNode(index, { autostart: e.target.checked })}
                  />
                  <span>starts with the cluster</span>
                </label>
                <label className="field wide">
                  <span>Environment, KEY=value per line</span>
                  <textarea
                    aria-label="Environment"
                    rows={2}
                    value={node.env}
                    onChange={(e) => updateNode(index, { env: e.target.value })}
                  />
                </label>
              </div>
              <Problems problems={nodeProblems(index)} />
              <div className="row">
                <button
                  type="button"
                  onClick={() =>
                    update({
                      nodes: [
                        ...draft.nodes.slice(0, index + 1),
                        { ...node, name: `${node.name}-copy`, port: 'auto' },
                        ...draft.nodes.slice(index + 1),
                      ],
                    })
                  }
                >
                  Duplicate
                </button>
                <button
                  type="button"
                  onClick={() => update({ nodes: draft.nodes.filter((_, i) => i !== index) })}
                >
                  Remove
                </button>
              </div>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => update({ nodes: [...draft.nodes, emptyNode(draft.nodes.length + 1)] })}
          >
            Add node
          </button>
        </div>
        <footer className="editor-footer">
          <span className="summary">
            {problems.length === 0
              ? 'No problems.'
              : `${problems.length} problem${problems.length > 1 ? 's' : ''} to fix before saving.`}
          </span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={problems.length > 0 || saving}
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : 'Save and apply'}
          </button>
        </footer>
      </div>
    </div>
  )
}
