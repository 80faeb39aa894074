import type { FeedItem } from '@wirestream/contract';
import { itemHash, keyedItems, type KeyedItem } from '@wirestream/feeds';
import { describe, expect, it } from 'vitest';
import { diffItems } from './item-diff.js';

const keyed = (key: string, hash: string): KeyedItem => ({ key, hash, item: { title: key } as FeedItem });
const seen = (entries: Record<string, string>): Map<string, { hash: string; lastSeen: number }> =>
  new Map(Object.entries(entries).map(([key, hash]) => [key, { hash, lastSeen: 1 }]));

describe('diffItems', () => {
  it('counts every item of a first poll as new', () => {
    const diff = diffItems(new Map(), [keyed('a', '1'), keyed('b', '2')]);
    expect(diff.changed.map((c) => [c.keyed.key, c.change])).toEqual([
      ['a', 'new'],
      ['b', 'new'],
    ]);
    expect([diff.created, diff.updated, diff.unchanged]).toEqual([2, 0, 0]);
  });

  it('tells new, updated and unchanged items apart, keeping document order', () => {
    const diff = diffItems(seen({ a: '1', b: '2', c: '3' }), [
      keyed('d', '4'),
      keyed('a', '1'),
      keyed('b', '2-edited'),
      keyed('c', '3'),
      keyed('e', '5'),
    ]);
    expect(diff.changed.map((c) => [c.keyed.key, c.change])).toEqual([
      ['d', 'new'],
      ['b', 'updated'],
      ['e', 'new'],
    ]);
    expect([diff.created, diff.updated, diff.unchanged]).toEqual([2, 1, 2]);
  });

  it('publishes nothing when the document repeats what was seen', () => {
    const diff = diffItems(seen({ a: '1', b: '2' }), [keyed('a', '1'), keyed('b', '2')]);
    expect(diff.changed).toEqual([]);
    expect([diff.created, diff.updated, diff.unchanged]).toEqual([0, 0, 2]);
  });

  it('returns the whole document as the new seen set, and leaves what dropped out to the store', () => {
    const previous = seen({ gone: '9', a: '1' });
    const diff = diffItems(previous, [keyed('a', '1'), keyed('b', '2-new')]);
    expect([...diff.current]).toEqual([
      ['a', '1'],
      ['b', '2-new'],
    ]);
    // Items that left the document are forgotten by the state store after a while, not here.
    expect(diff.current.has('gone')).toBe(false);
    expect(previous.size).toBe(2);
  });

  it('hands back the keyed items themselves, for the raw records', () => {
    const item = keyed('a', '1');
    expect(diffItems(new Map(), [item]).changed[0]!.keyed).toBe(item);
  });

  it('sees an edited item of a real document as updated, and the untouched one as unchanged', () => {
    const items: FeedItem[] = [
      { guid: 'urn:1', title: 'First', link: 'https://example.com/1' } as FeedItem,
      { guid: 'urn:2', title: 'Second', link: 'https://example.com/2' } as FeedItem,
    ];
    const before = keyedItems('feed', items);
    const previous = new Map(before.map((k) => [k.key, { hash: k.hash, lastSeen: 1 }]));
    const edited = [items[0]!, { ...items[1]!, title: 'Second, corrected' }];
    const diff = diffItems(previous, keyedItems('feed', edited));
    expect(diff.changed.map((c) => [c.keyed.item.title, c.change])).toEqual([
      ['Second, corrected', 'updated'],
    ]);
    expect(diff.changed[0]!.keyed.hash).toBe(itemHash(edited[1]!));
    expect(diff.unchanged).toBe(1);
  });
});
