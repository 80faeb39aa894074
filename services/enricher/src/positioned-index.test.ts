import { describe, expect, it } from 'vitest';
import {
  MemoryDedupeIndex,
  bandKeys,
  dedupeArticle,
  minhashSignature,
  type DedupeFacts,
  type DedupeIndex,
} from '@wirestream/dedupe';
import { DedupeUnavailableError, PositionedDedupeIndex } from './positioned-index.js';

const signature = minhashSignature(['port', 'strike', 'enters', 'second', 'week']);
const facts = (contentHash: string): DedupeFacts => ({
  articleId: 'a-1',
  itemKey: 'item-1',
  contentHash,
  signature,
  bandKeys: bandKeys(signature),
});

async function decideAt(index: DedupeIndex, position: string, contentHash = 'h1') {
  const positioned = new PositionedDedupeIndex(index, position);
  const decision = await dedupeArticle(positioned, facts(contentHash));
  return { kind: decision.kind, repeat: positioned.isRepeat(decision) };
}

describe('PositionedDedupeIndex', () => {
  it('tells the same raw record delivered again from the same item sent again at another offset', async () => {
    const index = new MemoryDedupeIndex();
    expect(await decideAt(index, '2:10')).toEqual({ kind: 'new', repeat: false });
    // The same record again (its transaction was aborted, or the offset commit lost): publish again.
    expect(await decideAt(index, '2:10')).toEqual({ kind: 'redelivery', repeat: false });
    // The fetcher sent the item a second time: the first copy stands, this one is a repeat.
    expect(await decideAt(index, '2:11')).toEqual({ kind: 'redelivery', repeat: true });
    // A changed text is a revision wherever it comes from, and its position is remembered.
    expect(await decideAt(index, '2:12', 'h2')).toEqual({ kind: 'update', repeat: false });
    expect(await decideAt(index, '2:12', 'h2')).toEqual({ kind: 'redelivery', repeat: false });
    expect(await decideAt(index, '2:13', 'h2')).toEqual({ kind: 'redelivery', repeat: true });
  });

  it('publishes a same-URL copy once: again for its own raw record, not for the item sent twice', async () => {
    const index = new MemoryDedupeIndex();
    await decideAt(index, '0:1');
    // Another feed links the same page: a same-URL copy, stored under no id of its own.
    const copyAt = async (position: string) => {
      const positioned = new PositionedDedupeIndex(index, position);
      const decision = await dedupeArticle(positioned, { ...facts('h1'), itemKey: 'item-2' });
      return {
        kind: decision.kind,
        repeat: await positioned.isRepeatedCopy(decision, 'a-1', 'item-2'),
      };
    };
    expect(await copyAt('1:5')).toEqual({ kind: 'copy', repeat: false });
    expect(await copyAt('1:5')).toEqual({ kind: 'copy', repeat: false });
    expect(await copyAt('1:9')).toEqual({ kind: 'copy', repeat: true });
    // Not a copy at all: never asks the index.
    const positioned = new PositionedDedupeIndex(index, '0:2');
    expect(await positioned.isRepeatedCopy({ kind: 'redelivery', reason: null }, 'a-1', 'item-1')).toBe(
      false,
    );
  });

  it('treats an entry stored without a position as the same record (publish again, never lose)', async () => {
    const index = new MemoryDedupeIndex();
    await dedupeArticle(index, facts('h1'));
    expect(await decideAt(index, '0:5')).toEqual({ kind: 'redelivery', repeat: false });
  });

  it('marks failures of the index as transient', async () => {
    const broken: DedupeIndex = {
      lookup: () => Promise.reject(new Error('Connection is closed.')),
      entries: () => Promise.reject(new Error('Connection is closed.')),
      save: () => Promise.reject(new Error('Connection is closed.')),
    };
    await expect(decideAt(broken, '0:1')).rejects.toBeInstanceOf(DedupeUnavailableError);
  });
});
