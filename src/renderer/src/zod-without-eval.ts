import { z } from 'zod'

// The page's Content Security Policy forbids eval. Zod decides whether to compile validators
// with `new Function` when each schema is defined, so this must run before any schema exists.
z.config({ jitless: true })
