/**
 * Where a raw record sits on news.raw.v1, as dedupe entries remember it: the same record delivered
 * again (same position) is told apart from the fetcher sending the same item twice (another
 * position). The live enricher and `replay items` both read the raw topic and store positions in
 * this one form (moved here from the enricher so that replay need not reach into it).
 */
export const rawRecordPosition = (partition: number, offset: string): string => `${partition}:${offset}`;
