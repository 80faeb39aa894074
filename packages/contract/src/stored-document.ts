import { z } from 'zod';
import { UtcInstant } from './common.js';

/**
 * What every stored fetched document holds, feed or article page: where it came from, when, the
 * HTTP answer and the body itself, so that it can be parsed or extracted again without fetching.
 */
export const fetchedDocumentFields = {
  url: z.string().describe('The URL requested, credentials removed'),
  finalUrl: z.string().describe('The URL the body came from after redirects, credentials removed'),
  fetchedAt: UtcInstant,
  http: z.object({
    status: z.number().int(),
    headers: z
      .record(z.string(), z.string())
      .describe('Response headers, lower-case names; cookies and anything credential-like left out'),
  }),
  body: z.object({
    encoding: z.literal('gzip+base64').describe('The body as received (decompressed), gzipped, base64'),
    data: z.string(),
    bytes: z.number().int().nonnegative().describe('Size of the body before compression'),
    sha256: z.string().describe('Hex SHA-256 of the body before compression'),
  }),
};
