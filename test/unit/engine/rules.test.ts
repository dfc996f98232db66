import { describe, expect, it } from 'vitest'
import * as diagnose from '../../../src/engine/supervisor/lifecycle/diagnosis'
import {
  backoffDelayMs,
  decideAfterExit,
} from '../../../src/engine/supervisor/lifecycle/restart-policy'
import { nodeEnvironment } from '../../../src/engine/supervisor/lifecycle/spawn-node'
import { closestWord } from '../../../src/shared/cluster/closest-word'
import { formatDuration, parseDurationMs } from '../../../src/shared/cluster/durations'
import { renderTemplate, templateVariables } from '../../../src/shared/cluster/templates'
import { describeExit } from '../../../src/shared/domain/describe-exit'
import { cluster } from '../../helpers/fixtures'

const restart = {
  policy: 'on-failure',
  maxRestarts: 5,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  resetAfterMs: 60_000,
} as const
const spec = cluster([{ name: 'web', command: 'mix phx.server', port: 4001 }]).nodes[0]!

describe('restart policy', () => {
  it('backs off 1 s × 2ⁿ, capped at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, restart))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ])
  })

  it('exits cleanly on code 0, restarts a crash while restarts remain, then fails', () => {
    expect(decideAfterExit({ code: 0, signal: null }, restart, 0)).toEqual({ kind: 'exited' })
    expect(decideAfterExit({ code: 1, signal: null }, restart, 2)).toEqual({
      kind: 'restart',
      delayMs: 4000,
    })
    expect(decideAfterExit({ code: null, signal: 'SIGKILL' }, restart, 0)).toEqual({
      kind: 'restart',
      delayMs: 1000,
    })
    expect(decideAfterExit({ code: 1, signal: null }, restart, 5)).toEqual({
      kind: 'fail',
      reason: 'restarts-exhausted',
    })
  })

  it('follows always and never', () => {
    expect(
      decideAfterExit({ code: 0, signal: null }, { ...restart, policy: 'always' }, 0).kind,
    ).toBe('restart')
    expect(decideAfterExit({ code: 1, signal: null }, { ...restart, policy: 'never' }, 0)).toEqual({
      kind: 'fail',
      reason: 'policy-never',
    })
  })
})

describe('diagnosis rules', () => {
  const exit = (code: number | null, signal: string | null = null) => ({ code, signal, at: 0 })

  it('reads the shell codes for a missing command and a denied permission', () => {
    expect(diagnose.exitedDuringStart(spec, exit(127), ['sh: 1: mix: not found'], []).code).toBe(
      'command-not-found',
    )
    expect(diagnose.exitedDuringStart(spec, exit(126), [], []).code).toBe('permission-denied')
    expect(
      diagnose.exitedDuringStart(spec, exit(1), ['Error: EACCES: permission denied'], []).code,
    ).toBe('permission-denied')
  })

  it('names the signal in words and keeps the last lines', () => {
    const diagnosis = diagnose.exitedDuringStart(
      spec,
      exit(null, 'SIGSEGV'),
      ['boom'],
      ['out', 'boom'],
    )
    expect(diagnosis.problem).toBe(
      'web ended before it was ready: crashed with a segmentation fault (SIGSEGV).',
    )
    expect(diagnosis.lastLines).toEqual(['boom'])
    expect(diagnose.isRecoverable(diagnosis)).toBe(true)
  })

  it('tells a port that never opened from a health endpoint that answered wrong', () => {
    const seen = (port: boolean) => ({ logLine: true, port })
    const none = { stderr: [], output: [] }
    expect(diagnose.neverReady(spec, seen(false), undefined, none).fix).toContain(
      'Is PORT honoured?',
    )
    const wrong = diagnose.neverReady(
      spec,
      seen(true),
      { at: 0, latencyMs: 1, ok: false, status: 404 },
      { stderr: ['warning: no route for /api/health'], output: ['heartbeat 1', 'heartbeat 2'] },
    )
    // The lines that explain it (stderr), not the heartbeats printed meanwhile.
    expect(wrong.lastLines).toEqual(['warning: no route for /api/health'])
    expect(wrong.code).toBe('health-wrong-status')
    expect(wrong.fix).toContain('/api/health')
  })

  it('names the holder of a port when it is known', () => {
    expect(diagnose.portInUse(spec, { pid: 77, command: 'beam.smp' }).problem).toBe(
      'Port 4001 is already in use by pid 77 (beam.smp).',
    )
    expect(diagnose.portInUse(spec, undefined).fix).toContain('ss -ltnp')
  })
})

describe('small rules', () => {
  it('describes exits in words', () => {
    expect(describeExit(1, null)).toBe('exit code 1')
    expect(describeExit(null, 'SIGKILL')).toBe('killed by SIGKILL')
    expect(describeExit(137, null)).toBe('exit code 137 (killed by SIGKILL)')
  })

  it('reads and formats durations', () => {
    expect(['250', 250, '250ms', '1.5s', '2m', 'x', '-1s', true].map(parseDurationMs)).toEqual([
      250,
      250,
      250,
      1500,
      120_000,
      undefined,
      Number.NaN,
      undefined,
    ])
    expect([400, 3100, 90_000].map(formatDuration)).toEqual(['400 ms', '3.1 s', '1.5 min'])
  })

  it('renders templates and lists their variables', () => {
    expect(templateVariables('{{a}}-{{ b }}-{{}}')).toEqual(['a', 'b', ''])
    expect(renderTemplate('{{name}}@{{host}} {{other}}', { name: 'n1', host: 'h' })).toBe(
      'n1@h {{other}}',
    )
  })

  it('suggests only near words', () => {
    expect(closestWord('helth', ['health', 'host'])).toBe('health')
    expect(closestWord('zzzzzz', ['health', 'host'])).toBeUndefined()
  })

  it('gives a node its identity in the environment, under its own variables', () => {
    const env = nodeEnvironment(
      { ...spec, env: { MIX_ENV: 'dev', PORT: '9999' } },
      { PATH: '/bin', NODE_NAME: 'x' },
    )
    expect(env).toEqual({
      PATH: '/bin',
      NODE_NAME: 'web',
      CLUSTER_DESK_NODE: 'web',
      PORT: '9999',
      MIX_ENV: 'dev',
    })
  })
})
