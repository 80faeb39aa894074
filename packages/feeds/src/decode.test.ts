import iconv from 'iconv-lite';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFeed, decodeMixedUtf8 } from './decode.js';
import { FeedParseError, MAX_FEED_BYTES } from './errors.js';

const xml = (encoding: string | null, body: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?><rss version="2.0"><channel><title>${body}</title></channel></rss>`;

function utf32(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const codePoints = [...(bom ? '\uFEFF' : ''), ...text].map((c) => c.codePointAt(0) ?? 0);
  const view = new DataView(new ArrayBuffer(codePoints.length * 4));
  codePoints.forEach((cp, i) => view.setUint32(i * 4, cp, !bigEndian));
  return new Uint8Array(view.buffer);
}

describe('decodeFeed', () => {
  it('decodes plain UTF-8 without warnings', () => {
    const result = decodeFeed(Buffer.from(xml('utf-8', 'Grüße — “quoted”')));
    expect(result.encoding).toBe('utf-8');
    expect(result.text).toContain('Grüße — “quoted”');
    expect(result.warnings).toEqual([]);
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml(null, 'ok'))]);
    const result = decodeFeed(bytes);
    expect(result.text.startsWith('<?xml')).toBe(true);
    expect(result.encoding).toBe('utf-8');
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const text = xml('utf-16', 'Ελληνικά');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    expect(decodeFeed(le)).toMatchObject({ encoding: 'utf-16le' });
    expect(decodeFeed(le).text).toContain('Ελληνικά');
    expect(decodeFeed(be)).toMatchObject({ encoding: 'utf-16be' });
    expect(decodeFeed(be).text).toContain('Ελληνικά');
  });

  it('sniffs UTF-16 without a BOM from the "<?" pattern', () => {
    const result = decodeFeed(Buffer.from(xml('utf-16', 'sniffed ✓'), 'utf16le'));
    expect(result.encoding).toBe('utf-16le');
    expect(result.text).toContain('sniffed ✓');
  });

  it('decodes UTF-32 in both byte orders, with and without BOM', () => {
    const text = xml('utf-32', 'emoji 🗞 news');
    for (const [bigEndian, bom] of [
      [true, true],
      [false, true],
      [true, false],
      [false, false],
    ] as const) {
      const result = decodeFeed(utf32(text, bigEndian, bom));
      expect(result.encoding).toBe(bigEndian ? 'utf-32be' : 'utf-32le');
      expect(result.text).toBe(text);
    }
  });

  it('understands Python-only codec names such as u16 and utf_16', () => {
    for (const label of ['u16', 'utf16', 'utf_16']) {
      const bytes = Buffer.from(xml(label, 'alias'), 'utf16le');
      expect(decodeFeed(bytes).text).toContain('<title>alias</title>');
    }
  });

  it.each([
    ['koi8-r', 'Новости дня'],
    ['windows-1251', 'Новости дня'],
    ['shift_jis', '日本のニュース'],
    ['euc-jp', '日本のニュース'],
    ['big5', '新聞標題'],
    ['euc-kr', '한국 뉴스'],
    ['iso-8859-7', 'Ειδήσεις'],
  ])('decodes legacy charset %s from the XML declaration', (charset, title) => {
    const bytes = iconv.encode(xml(charset, title), charset);
    const result = decodeFeed(bytes);
    expect(result.encoding).toBe(charset);
    expect(result.text).toContain(title);
  });

  it('decodes GB2312 labels with the GB18030 superset', () => {
    const result = decodeFeed(iconv.encode(xml('gb2312', '新闻标题 𠀀'), 'gb18030'));
    expect(result.encoding).toBe('gb18030');
    expect(result.text).toContain('新闻标题 𠀀');
  });

  it('detects undeclared Shift_JIS by its byte statistics', () => {
    const title = 'これは日本語のニュース見出しです。東京で新しい展示会が開かれました。'.repeat(4);
    const result = decodeFeed(iconv.encode(xml(null, title), 'shift_jis'));
    expect(result.encoding).toBe('shift_jis');
    expect(result.text).toContain(title);
    expect(result.warnings.length).toBeGreaterThan(0);
  });

  it('inflates a gzip body sent without Content-Encoding', () => {
    const result = decodeFeed(gzipSync(Buffer.from(xml('utf-8', 'zipped'))));
    expect(result.text).toContain('<title>zipped</title>');
    expect(result.warnings.join()).toMatch(/gzip/);
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    const bytes = iconv.encode(xml('iso-8859-1', 'Новости'), 'koi8-r');
    const result = decodeFeed(bytes, 'application/rss+xml; charset=KOI8-R');
    expect(result.encoding).toBe('koi8-r');
    expect(result.text).toContain('Новости');
  });

  it('uses the XML declaration when text/xml without charset carries non-ASCII bytes', () => {
    const bytes = iconv.encode(xml('windows-1251', 'Новости'), 'windows-1251');
    const result = decodeFeed(bytes, 'text/xml');
    expect(result.encoding).toBe('windows-1251');
    expect(result.text).toContain('Новости');
    expect(result.warnings.join()).toMatch(/us-ascii/);
  });

  it('treats declared ISO-8859-1 with C1 bytes as windows-1252', () => {
    const bytes = iconv.encode(xml('iso-8859-1', '“smart” quotes'), 'windows-1252');
    const result = decodeFeed(bytes);
    expect(result.encoding).toBe('windows-1252');
    expect(result.text).toContain('“smart” quotes');
    expect(result.warnings.join()).toMatch(/windows-1252/);
  });

  it('keeps real Latin-1 as iso-8859-1', () => {
    const result = decodeFeed(iconv.encode(xml('ISO-8859-1', 'Café'), 'latin1'));
    expect(result.encoding).toBe('iso-8859-1');
    expect(result.text).toContain('Café');
    expect(result.warnings).toEqual([]);
  });

  it('decodes UTF-8 bytes mislabelled as ISO-8859-1 as UTF-8, with a warning', () => {
    const result = decodeFeed(Buffer.from(xml('ISO-8859-1', '© Agence')));
    expect(result.encoding).toBe('utf-8');
    expect(result.text).toContain('© Agence');
    expect(result.warnings.join()).toMatch(/declared iso-8859-1 .*UTF-8/i);
  });

  it('falls back to windows-1252 when undeclared bytes are not UTF-8', () => {
    const bytes = iconv.encode(xml(null, 'déjà vu'), 'latin1');
    const result = decodeFeed(bytes);
    expect(result.text).toContain('déjà vu');
    expect(result.warnings.length).toBeGreaterThan(0);
  });

  it('keeps a UTF-8 document with one broken sequence as UTF-8, with a warning', () => {
    const good = Buffer.from(xml('utf-8', 'Übermäßig große Größenänderung für Straßen'));
    const bytes = Buffer.concat([good.subarray(0, 60), Buffer.from([0xc3]), good.subarray(60)]);
    const result = decodeFeed(bytes);
    expect(result.encoding).toBe('utf-8');
    expect(result.text).toContain('Größenänderung für Straßen');
    expect(result.warnings.join()).toMatch(/invalid UTF-8/);
  });

  it('warns when served as text/plain', () => {
    expect(decodeFeed(Buffer.from(xml('utf-8', 'x')), 'text/plain; charset=utf-8').warnings.join()).toMatch(
      /text\/plain/,
    );
  });

  it('rejects binary garbage as undecodable', () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(() => decodeFeed(garbage)).toThrow(FeedParseError);
    try {
      decodeFeed(garbage);
    } catch (error) {
      expect((error as FeedParseError).reason).toBe('undecodable');
    }
  });

  it('refuses documents over MAX_FEED_BYTES', () => {
    expect(() => decodeFeed(new Uint8Array(MAX_FEED_BYTES + 1))).toThrow(/too large/);
  });
});

describe('mixed encodings and stray bytes', () => {
  it('reads well-formed UTF-8 as UTF-8 and each stray byte as windows-1252', () => {
    const bytes = Buffer.concat([
      Buffer.from('Köln '),
      Buffer.from([0x93, 0x4b, 0xe4, 0x72, 0x6e, 0x74, 0x65, 0x6e, 0x94]), // “Kärnten” in windows-1252
      Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), // overlong "/", a UTF-16 surrogate
      Buffer.from(' 🎉'),
    ]);
    expect(decodeMixedUtf8(bytes)).toEqual({
      text: 'Köln “Kärnten”À¯í\u00a0€ 🎉',
      multibyte: 2,
      stray: 8,
    });
  });

  it('decodes a UTF-8 feed with a windows-1252 item pasted in, with a warning', () => {
    const body = Buffer.concat([
      Buffer.from(xml('utf-8', 'Grüße aus Köln, ')),
      Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]), // "Grüße" in windows-1252
    ]);
    const { text, warnings } = decodeFeed(body, 'application/rss+xml');
    expect(text).toContain('Grüße aus Köln, ');
    expect(text.endsWith('</rss>Grüße')).toBe(true);
    expect(warnings).toEqual(['invalid UTF-8: 2 stray bytes read as windows-1252 (mixed encodings)']);
  });

  it('takes a few stray control characters for junk to strip, and many for binary', () => {
    expect(decodeFeed(Buffer.from(xml('utf-8', 'NUL\u0000 and escape\u001b[0m'))).text).toContain(
      'NUL\u0000',
    );
    const binary = new Uint8Array(400).map((_, i) => (i % 5 === 0 ? 0 : 0x41));
    expect(() => decodeFeed(binary)).toThrow(/full of control characters/);
  });
});
