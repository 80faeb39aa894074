import { unwatchFile, watchFile } from 'node:fs';
import type { FeedSource } from '@wirestream/contract';
import { loadFeedList } from '@wirestream/feeds';

/**
 * Re-reads a feed list (YAML or OPML) whenever the file changes and hands the new list on; a list
 * that does not load is reported and the previous one stays. Polling (fs.watchFile) rather than
 * fs.watch, because editors and config management replace the file, which fs.watch loses track of.
 * Returns the function that stops watching.
 */
export function watchFeedList(
  file: string,
  onChange: (feeds: FeedSource[]) => void,
  onError: (err: Error) => void,
  intervalMs = 2000,
): () => void {
  const listener = (): void => {
    let feeds: FeedSource[];
    try {
      feeds = loadFeedList(file);
    } catch (err) {
      onError(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    onChange(feeds);
  };
  watchFile(file, { interval: intervalMs }, listener);
  return () => unwatchFile(file, listener);
}
