import { z } from 'zod';

/** ISO 8601 instant in UTC with a trailing Z, as every timestamp in our records is written. */
export const UtcInstant = z.iso.datetime({ offset: false }).describe('ISO 8601 instant in UTC (…Z)');

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .describe('ISO 3166-1 alpha-2 country code');

export const TextField = z.enum(['title', 'summary', 'body']);
export type TextField = z.infer<typeof TextField>;

/** Why a tag was given: which lexicon term matched, the text that matched it, and where. */
export const Evidence = z.object({
  term: z.string().describe('The lexicon term or rule that matched'),
  match: z.string().describe('The text as it stands in the article'),
  field: TextField,
  offset: z.number().int().nonnegative().describe('Character offset of the match in that field'),
  // Default: records published before the field existed still parse (additive change).
  sentence: z
    .string()
    .nullable()
    .default(null)
    .describe('The sentence the match stands in, as the article has it (at most 300 characters)'),
});
export type Evidence = z.infer<typeof Evidence>;
