import { describe, expect, it } from 'vitest';
import { cleanText, htmlToText, normalizeForHash, wordsForHash } from './index.js';

describe('cleanText', () => {
  it('returns an empty string for empty or blank input', () => {
    expect(cleanText('')).toBe('');
    expect(cleanText(' \n\t\n  ')).toBe('');
  });

  it('folds whitespace within lines and keeps paragraph breaks', () => {
    expect(
      cleanText('  Die   Regierung\ttagte\u00A0am Montag.  \r\n\r\n\r\n\r\n  Danach folgte   Kritik. '),
    ).toBe('Die Regierung tagte am Montag.\n\nDanach folgte Kritik.');
  });

  it('keeps single line breaks inside a paragraph', () => {
    expect(cleanText('Zeile eins\nZeile zwei')).toBe('Zeile eins\nZeile zwei');
  });

  it('removes soft hyphens, zero-width spaces and BOMs but keeps ZWNJ', () => {
    expect(cleanText('\uFEFFBundes\u00ADregierung\u200B beschließt')).toBe('Bundesregierung beschließt');
    expect(cleanText('می\u200Cخواهم')).toBe('می\u200Cخواهم');
  });

  it('normalises to NFC', () => {
    const decomposed = 'Cafe\u0301 in Mu\u0308nchen';
    expect(cleanText(decomposed)).toBe('Café in München');
    expect(cleanText(decomposed)).toHaveLength('Café in München'.length);
  });

  it('removes control characters', () => {
    expect(cleanText('Preis\u0000 steigt\u0007')).toBe('Preis steigt');
  });
});

describe('htmlToText', () => {
  it('turns block elements into paragraphs and <br> into line breaks', () => {
    const html =
      '<h2>Waldbrand an der Küste</h2><p>Hunderte Menschen<br>mussten ihre Häuser verlassen.</p><div>Die Feuerwehr war im Einsatz.</div>';
    expect(htmlToText(html)).toBe(
      'Waldbrand an der Küste\n\nHunderte Menschen\nmussten ihre Häuser verlassen.\n\nDie Feuerwehr war im Einsatz.',
    );
  });

  it('treats two <br> as a paragraph break', () => {
    expect(htmlToText('First paragraph.<br><br>Second paragraph.')).toBe(
      'First paragraph.\n\nSecond paragraph.',
    );
  });

  it('puts list items and table rows on their own lines', () => {
    expect(htmlToText('<p>Ergebnisse:</p>\n<ul>\n  <li>Partei A</li>\n  <li>Partei B</li>\n</ul>')).toBe(
      'Ergebnisse:\n\nPartei A\nPartei B',
    );
    expect(
      htmlToText('<table><tr><td>Dax</td><td>+0,4 %</td></tr><tr><td>MDax</td><td>-0,1 %</td></tr></table>'),
    ).toBe('Dax +0,4 %\nMDax -0,1 %');
  });

  it('drops scripts, styles, noscript, figures and their captions', () => {
    const html =
      '<p>Text before.</p><script>track("x")</script><style>p{color:red}</style><noscript>Enable JS</noscript>' +
      '<figure><img src="a.jpg"><figcaption>Photo: Agency / J. Doe</figcaption></figure><p>Text after.</p>';
    expect(htmlToText(html)).toBe('Text before.\n\nText after.');
  });

  it('keeps a figure without media, minus its caption', () => {
    expect(
      htmlToText(
        '<p>Intro.</p><figure><blockquote>We will not give up.</blockquote><figcaption>— the mayor</figcaption></figure>',
      ),
    ).toBe('Intro.\n\nWe will not give up.');
    expect(
      htmlToText(
        '<p>A.</p><figure><picture><img src="x.jpg"></picture><p>Foto: Agentur</p></figure><p>B.</p>',
      ),
    ).toBe('A.\n\nB.');
  });

  it('decodes entities', () => {
    expect(htmlToText('<p>Ben &amp; Jerry&#8217;s &quot;deal&quot; &ndash; &euro;5&nbsp;m</p>')).toBe(
      'Ben & Jerry’s "deal" – €5 m',
    );
    expect(htmlToText('AT&amp;T said profits rose &gt; 5 % &lt; 7 %')).toBe(
      'AT&T said profits rose > 5 % < 7 %',
    );
  });

  it('unwraps HTML that was escaped once too often', () => {
    expect(htmlToText('&lt;p&gt;Erster Absatz.&lt;/p&gt;&lt;p&gt;Zweiter &amp;amp; letzter.&lt;/p&gt;')).toBe(
      'Erster Absatz.\n\nZweiter & letzter.',
    );
  });

  it('keeps the paragraphs of plain text', () => {
    expect(htmlToText('Erster Absatz.\n\nZweiter Absatz mit a < b.\n\n\n\nDritter.')).toBe(
      'Erster Absatz.\n\nZweiter Absatz mit a < b.\n\nDritter.',
    );
  });

  it('keeps newline paragraphs when markup is only inline', () => {
    expect(htmlToText('Erster Absatz mit <b>fett</b>.\n\nZweiter <a href="/x">Link</a>.')).toBe(
      'Erster Absatz mit fett.\n\nZweiter Link.',
    );
  });

  it('folds source-code whitespace in block HTML', () => {
    expect(htmlToText('<p>\n   Ein   Satz\n   über zwei Zeilen.\n</p>')).toBe('Ein Satz über zwei Zeilen.');
  });

  it('keeps line structure inside <pre>', () => {
    expect(htmlToText('<p>Tabelle:</p><pre>A  1\nB  2</pre>')).toBe('Tabelle:\n\nA 1\nB 2');
  });

  it('copes with broken markup and empty input', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<p>Unclosed <b>bold<p>Next')).toBe('Unclosed bold\n\nNext');
    expect(htmlToText('<div><!-- comment --></div>')).toBe('');
  });
});

