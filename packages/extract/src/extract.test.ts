import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.js';

// Fixtures are invented for these tests; the prose is ours.
const STORY = [
  'The river ferry that links the two halves of the old town will run through the winter for the first time, the harbour office said on Monday, after a mild autumn kept the channel free of ice.',
  'Until now the boats were taken out of the water in November and the crossing closed until March, leaving commuters with a forty-minute detour over the northern bridge.',
  'Officials said a second, smaller vessel would be kept on standby in case of breakdowns, and that timetables would be thinned out on the coldest days of the year.',
  'Local shop owners welcomed the decision, saying the closed crossing used to cost them a good part of their winter trade every single year.',
];

function page(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry to run all winter | The Harbour Gazette</title>${head}</head><body>${body}</body></html>`;
}

const CHROME_TOP = `
  <div class="cookie-banner"><p>We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies.</p><button>Accept</button></div>
  <header class="site-header"><nav class="main-nav"><ul>
    <li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li><li><a href="/opinion">Opinion</a></li>
  </ul></nav></header>`;
const CHROME_BOTTOM = `
  <aside class="sidebar"><h3>Most read</h3><ul>
    <li><a href="/a">Council approves new cycle lanes along the whole of the harbour front</a></li>
    <li><a href="/b">Bakery on Mill Street celebrates its hundredth year in business</a></li>
    <li><a href="/c">Storm warning issued for the coast on Thursday evening</a></li>
  </ul></aside>
  <section id="comments" class="comments"><h3>Comments</h3>
    <div class="comment"><p>About time too, I have been waiting for this for years and years, the detour is a nightmare.</p></div>
    <div class="comment"><p>Let us see whether it actually runs when the temperature drops below zero in January.</p></div>
  </section>
  <footer class="site-footer"><p>Copyright 2026 The Harbour Gazette. All rights reserved. Registered office: 1 Quay Road.</p></footer>`;

describe('main text', () => {
  const html = page(`${CHROME_TOP}
    <main><article class="story">
      <h1>Ferry to run all winter</h1>
      <p class="byline">By Jane Doe</p>
      <div class="share-bar"><a href="https://social.example/share">Share</a> <a href="mailto:?">Email</a></div>
      <figure><img src="/ferry.jpg" alt=""><figcaption>The ferry at its mooring. Photo: Harbour Office</figcaption></figure>
      <div class="story-body">
        <p>${STORY[0]}</p>
        <p>${STORY[1]}</p>
        <div class="ad-slot"><p>Advertisement</p></div>
        <h2>A backup boat</h2>
        <p>${STORY[2]}</p>
        <ul><li>Weekdays: every twenty minutes</li><li>Weekends: every half hour</li></ul>
        <blockquote><p>We have waited for this for a long time, and it will make winter mornings much easier.</p></blockquote>
        <p>${STORY[3]} <a href="/related/trade">Read about the winter trade</a>.</p>
        <div class="related-stories"><h3>Related</h3><ul>
          <li><a href="/x">Harbour dredging to start next spring after long delay</a></li>
          <li><a href="/y">New footbridge design unveiled for the old town</a></li>
        </ul></div>
      </div>
    </article></main>${CHROME_BOTTOM}`);
  const a = extractArticle(html, { url: 'https://gazette.example/news/ferry-winter' });

  it('keeps paragraphs, subheadings, list items and block quotes, a blank line between blocks', () => {
    for (const p of STORY.slice(0, 3)) expect(a.text).toContain(p);
    expect(a.text).toContain('A backup boat');
    expect(a.text).toContain('Weekdays: every twenty minutes\n\nWeekends: every half hour');
    expect(a.text).toContain('it will make winter mornings much easier.');
    expect(a.text).toContain(`${STORY[0]}\n\n${STORY[1]}`);
    expect(a.text).toContain(`${STORY[3]} Read about the winter trade.`);
  });

  it('drops navigation, cookie banner, share bar, byline, caption, ads, related stories, comments, footer', () => {
    for (const junk of [
      'We use cookies',
      'Weather',
      'Share',
      'By Jane Doe',
      'Photo: Harbour Office',
      'Advertisement',
      'Harbour dredging',
      'Most read',
      'Council approves',
      'waiting for this for years',
      'Copyright 2026',
      'Ferry to run all winter',
    ]) {
      expect(a.text).not.toContain(junk);
    }
    expect(a.extraction.method).toBe('dom');
    expect(a.extraction.confidence).toBeGreaterThan(0.5);
  });

  it('gives the article markup sanitised: structural tags, links with absolute href, no attributes else', () => {
    expect(a.html).toContain('<h2>A backup boat</h2>');
    expect(a.html).toContain('<ul>\n<li>Weekdays: every twenty minutes</li>');
    expect(a.html).toContain('<blockquote>\n<p>We have waited');
    expect(a.html).toContain(
      '<a href="https://gazette.example/related/trade">Read about the winter trade</a>',
    );
    expect(a.html).not.toMatch(/<(?:script|style|div|span|img|figure|figcaption)\b/);
    expect(a.html).not.toMatch(/\s(?:class|id|style|src|on\w+)=/);
  });

  it('finds the title in the document when nothing better is declared', () => {
    expect(a.title).toBe('Ferry to run all winter | The Harbour Gazette');
    expect(a.sources.title).toBe('html');
    expect(a.language).toBe('en');
    expect(a.paywalled).toBe(false);
  });

  it('never returns script or style content, even inside the article', () => {
    const b = extractArticle(
      page(
        `<article><p>${STORY[0]}</p><script>var secret = "do not show";</script><style>.x{color:red}</style><p>${STORY[1]}</p></article>`,
      ),
    );
    expect(b.text).not.toContain('secret');
    expect(b.text).not.toContain('color');
    expect(b.html).not.toContain('secret');
  });
});

describe('page shapes', () => {
  it('finds a story whose every paragraph sits in a layout wrapper named like a widget', () => {
    const wrapped = STORY.map(
      (p) => `<div class="builder-widget-wrap"><div class="builder-widget-container"><p>${p}</p></div></div>`,
    ).join('');
    const a = extractArticle(
      page(`${CHROME_TOP}<div class="builder-section">${wrapped}</div>${CHROME_BOTTOM}`),
    );
    expect(a.text).toBe(STORY.join('\n\n'));
  });

  it('keeps a roundup whose items are a linked headline followed by a sentence', () => {
    const items = [
      [
        'The ferry will run all winter',
        'The harbour office extended the season after a mild autumn kept the channel clear.',
      ],
      [
        'A backup boat stands by',
        'A second, smaller vessel will be kept ready in case the main ferry breaks down.',
      ],
      [
        'Shops expect more trade',
        'Owners near the landing say the closed crossing used to cost them a good part of winter.',
      ],
      [
        'Fewer trips on cold days',
        'Timetables will be thinned out when temperatures fall well below freezing at night.',
      ],
    ];
    const list = items
      .map(([h, t]) => `<li><strong><a href="/s/${h!.length}">${h}.</a></strong> ${t}</li>`)
      .join('');
    const a = extractArticle(
      page(
        `${CHROME_TOP}<article><p>Good morning! Here is what happened on the water today.</p><ol>${list}</ol></article>${CHROME_BOTTOM}`,
      ),
    );
    for (const [h, t] of items) expect(a.text).toContain(`${h}. ${t}`);
  });

  it('takes the story that carries the headline when the next story is appended below it', () => {
    const next = [
      'In other news, the town library will open on Sundays from next month, the council said, after a petition gathered thousands of names.',
      'The library board said extra staff would be hired for the weekend shifts and that the reading room would stay open until six.',
    ];
    const a = extractArticle(
      page(
        `<main><article><h1>Ferry to run all winter</h1>${STORY.map((p) => `<p>${p}</p>`).join('')}</article>` +
          `<article><h2><a href="/library">Library to open on Sundays</a></h2>${next.map((p) => `<p>${p}</p>`).join('')}</article></main>`,
        '<meta property="og:title" content="Ferry to run all winter">',
      ),
    );
    expect(a.text).toBe(STORY.join('\n\n'));
  });
});

describe('metadata', () => {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Harbour Gazette Online', url: 'https://gazette.example/' },
      {
        '@type': 'NewsArticle',
        headline: 'Winter ferry service confirmed',
        datePublished: '2026-01-12T08:30:00+01:00',
        dateModified: '2026-01-12T10:00:00+01:00',
        author: [
          { '@type': 'Person', name: 'Jane Doe' },
          { '@type': 'Person', name: 'Omar Haddad' },
        ],
        publisher: { '@type': 'Organization', name: 'The Harbour Gazette' },
        articleSection: 'Local',
        image: { '@type': 'ImageObject', url: '/img/ferry.jpg' },
        mainEntityOfPage: 'https://gazette.example/news/ferry-winter',
        inLanguage: 'en-GB',
      },
    ],
  };
  const head = `
    <script type="application/ld+json">${JSON.stringify(ld)}</script>
    <meta property="og:title" content="Ferry: all winter">
    <meta property="og:site_name" content="Gazette">
    <meta property="og:image" content="https://cdn.example/other.jpg">
    <meta property="og:url" content="https://gazette.example/og-url">
    <meta name="author" content="Someone Else">
    <meta name="description" content="A short teaser.">
    <link rel="canonical" href="https://gazette.example/canonical">`;
  const a = extractArticle(page(`<article>${STORY.map((p) => `<p>${p}</p>`).join('')}</article>`, head), {
    url: 'https://gazette.example/news/ferry-winter?utm_source=feed',
  });

  it('trusts JSON-LD (inside @graph) over Open Graph and meta, and says so', () => {
    expect(a).toMatchObject({
      title: 'Winter ferry service confirmed',
      author: 'Jane Doe, Omar Haddad',
      publishedAt: '2026-01-12T07:30:00.000Z',
      modifiedAt: '2026-01-12T09:00:00.000Z',
      siteName: 'The Harbour Gazette',
      section: 'Local',
      image: 'https://gazette.example/img/ferry.jpg',
      canonicalUrl: 'https://gazette.example/news/ferry-winter',
      language: 'en',
    });
    expect(a.sources).toEqual({
      title: 'json-ld',
      author: 'json-ld',
      publishedAt: 'json-ld',
      modifiedAt: 'json-ld',
      siteName: 'json-ld',
      section: 'json-ld',
      image: 'json-ld',
      canonicalUrl: 'json-ld',
      language: 'json-ld',
    });
  });

  it('falls back to Open Graph, meta and <time>, in that order', () => {
    const b = extractArticle(
      page(
        `<article><time datetime="2026-02-03T12:00:00Z">3 Feb</time>${STORY.map((p) => `<p>${p}</p>`).join('')}</article>`,
        `<meta property="og:title" content="Ferry news">
         <meta property="article:section" content="Transport">
         <meta name="author" content="By Lena Berg">
         <meta property="og:site_name" content="Gazette">`,
      ),
    );
    expect(b).toMatchObject({
      title: 'Ferry news',
      section: 'Transport',
      author: 'Lena Berg',
      publishedAt: '2026-02-03T12:00:00.000Z',
      siteName: 'Gazette',
    });
    expect(b.sources).toMatchObject({
      title: 'opengraph',
      section: 'opengraph',
      author: 'meta',
      publishedAt: 'time',
      siteName: 'opengraph',
      language: 'html',
    });
  });

  it('reads JSON-LD that a CMS wrote with raw newlines in strings and a trailing comma', () => {
    const broken = '{"@type": "Article", "headline": "Line one\nline two", "datePublished": "2026-03-01",}';
    const b = extractArticle(
      page(`<p>${STORY[0]}</p>`, `<script type="application/ld+json">${broken}</script>`),
    );
    expect(b.title).toBe('Line one line two');
    expect(b.publishedAt).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('walls', () => {
  it('flags JSON-LD isAccessibleForFree false and keeps the text there is', () => {
    const ld = { '@type': 'NewsArticle', headline: 'Ferry', isAccessibleForFree: 'False' };
    const a = extractArticle(
      page(
        `<article><p>${STORY[0]}</p><p>${STORY[1]}</p></article>`,
        `<script type="application/ld+json">${JSON.stringify(ld)}</script>`,
      ),
    );
    expect(a.paywalled).toBe(true);
    expect(a.paywallReason).toMatch(/isAccessibleForFree/);
    expect(a.text).toBe(`${STORY[0]}\n\n${STORY[1]}`);
  });

  it('flags a paywall element next to the article and subscriber-only wording', () => {
    const marker = extractArticle(
      page(
        `<main><article><p>${STORY[0]}</p><p>${STORY[1]}</p></article><div class="paywall-prompt"><p>Already a member? Log in.</p></div></main>`,
      ),
    );
    expect(marker.paywalled).toBe(true);
    expect(marker.text).toContain(STORY[1]);
    const wording = extractArticle(
      page(
        `<main><article><p>${STORY[0]}</p><p>${STORY[1]}</p><p>Subscribe now to continue reading.</p></article></main>`,
      ),
    );
    expect(wording.paywalled).toBe(true);
    expect(wording.paywallReason).toMatch(/wall text/);
  });

  it('flags a page cut short of the word count it declares', () => {
    const ld = { '@type': 'NewsArticle', headline: 'Ferry', wordCount: 1200 };
    const a = extractArticle(
      page(
        `<article><p>${STORY[0]}</p></article>`,
        `<script type="application/ld+json">${JSON.stringify(ld)}</script>`,
      ),
    );
    expect(a.paywalled).toBe(true);
    expect(a.paywallReason).toMatch(/truncated/);
  });

  it('flags a consent wall with no story behind it, and does not pass the banner off as the story', () => {
    const a = extractArticle(
      page(
        '<div class="consent-overlay"><p>We and our partners store and access information on your device, such as cookies, to personalise content and ads. Please choose your settings to continue.</p><button>Agree</button></div>',
      ),
    );
    expect(a.paywalled).toBe(true);
    expect(a.text).toBe('');
  });

  it('does not flag an ordinary page', () => {
    const a = extractArticle(page(`<article>${STORY.map((p) => `<p>${p}</p>`).join('')}</article>`));
    expect(a.paywalled).toBe(false);
    expect(a.paywallReason).toBeNull();
  });
});

describe('scripts and languages', () => {
  const ARABIC = [
    'أعلنت هيئة الميناء يوم الاثنين أن العبّارة التي تربط شطري المدينة القديمة ستعمل طوال فصل الشتاء لأول مرة منذ سنوات طويلة.',
    'وقال المسؤولون إن قاربًا ثانيًا أصغر حجمًا سيبقى على أهبة الاستعداد تحسبًا لأي عطل، وإن الرحلات ستقل في أبرد الأيام.',
    'ورحّب أصحاب المتاجر بالقرار، مؤكدين أن إغلاق المعبر كان يكلفهم جزءًا كبيرًا من تجارتهم كل شتاء.',
  ];
  const HEBREW = [
    'רשות הנמל הודיעה ביום שני כי המעבורת המחברת בין שני חלקי העיר העתיקה תפעל לאורך כל החורף לראשונה מזה שנים רבות.',
    'לדברי הפקידים, סירה שנייה וקטנה יותר תעמוד בכוננות למקרה של תקלה, ולוח הזמנים יצומצם בימים הקרים ביותר.',
    'בעלי החנויות בירכו על ההחלטה ואמרו כי סגירת המעבר עלתה להם בחלק ניכר מהמסחר בכל חורף.',
  ];
  const RUSSIAN = [
    'Управление порта в понедельник объявило, что паром между двумя частями старого города впервые будет ходить всю зиму.',
    'По словам чиновников, второе, меньшее судно будет стоять наготове на случай поломки, а в самые холодные дни рейсов станет меньше.',
    'Владельцы магазинов приветствовали решение: закрытая переправа каждую зиму лишала их заметной части выручки.',
  ];
  const rtl = (lang: string, paras: string[]): string =>
    `<!doctype html><html lang="${lang}" dir="rtl"><head><title>t</title></head><body><nav><a href="/">ראשי</a> <a href="/x">أخبار</a></nav><article>${paras
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;

  it('keeps Arabic text exactly, shaping marks and all', () => {
    const a = extractArticle(rtl('ar', ARABIC));
    expect(a.text).toBe(ARABIC.join('\n\n'));
    expect(a.language).toBe('ar');
  });

  it('keeps Hebrew text exactly', () => {
    const a = extractArticle(rtl('he', HEBREW));
    expect(a.text).toBe(HEBREW.join('\n\n'));
    expect(a.language).toBe('he');
  });

  it('keeps Cyrillic text exactly and detects the language when the page does not say', () => {
    const a = extractArticle(
      `<html><body><article>${RUSSIAN.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
    );
    expect(a.text).toBe(RUSSIAN.join('\n\n'));
    expect(a.language).toBe('ru');
    expect(a.sources.language).toBe('text');
  });

  it('lets clear text overrule a wrong declaration, but not a close relative of it', () => {
    const wrong = extractArticle(
      `<html lang="de"><body><article>${STORY.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
    );
    expect(wrong.language).toBe('en');
    expect(wrong.sources.language).toBe('text');
    const malay =
      'Pihak pelabuhan mengumumkan bahawa feri yang menghubungkan dua bahagian bandar lama akan beroperasi sepanjang musim sejuk buat kali pertama.';
    const close = extractArticle(
      `<html lang="id-ID"><body><article><p>${malay}</p><p>${malay}</p></article></body></html>`,
    );
    expect(close.language).toBe('id');
    expect(close.sources.language).toBe('html');
  });

  it('keeps bidirectional marks, zero-width joiners and emoji sequences', () => {
    const text =
      'הנוסעים אמרו כי \u200Fהמעבורת\u200F היא החיים שלהם, והוסיפו 👩\u200D👩\u200D👧 כדי לתאר את המשפחות שנוסעות בה מדי בוקר לבית הספר.';
    const a = extractArticle(rtl('he', [text, HEBREW[0]!]));
    expect(a.text.split('\n\n')[0]).toBe(text);
  });
});

describe('bad input', () => {
  it.each([
    ['empty', ''],
    ['blank', '   \n\t '],
    ['not html', '{"json": true, "items": [1, 2, 3]}'],
    ['broken markup', '<<<div <p>>></<a href=">'],
    ['binary noise', '\u0000\u0001\u0002\uFFFD\uFFFD PNG \u0089 IHDR'],
    ['a page without a body', '<html><head><title>Nothing here</title></head></html>'],
  ])('%s: a clear empty result, not a throw', (_, input) => {
    const a = extractArticle(input);
    expect(a.text).toBe('');
    expect(a.extraction.method).toBe('none');
    expect(a.extraction.confidence).toBe(0);
    expect(a.paywalled).toBe(false);
  });

  it('takes a non-string without throwing', () => {
    expect(extractArticle(undefined as unknown as string).extraction.method).toBe('none');
    expect(extractArticle(42 as unknown as string).text).toBe('');
  });

  it('ignores an invalid url option', () => {
    const a = extractArticle(
      page(`<article><p>${STORY[0]}</p><p><a href="/x">link</a> and more words</p></article>`),
      {
        url: 'not a url',
      },
    );
    expect(a.text).toContain(STORY[0]);
  });

  it('survives very deep nesting', () => {
    const deep = `${'<div>'.repeat(5000)}<p>${STORY[0]}</p>${'</div>'.repeat(5000)}`;
    expect(extractArticle(page(deep)).text).toBe(STORY[0]);
  });
});
