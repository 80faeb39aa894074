import { describe, expect, it } from 'vitest';
import { decodePage } from './decode.js';

const page = (meta: string, body: string): string =>
  `<!doctype html><html><head>${meta}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('decodePage', () => {
  it('takes the charset the server declared over the page', () => {
    const bytes = new TextEncoder().encode(page('<meta charset="windows-1251">', 'Grüße'));
    const decoded = decodePage(bytes, 'text/html; charset=UTF-8');
    expect(decoded).toMatchObject({ charset: 'utf-8', charsetSource: 'header' });
    expect(decoded.html).toContain('Grüße');
  });

  it('reads a meta declaration when the server is silent (Cyrillic in windows-1251)', () => {
    // "Новости" in windows-1251.
    const word = Uint8Array.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]);
    const head = Buffer.from(
      page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', ''),
    );
    const at = head.indexOf('<p>') + 3;
    const bytes = Buffer.concat([head.subarray(0, at), word, head.subarray(at)]);
    const decoded = decodePage(bytes, 'text/html');
    expect(decoded).toMatchObject({ charset: 'windows-1251', charsetSource: 'meta' });
    expect(decoded.html).toContain('<p>Новости</p>');
  });

  it('honours a byte order mark above everything', () => {
    const body = Buffer.from(page('', 'שלום עולם'), 'utf16le');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
    const decoded = decodePage(bytes, 'text/html; charset=iso-8859-1');
    expect(decoded.charsetSource).toBe('bom');
    expect(decoded.html).toContain('שלום עולם');
  });

  it('falls back to UTF-8 for unknown labels and keeps broken bytes as replacement characters', () => {
    const bytes = Buffer.concat([
      Buffer.from(page('<meta charset="no-such-charset">', 'ok ')),
      Buffer.from([0xff]),
    ]);
    const decoded = decodePage(bytes, null);
    expect(decoded).toMatchObject({ charset: 'utf-8', charsetSource: 'default' });
    expect(decoded.html).toContain('\ufffd');
  });

  it('decodes latin1 as windows-1252, as browsers do', () => {
    const bytes = Uint8Array.from([0x93, 0x68, 0x69, 0x94]);
    expect(decodePage(bytes, 'text/html; charset=latin1').html).toBe('\u201chi\u201d');
  });
});
