import { describe, expect, it } from 'vitest';
import { HostGate, HostGateRefusal } from './host-gate.js';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` for each URL at once through the gate; returns when each started, in ms since the call. */
async function startTimes(gate: HostGate, urls: string[], options = {}, taskMs = 0): Promise<number[]> {
  const t0 = Date.now();
  const starts: number[] = [];
  await Promise.all(
    urls.map((url, i) =>
      gate.run(
        url,
        async () => {
          starts[i] = Date.now() - t0;
          await wait(taskMs);
        },
        options,
      ),
    ),
  );
  return starts;
}

describe('HostGate', () => {
  it('holds each host to its limit of tasks in flight, hosts apart', async () => {
    const gate = new HostGate(2);
    let inFlight = 0;
    let most = 0;
    const task = async (): Promise<void> => {
      most = Math.max(most, ++inFlight);
      await wait(20);
      inFlight--;
    };
    await Promise.all(Array.from({ length: 6 }, () => gate.run('http://a.example/x', task)));
    expect(most).toBe(2);
    const starts = await startTimes(gate, ['http://a.example/1', 'http://b.example/1', 'http://c.example/1']);
    expect(Math.max(...starts)).toBeLessThan(15);
    // Nothing running, resting or paused: no host is remembered.
    expect(gate.hosts).toBe(0);
  });

  it('spaces the starts of a host by the gap, without holding up its other slot for a slow task', async () => {
    const gate = new HostGate(2);
    const starts = await startTimes(
      gate,
      ['http://a.example/1', 'http://a.example/2', 'http://a.example/3'],
      {
        gapMs: 80,
      },
    );
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(78);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(78);
    // The gap runs from a start: a slow first answer does not push the second start past the gap.
    const slow = await startTimes(gate, ['http://s.example/1', 'http://s.example/2'], { gapMs: 50 }, 300);
    expect(slow[1]! - slow[0]!).toBeLessThan(200);
    // Another host is not held back by the first one's gap.
    const other = await startTimes(gate, ['http://b.example/1'], { gapMs: 80 });
    expect(other[0]!).toBeLessThan(15);
  });

  it('starts nothing on a paused host before the pause ends, and tells when asked', async () => {
    const gate = new HostGate(2);
    const until = Date.now() + 120;
    gate.pause('http://a.example/x', until);
    expect(gate.pausedUntil('http://a.example/other')).toBe(until);
    expect(gate.pausedUntil('http://b.example/x')).toBeNull();
    let started = 0;
    await gate.run('http://a.example/y', async () => {
      started = Date.now();
    });
    expect(started).toBeGreaterThanOrEqual(until);
    expect(gate.pausedUntil('http://a.example/x')).toBeNull();
  });

  it('refuses, rather than waits, when a task could not start by its deadline, and says why', async () => {
    const gate = new HostGate(1);
    gate.pause('http://p.example/x', Date.now() + 5_000);
    const paused = await gate
      .run('http://p.example/y', async () => 1, { deadline: Date.now() + 100 })
      .catch((e) => e);
    expect(paused).toBeInstanceOf(HostGateRefusal);
    expect(paused).toMatchObject({ why: 'paused', host: 'p.example' });

    await gate.run('http://r.example/1', async () => 1, { gapMs: 5_000 });
    const resting = await gate
      .run('http://r.example/2', async () => 1, { gapMs: 5_000, deadline: Date.now() + 100 })
      .catch((e) => e);
    expect(resting).toMatchObject({ why: 'resting', host: 'r.example' });

    // Queued behind a slow task past the deadline.
    const slow = gate.run('http://q.example/1', () => wait(200));
    const queued = await gate
      .run('http://q.example/2', async () => 1, { deadline: Date.now() + 50 })
      .catch((e) => e);
    await slow;
    expect(queued).toMatchObject({ why: 'queued', host: 'q.example' });
  });

  it('waits out a pause set while a task waits for its turn', async () => {
    const gate = new HostGate(1);
    const first = gate.run('http://a.example/1', () => wait(50), { gapMs: 20 });
    const second = gate.run('http://a.example/2', async () => Date.now(), { gapMs: 20 });
    const until = Date.now() + 150;
    gate.pause('http://a.example/', until);
    await first;
    expect(await second).toBeGreaterThanOrEqual(until);
  });
});
