import { z } from 'zod'

export const SETTINGS_VERSION = 1

const bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200),
  height: z.number().int().min(200),
})

/** Everything the desktop app remembers between runs. Cluster definitions are kept as written. */
export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  clusters: z.array(z.object({ definition: z.unknown(), savedAt: z.string() })),
  selectedCluster: z.string().optional(),
  windowBounds: bounds.optional(),
  /** Cluster files opened with Open Folder, newest first. */
  recentFiles: z.array(z.string()).max(20).optional(),
  ui: z.object({ notifications: z.boolean(), timestamps: z.boolean() }),
  /** Closing the window leaves the cluster running, in the tray; quitting still stops it. */
  keepRunningInTray: z.boolean().optional(),
})

export type Settings = z.infer<typeof settingsSchema>

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  clusters: [],
  ui: { notifications: false, timestamps: false },
}