describe('normalizeForHash', () => {
  it('lower-cases, removes punctuation and folds whitespace', () => {
    expect(normalizeForHash('  „Die Zölle   werden greifen“, sagte sie. ')).toBe(
      'die zölle werden greifen sagte sie',
    );
  });

  it('hashes typographic variants alike', () => {
    expect(normalizeForHash("Russia's \u201Cfleet\u201D")).toBe(normalizeForHash('Russia’s "fleet"'));
    expect(normalizeForHash('Ｆｕｌｌ width ﬁnance')).toBe('full width finance');
    expect(normalizeForHash('Bundes\u00ADregierung')).toBe('bundesregierung');
    expect(normalizeForHash('İSTANBUL İzmir')).toBe('istanbul izmir');
  });

  it('returns an empty string for punctuation only', () => {
    expect(normalizeForHash('— … !!')).toBe('');
    expect(normalizeForHash('')).toBe('');
  });
});

describe('wordsForHash', () => {
  it('splits on punctuation including apostrophes and hyphens', () => {
    expect(wordsForHash("L'Ukraine et la Russie signent à Genève, 2025.")).toEqual([
      'l',
      'ukraine',
      'et',
      'la',
      'russie',
      'signent',
      'à',
      'genève',
      '2025',
    ]);
    expect(wordsForHash('Nord-Stream-Pipeline')).toEqual(['nord', 'stream', 'pipeline']);
  });

  it('handles Cyrillic and Arabic', () => {
    expect(wordsForHash('Суд в Москве арестовал учёного.')).toEqual([
      'суд',
      'в',
      'москве',
      'арестовал',
      'учёного',
    ]);
    expect(wordsForHash('أعلنت الحكومة')).toEqual(['أعلنت', 'الحكومة']);
  });

  it('segments Chinese into words instead of one long token', () => {
    const tokens = wordsForHash('政府星期一宣布了新措施');
    expect(tokens.length).toBeGreaterThan(2);
    expect(tokens.join('')).toBe('政府星期一宣布了新措施');
  });

  it('returns no tokens for empty input', () => {
    expect(wordsForHash('')).toEqual([]);
    expect(wordsForHash(' ,;! ')).toEqual([]);
  });
});
