import { useEffect, useRef } from 'react'
import type { Dependency } from '../../../shared/domain/node'

const WORDS = { started: 'running', healthy: 'healthy', completed: 'completed' } as const

interface StartDialogProps {
  node: string
  /** What it depends on that does not hold now. */
  unmet: Dependency[]
  /** true: with what it depends on; false: alone; null: not at all. */
  onChoose: (withDependencies: boolean | null) => void
}

/** Asked when Start is pressed on a node whose dependencies do not hold yet. */
export function StartDialog({ node, unmet, onChoose }: StartDialogProps) {
  const first = useRef<HTMLButtonElement>(null)
  useEffect(() => first.current?.focus(), [])
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes it; a click only keeps the card under it unselected
    <div
      className="editor-backdrop"
      onKeyDown={(event) => event.key === 'Escape' && onChoose(null)}
      onClick={(event) => event.stopPropagation()}
    >
      <div className="start-dialog" role="dialog" aria-label={`Start ${node}`}>
        <h2>Start {node}?</h2>
        <p>
          {node} depends on{' '}
          {unmet.map((dep, i) => (
            <span key={`${dep.node}-${dep.condition}`}>
              {i > 0 && (i === unmet.length - 1 ? ' and ' : ', ')}
              <strong>{dep.node}</strong> being {WORDS[dep.condition]}
            </span>
          ))}
          , which {unmet.length > 1 ? 'do' : 'does'} not hold now.
        </p>
        <footer>
          <button type="button" onClick={() => onChoose(null)}>
            Cancel
          </button>
          <button type="button" onClick={() => onChoose(false)}>
            Start {node} alone
          </button>
          <button type="button" className="primary" ref={first} onClick={() => onChoose(true)}>
            Start with what it depends on
          </button>
        </footer>
      </div>
    </div>
  )
}
