import { z } from 'zod'
import { MAX_NODE_NAME_LENGTH, NODE_NAME_PATTERN } from '../cluster/defaults'
import type { Channel, RequestOf } from './contract'

const nodeName = z
  .string()
  .min(1)
  .max(MAX_NODE_NAME_LENGTH)
  .regex(NODE_NAME_PATTERN, 'a node name holds only letters, digits, "_", "." and "-"')
const empty = z.object({}).strict()
const node = z.object({ node: nodeName }).strict()
const clusterName = z.object({ name: z.string().min(1).max(200) }).strict()
export const exportRequestSchema = z
  .object({
    node: nodeName.optional(),
    format: z.enum(['text', 'jsonl']),
    ansi: z.enum(['keep', 'strip']),
  })
  .strict()

/**
 * A runtime schema for every command's request: the renderer, a browser and the CLI are all
 * untrusted input. The mapped type makes a command without a schema, or with one that
 * disagrees with its request type, fail typecheck.
 */
export const REQUEST_SCHEMAS = {
  'cd:cluster:snapshot': empty,
  'cd:cluster:start': empty,
  'cd:cluster:stop': empty,
  'cd:cluster:restart': empty,
  'cd:node:start': z.object({ node: nodeName, dependencies: z.boolean().optional() }).strict(),
  'cd:node:stop': node,
  'cd:node:restart': node,
  'cd:node:kill': node,
  'cd:node:inspect': node,
  'cd:group:scale': z
    .object({ group: nodeName, replicas: z.number().int().min(0).max(500) })
    .strict(),
  'cd:logs:read': z
    .object({
      node: nodeName,
      afterSeq: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      streams: z
        .array(z.enum(['stdout', 'stderr', 'system']))
        .min(1)
        .max(3)
        .optional(),
    })
    .strict(),
  'cd:health:history': node,
  'cd:logs:export': exportRequestSchema,
  'cd:clusters:list': empty,
  'cd:clusters:load': clusterName,
  'cd:clusters:get': z
    .object({ name: z.string().min(1).max(200), reveal: z.boolean().optional() })
    .strict(),
  'cd:clusters:validate': z.object({ definition: z.unknown() }).strict(),
  'cd:clusters:plan': z.object({ definition: z.unknown() }).strict(),
  'cd:clusters:save': z
    .object({ definition: z.unknown(), writeFile: z.boolean().optional() })
    .strict(),
  'cd:clusters:parse': z
    .object({ text: z.string(), fileName: z.string().min(1).max(255) })
    .strict(),
  'cd:clusters:print': z.object({ definition: z.unknown() }).strict(),
  'cd:preferences:get': empty,
  'cd:preferences:set': z
    .object({ notifications: z.boolean().optional(), timestamps: z.boolean().optional() })
    .strict(),
  'cd:erlang:mesh': empty,
  'cd:erlang:partition': node,
  'cd:erlang:heal': z.object({ node: nodeName.optional() }).strict(),
  'cd:erlang:remsh': node,
} satisfies { [C in Channel]: z.ZodType<RequestOf<C>> }

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(REQUEST_SCHEMAS, value)
}

/** Explains a schema failure the way every error here reads: what, where, how to fix. */
export function describeSchemaError(channel: Channel, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${channel} ${issue.path.join('.') || 'request'}: ${issue.message}`)
    .join('; ')
}
