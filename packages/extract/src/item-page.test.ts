import { describe, expect, it } from 'vitest';
import { isHtmlPage, itemPageOf, unreadPage } from './item-page.js';

const STORY = `<!doctype html><html lang="en"><head><title>Harbour ferry timetable</title>
<meta name="author" content="Ada Lind"><meta property="article:published_time" content="2025-10-20T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Harbour ferry timetable</h1>
<p>The harbour ferry will run every twenty minutes from Monday, the operator said, after commuters asked for more crossings in the morning.</p>
<p>Evening crossings stay as they are. The operator said it would look at the weekend timetable again in the spring.</p>
</article><footer>© Harbour News</footer></body></html>`;

const WALLED = STORY.replace(
  '<p>Evening',
  '<div class="paywall">Subscribe to continue reading.</div><p hidden>Evening',
).replace(
  '<head>',
  '<head><script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script>',
);

const fetched = (html: string) => ({
  url: 'https://harbour.example/ferry',
  finalUrl: 'https://harbour.example/news/ferry',
  fetchedAt: '2025-10-20T09:00:00.000Z',
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(html),
  sha256: 'abc',
});

describe('item pages', () => {
  it('tells HTML by its type, or by its first bytes when there is no type', () => {
    expect(isHtmlPage('text/html; charset=utf-8', Buffer.from('%PDF'))).toBe(true);
    expect(isHtmlPage('application/xhtml+xml', Buffer.from(''))).toBe(true);
    expect(isHtmlPage('application/pdf', Buffer.from('<html>'))).toBe(false);
    expect(isHtmlPage(null, Buffer.from('  <!doctype html>'))).toBe(true);
    expect(isHtmlPage(null, Buffer.from('%PDF-1.7'))).toBe(false);
  });

  it('reads an article page into the raw record page: text, metadata, where it was, its hash', () => {
    const page = itemPageOf(fetched(STORY));
    expect(page).toMatchObject({
      url: 'https://harbour.example/ferry',
      finalUrl: 'https://harbour.example/news/ferry',
      status: 'ok',
      reason: null,
      fetchedAt: '2025-10-20T09:00:00.000Z',
      title: 'Harbour ferry timetable',
      author: 'Ada Lind',
      publishedAt: '2025-10-20T08:00:00.000Z',
      language: 'en',
      paywalled: false,
      sha256: 'abc',
    });
    expect(page.text).toMatch(/^The harbour ferry will run.*\n\nEvening crossings/s);
    expect(page.text).not.toMatch(/Home|Harbour News/);
    expect(page.extraction?.method).toBe('dom');
  });

  it('flags a wall and keeps the text the page shows; a page without an article fails', () => {
    const walled = itemPageOf(fetched(WALLED));
    expect(walled).toMatchObject({ status: 'walled', paywalled: true });
    expect(walled.reason).toMatch(/^walled: /);
    expect(walled.text).toMatch(/^The harbour ferry/);
    const empty = itemPageOf(fetched('<html><body><nav><a href="/">Home</a></nav></body></html>'));
    expect(empty).toMatchObject({
      status: 'failed',
      reason: 'no-article: no article text found on the page',
      text: null,
    });
  });

  it('describes a page that was not read', () => {
    expect(unreadPage('https://x.example/a', 'skipped', 'robots-disallowed: …')).toMatchObject({
      url: 'https://x.example/a',
      finalUrl: null,
      status: 'skipped',
      fetchedAt: null,
      text: null,
      sha256: null,
    });
  });
});
