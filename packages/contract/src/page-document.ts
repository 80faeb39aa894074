import { z } from 'zod';
import { fetchedDocumentFields } from './stored-document.js';

/**
 * One fetched article page, kept so that pages can be re-extracted after an extractor change
 * without fetching them again. Keyed like the item that links to it.
 */
export const PageDocumentRecord = z
  .object({
    schemaVersion: z.literal(1),
    itemKey: z.string().describe('The itemKey of the raw item that links to the page'),
    feedId: z.string(),
    ...fetchedDocumentFields,
  })
  .meta({
    id: 'news.pages.v1',
    title: 'Article page',
    description: 'One fetched article page with its URL, HTTP headers and fetch time',
  });
export type PageDocumentRecord = z.infer<typeof PageDocumentRecord>;
