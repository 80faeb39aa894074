import { z } from 'zod';

/** One line of `wirestream enrich` input. Unknown fields are ignored. */
export const EnrichInput = z
  .object({
    id: z.string().optional(),
    title: z.string().default(''),
    summary: z.string().default(''),
    body: z.string().default('').describe('Plain text or HTML'),
    url: z.string().default(''),
    published: z.string().optional(),
    language: z.string().optional(),
    source: z.string().optional(),
  })
  .refine((input) => input.title !== '' || input.body !== '' || input.summary !== '', {
    message: 'needs at least one of title, summary or body',
  })
  .meta({ id: 'enrich-input', title: 'wirestream enrich input line' });
export type EnrichInput = z.infer<typeof EnrichInput>;
