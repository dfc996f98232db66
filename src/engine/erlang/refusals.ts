/** An Erlang request that cannot be done, in words, with what to do: a command's answer. */
export class ErlangRequestError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message)
  }
}

export const notAnErlangNode = (name: string, what: string) =>
  new ErlangRequestError(
    `${name} is not an Erlang node.`,
    `${what} needs a node started with --name or --sname, or given an erlang: field.`,
  )

export const notRunning = (name: string) =>
  new ErlangRequestError(
    `${name} is not running.`,
    'Start it first; a partition cuts a running node off the others.',
  )

export const noHelper = (failure: string | undefined) =>
  new ErlangRequestError(
    failure ?? 'The Erlang helper is not running yet.',
    'Wait a moment for it to start, or check that escript is on PATH.',
  )
