import { describe, expect, it } from 'vitest';
import { testConfig } from '../support/config.js';
import { statusCommand } from '@wirestream/cli';
import { uniquePrefix } from '../harness/services.js';

const CLEAR = '\x1b[2J\x1b[H';

/** Runs `status --watch 1` until `refreshes` screens were written, then aborts it. */
async function watch(isTTY: boolean, refreshes: number): Promise<string[]> {
  const prefix = uniquePrefix('status-watch');
  const config = testConfig(prefix, { enricher: { groupId: `${prefix}enricher` }, log: { level: 'warn' } });
  const screens: string[] = [];
  const stop = new AbortController();
  const out = {
    isTTY,
    write: (text: string) => {
      screens.push(text);
      if (screens.length >= refreshes) stop.abort();
    },
  };
  await statusCommand(config, { watch: '1' }, { out, signal: stop.signal });
  return screens;
}

describe('wirestream status --watch', () => {
  it('refreshes until stopped and clears the screen between refreshes on a terminal', async () => {
    const screens = await watch(true, 2);
    expect(screens).toHaveLength(2);
    for (const s of screens) {
      expect(s.startsWith(CLEAR)).toBe(true);
      expect(s).toContain('Consumer lag');
    }
  });

  it('keeps every refresh and writes no control codes when piped', async () => {
    const screens = await watch(false, 2);
    expect(screens).toHaveLength(2);
    expect(screens.join('')).not.toContain('\x1b[');
    expect(screens[1]).toMatch(/^wirestream status at /);
  });
});
