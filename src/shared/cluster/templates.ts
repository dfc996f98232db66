const TEMPLATE_PATTERN = /\{\{\s*([^{}\s]*)\s*\}\}/g

/** The variable names a template refers to, in order of appearance. */
export function templateVariables(template: string): string[] {
  return Array.from(template.matchAll(TEMPLATE_PATTERN), (match) => match[1] ?? '')
}

/** Replaces every `{{name}}`; callers validate names first, so an unknown one is left as is. */
export function renderTemplate(template: string, variables: Readonly<Record<string, string>>) {
  return template.replace(TEMPLATE_PATTERN, (whole, name: string) =>
    Object.hasOwn(variables, name) ? variables[name]! : whole,
  )
}

export const BUILTIN_TEMPLATE_VARIABLES = ['name', 'port', 'host', 'index'] as const
