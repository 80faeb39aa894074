import { describe, expect, it } from 'vitest';
import { partitionLag, ratePerSecond, secondsBehind } from './lag.js';

describe('partitionLag', () => {
  it('counts records between the committed offset and the high watermark per partition', () => {
    const lag = partitionLag(
      [
        { partition: 1, high: 10, low: 0 },
        { partition: 0, high: 7, low: 0 },
      ],
      [
        { partition: 0, offset: 7 },
        { partition: 1, offset: 4 },
      ],
    );
    expect(lag).toEqual([
      { partition: 0, committed: 7, end: 7, records: 0 },
      { partition: 1, committed: 4, end: 10, records: 6 },
    ]);
  });

  it('counts a partition the group never committed on from the log start', () => {
    expect(partitionLag([{ partition: 0, high: 12, low: 2 }], [{ partition: 0, offset: -1 }])).toEqual([
      { partition: 0, committed: null, end: 12, records: 10 },
    ]);
    expect(partitionLag([{ partition: 0, high: 5, low: 0 }], [])[0]!.records).toBe(5);
  });

  it('does not count records retention already deleted', () => {
    expect(
      partitionLag([{ partition: 0, high: 100, low: 90 }], [{ partition: 0, offset: 50 }])[0]!.records,
    ).toBe(10);
  });
});

describe('secondsBehind', () => {
  const history = [
    { at: 0, end: 0 },
    { at: 10_000, end: 10 },
    { at: 20_000, end: 20 },
  ];

  it('is 0 when the group is caught up', () => {
    expect(secondsBehind(history, 20, 20, 30_000)).toBe(0);
  });

  it('interpolates when the oldest unconsumed record was appended between two samples', () => {
    // Offset 5 (the 6th record) arrived between t=0 (end 0) and t=10 s (end 10): at about t=6 s.
    expect(secondsBehind(history, 5, 20, 30_000)).toBeCloseTo(24, 5);
  });

  it('reports the age of the oldest sample as a lower bound when the lag predates the history', () => {
    expect(secondsBehind([{ at: 10_000, end: 10 }], 3, 10, 40_000)).toBe(30);
  });
});

describe('ratePerSecond', () => {
  it('is the slope over the window and null with fewer than two samples', () => {
    const samples = [
      { at: 0, end: 0 },
      { at: 50_000, end: 100 },
      { at: 60_000, end: 130 },
    ];
    expect(ratePerSecond(samples, 60_000, 20_000)).toBe(3);
    expect(ratePerSecond(samples, 60_000, 5_000)).toBeNull();
  });
});
