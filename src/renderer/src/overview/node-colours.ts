/** The golden angle: consecutive nodes land far apart on the colour wheel, never repeating. */
const GOLDEN_ANGLE = 137.508

/**
 * A colour per node that stays distinct for 50 nodes and more: hues spread by the golden
 * angle, lightness alternating between three steps, each step dark enough to read on the
 * light theme's log and light enough on the dark one's.
 */
export function nodeColour(index: number, dark: boolean): string {
  const hue = Math.round((index * GOLDEN_ANGLE) % 360)
  const step = index % 3
  const lightness = dark ? [68, 60, 76][step] : [38, 30, 46][step]
  return `hsl(${hue} ${dark ? 70 : 75}% ${lightness}%)`
}
