import { useEffect, useMemo, useRef, useState } from 'react'
import { PRESETS, type PresetName } from '../../../shared/cluster/presets'
import type { ApplyPlan } from '../../../shared/domain/apply-plan'
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
  type FormField,
  problemPlace,
  problemsOf,
} from './draft'
import { PlanPreview, Problems, Question, savedMessage, TextField } from './editor-parts'

interface ClusterEditorProps {
  api: ClusterApi
  snapshot: ClusterSnapshot
  onClose: () => void
  /** Says where it was saved and what applying it did, once the editor has closed. */
  onSaved: (message: string) => void
}

/** How long typing pauses before the engine is asked what saving would do. */
const PLAN_DELAY_MS = 250

/**
 * Edits the loaded cluster, or starts one from a preset or a file, checked as you type by the
 * same validator the engine loads cluster files with. Before saving it says what saving will
 * do (start, restart, stop which nodes); saving applies it in place (unchanged nodes keep
 * running, changed running ones restart) and says where it was kept. Escape and a click
 * outside close it, asking first when there are changes.
 */
export function ClusterEditor({ api, snapshot, onClose, onSaved }: ClusterEditorProps) {
  const [draft, setDraft] = useState<Draft | undefined>()
  /** The draft as loaded, to tell whether the user changed anything since. */
  const [loaded, setLoaded] = useState<Draft | undefined>()
  const [revealed, setRevealed] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [saving, setSaving] = useState(false)
  const [plan, setPlan] = useState<ApplyPlan | undefined>()
  const [asking, setAsking] = useState<'discard' | 'switch' | undefined>()
  /** The file the loaded cluster came from, when a save can write it back. */
  const [file, setFile] = useState<string | null>(null)
  const [writeFile, setWriteFile] = useState(false)
  const dialog = useRef<HTMLDivElement>(null)

  useEffect(() => {
    void api.listClusters().then((result) => {
      if (result.ok) setFile(result.value.find((c) => c.name === snapshot.name)?.file ?? null)
    })
  }, [api, snapshot.name])

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
  const changed = useMemo(
    () =>
      draft !== undefined &&
      loaded !== undefined &&
      JSON.stringify(definitionOf(draft)) !== JSON.stringify(definitionOf(loaded)),
    [draft, loaded],
  )

  // What saving would do, asked again whenever a valid draft changes.
  useEffect(() => {
    setPlan(undefined)
    if (!draft || problems.length > 0) return
    const timer = setTimeout(() => {
      void api.planCluster(definitionOf(draft)).then((result) => result.ok && setPlan(result.value))
    }, PLAN_DELAY_MS)
    return () => clearTimeout(timer)
  }, [api, draft, problems])

  const requestClose = () => (changed ? setAsking('discard') : onClose())
  // Escape, or a click on the dimmed page around the dialog, closes it.
  const closeRequest = useRef(requestClose)
  closeRequest.current = requestClose
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      event.preventDefault()
      closeRequest.current()
    }
    const onPress = (event: MouseEvent) => {
      if (!dialog.current?.contains(event.target as Node)) closeRequest.current()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('mousedown', onPress)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('mousedown', onPress)
    }
  }, [])

  if (!draft) return <div className="editor">{error ?? 'Loading…'}</div>

  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change })
  const updateNode = (index: number, change: Partial<DraftNode>) =>
    update({ nodes: draft.nodes.map((node, i) => (i === index ? { ...node, ...change } : node)) })
  const updateVariable = (index: number, change: Partial<Draft['variables'][number]>) =>
    update({ variables: draft.variables.map((v, i) => (i === index ? { ...v, ...change } : v)) })
  const nodeProblems = (index: number) =>
    problems.filter((p) => problemPlace(p.path).node === index)
  const otherProblems = problems.filter((p) => problemPlace(p.path).node === undefined)
  const invalid = (index: number, field: FormField) =>
    problems.some((p) => {
      const place = problemPlace(p.path)
      return place.node === index && place.field === field
    })

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

  // The file is this cluster's: a save under another name never writes it.
  const writesFile = writeFile && file !== null && draft.name === snapshot.name

  const save = async (switchTo: boolean) => {
    setAsking(undefined)
    setSaving(true)
    try {
      const result = await api.saveCluster(definitionOf(draft), { writeFile: writesFile })
      if (!result.ok) {
        setError(`${result.error.message} ${result.error.fix}`)
        return
      }
      const switched = switchTo && result.value.applied.otherCluster !== undefined
      if (switched) await api.loadCluster(result.value.name)
      onSaved(savedMessage(result.value, switched, snapshot.name))
      onClose()
    } finally {
      setSaving(false)
    }
  }
  /** A rename is asked about first, even when Save comes before the plan was shown. */
  const askOrSave = async () => {
    let ahead = plan
    if (!ahead) {
      const result = await api.planCluster(definitionOf(draft))
      ahead = result.ok ? result.value : undefined
    }
    if (ahead?.otherCluster) {
      setPlan(ahead)
      setAsking('switch')
    } else void save(false)
  }

  return (
    <div className="editor-backdrop">
      <div className="editor" role="dialog" aria-label="Cluster editor" ref={dialog}>
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
          <Problems problems={otherProblems} draft={draft} onChange={setDraft} />
          {draft.nodes.map((node, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: nodes are edited in place, names change as you type
            <fieldset key={index} className="node-editor" aria-label={`Node ${index + 1}`}>
              <legend>{node.name || `node ${index + 1}`}</legend>
              <div className="grid">
                <TextField
                  label="Name"
                  ariaLabel="Node name"
                  invalid={invalid(index, 'name')}
                  value={node.name}
                  onChange={(name) => updateNode(index, { name })}
                />
                <TextField
                  label="Port"
                  placeholder="auto, or empty for none"
                  invalid={invalid(index, 'port')}
                  value={node.port}
                  onChange={(port) => updateNode(index, { port })}
                />
                <TextField
                  label="Command"
                  wide
                  invalid={invalid(index, 'command')}
                  value={node.command}
                  onChange={(command) => updateNode(index, { command })}
                />
                <TextField
                  label="Folder"
                  wide
                  placeholder="the cluster file's folder"
                  invalid={invalid(index, 'cwd')}
                  value={node.cwd}
                  onChange={(cwd) => updateNode(index, { cwd })}
                />
                <TextField
                  label="Health"
                  placeholder="/api/health, tcp or none"
                  invalid={invalid(index, 'health')}
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
                    aria-invalid={invalid(index, 'env') || undefined}
                    aria-label="Environment"
                    rows={2}
                    value={node.env}
                    onChange={(e) => updateNode(index, { env: e.target.value })}
                  />
                </label>
              </div>
              <Problems problems={nodeProblems(index)} draft={draft} onChange={setDraft} />
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
        {asking === 'discard' && (
          <Question
            text="Discard your changes to this cluster?"
            answers={[
              { label: 'Discard changes', onClick: onClose },
              { label: 'Keep editing', primary: true, onClick: () => setAsking(undefined) },
            ]}
          />
        )}
        {asking === 'switch' && plan?.otherCluster && (
          <Question
            text={`Saving as ${plan.otherCluster.name} ${plan.otherCluster.replaces ? 'replaces that cluster' : 'adds a new cluster'} beside ${snapshot.name}. Switch to it now?${plan.otherCluster.stops.length > 0 ? ` Switching stops ${plan.otherCluster.stops.join(', ')}.` : ''}`}
            answers={[
              { label: 'Save and switch', primary: true, onClick: () => void save(true) },
              { label: `Save, keep ${snapshot.name}`, onClick: () => void save(false) },
              { label: 'Back', onClick: () => setAsking(undefined) },
            ]}
          />
        )}
        <footer className="editor-footer">
          <div className="summary">
            {problems.length === 0
              ? 'No problems.'
              : `${problems.length} problem${problems.length > 1 ? 's' : ''} to fix before saving.`}
            <PlanPreview plan={problems.length === 0 ? plan : undefined} />
          </div>
          {file && draft.name === snapshot.name && (
            <label className="toggle" title={`The old file is kept as ${file}.bak`}>
              <input
                type="checkbox"
                checked={writeFile}
                onChange={() => setWriteFile(!writeFile)}
              />
              also write {file.split('/').at(-1)}
            </label>
          )}
          <button type="button" onClick={requestClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={problems.length > 0 || saving || asking !== undefined}
            onClick={() => void askOrSave()}
          >
            {saving ? 'Saving…' : 'Save and apply'}
          </button>
        </footer>
      </div>
    </div>
  )
}
