import type { ConfigProblem } from '../../../shared/cluster/problems'
import { type ApplyPlan, describePlan } from '../../../shared/domain/apply-plan'
import type { SavedCluster } from '../../../shared/ipc/contract'
import { type Draft, describeProblemPath, withoutField } from './draft'

/** A labelled one-line field of the node form, marked when a problem is about it. */
export function TextField(props: {
  label: string
  ariaLabel?: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  wide?: boolean
  invalid?: boolean
}) {
  return (
    <label className={`${props.wide ? 'field wide' : 'field'}${props.invalid ? ' invalid' : ''}`}>
      <span>{props.label}</span>
      <input
        aria-label={props.ariaLabel ?? props.label}
        aria-invalid={props.invalid || undefined}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </label>
  )
}

/**
 * Problems named by node and field ("web › port"), each with its fix; a field the form keeps
 * aside (an imported "helth") gets a Remove button, since no input can fix it.
 */
export function Problems(props: {
  problems: ConfigProblem[]
  draft: Draft
  onChange: (draft: Draft) => void
}) {
  const { problems, draft, onChange } = props
  if (problems.length === 0) return null
  return (
    <ul className="problems" data-testid="problems">
      {problems.map((problem) => {
        const removed = withoutField(draft, problem.path)
        return (
          <li key={`${problem.path}${problem.message}`}>
            <code>{describeProblemPath(problem.path, draft)}</code> {problem.message}.{' '}
            <em>{problem.fix}</em>
            {removed && (
              <button
                type="button"
                className="inline"
                aria-label={`Remove ${describeProblemPath(problem.path, draft)}`}
                onClick={() => onChange(removed)}
              >
                Remove
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** What saving will do, said before it is done. */
export function PlanPreview({ plan }: { plan: ApplyPlan | undefined }) {
  if (!plan) return null
  return (
    <p className="plan" data-testid="plan">
      {plan.otherCluster
        ? `Saving adds cluster ${plan.otherCluster.name} beside this one.`
        : `Saving will ${describePlan(plan)}.`}
    </p>
  )
}

/** A question inside the dialog, with its answers: nothing happens until one is chosen. */
export function Question(props: {
  text: string
  answers: Array<{ label: string; primary?: boolean; onClick: () => void }>
}) {
  return (
    <div className="question" role="alertdialog" aria-label={props.text}>
      <p>{props.text}</p>
      <div className="row">
        {props.answers.map((answer) => (
          <button
            key={answer.label}
            type="button"
            className={answer.primary ? 'primary' : undefined}
            onClick={answer.onClick}
          >
            {answer.label}
          </button>
        ))}
      </div>
    </div>
  )
}

/** What the window says once a save is done: where it was kept, and what applying it did. */
export function savedMessage(saved: SavedCluster, switched: boolean, loaded: string): string {
  const { name, savedTo, applied } = saved
  const other = applied.otherCluster
  if (!other) {
    const done = describePlan(applied)
    return `Saved ${name} in ${savedTo}: ${done[0]!.toUpperCase()}${done.slice(1)}.`
  }
  if (!switched) return `Saved cluster ${name} in ${savedTo}; ${loaded} stays loaded.`
  const stopped = other.stops.length > 0 ? `, stopping ${other.stops.join(', ')}` : ''
  return `Saved cluster ${name} in ${savedTo}; switched to it${stopped}.`
}
