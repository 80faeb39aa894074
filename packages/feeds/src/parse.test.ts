import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError, MAX_FEED_BYTES } from './errors.js';
import { itemIdentity } from './identity.js';
import { emptyItem } from './model.js';
import { parseFeed } from './parse.js';

async function parseError(input: string | Uint8Array): Promise<FeedParseError> {
  try {
    await parseFeed(input);
  } catch (error) {
    if (error instanceof FeedParseError) return error;
    throw new Error(`expected FeedParseError, got ${String(error)}`);
  }
  throw new Error('expected parseFeed to fail');
}

const RSS2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Harbour Wire &amp;amp; Friends</title>
    <link>https://wire.example.org/</link>
    <description>Port news, &lt;b&gt;daily&lt;/b&gt;</description>
    <language>en-gb</language>
    <ttl>30</ttl>
    <item>
      <title>  Ferry &lt;em&gt;strike&lt;/em&gt; ends  </title>
      <link>/news/ferry</link>
      <guid isPermaLink="false">urn:wire:1001</guid>
      <description>&lt;p&gt;Services resume &lt;a href="/timetable"&gt;today&lt;/a&gt;.&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>Full story <img src="img/ferry.jpg" onerror="steal()"></p>]]></content:encoded>
      <dc:creator>Ana Reyes</dc:creator>
      <author>desk@wire.example.org (Desk)</author>
      <category domain="https://wire.example.org/topics">Transport</category>
      <dc:subject>Labour</dc:subject>
      <pubDate>Tue, 03 Jun 2025 09:15:00 GMT</pubDate>
      <enclosure url="https://cdn.example.org/ferry.mp3" type="audio/mpeg" length="1234"/>
      <media:content url="https://cdn.example.org/ferry.jpg" type="image/jpeg">
        <media:title>The ferry at dawn</media:title>
        <media:credit role="photographer">J. Lind</media:credit>
      </media:content>
      <media:thumbnail url="https://cdn.example.org/ferry-small.jpg"/>
    </item>
    <item>
      <title>Guid only</title>
      <guid>https://wire.example.org/news/2</guid>
      <dc:date>2025-06-03T10:00:00Z</dc:date>
      <dc:language>fr</dc:language>
    </item>
    <item>
      <title>Atom link inside RSS</title>
      <atom:link rel="alternate" type="text/html" href="https://wire.example.org/news/3"/>
    </item>
  </channel>
</rss>`;

describe('parseFeed: RSS 2.0 with extensions', () => {
  it('reads channel metadata', async () => {
    const feed = await parseFeed(RSS2, { url: 'https://wire.example.org/feed.xml' });
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Harbour Wire & Friends',
      link: 'https://wire.example.org/',
      language: 'en-gb',
      ttlMinutes: 30,
      encoding: 'utf-8',
    });
    expect(feed.subtitle).toBe('Port news, <b>daily</b>');
    expect(feed.warnings).toEqual([]);
  });

  it('maps the core, Dublin Core, content and media fields of an item', async () => {
    const [item] = (await parseFeed(RSS2, { url: 'https://wire.example.org/feed.xml' })).items;
    expect(item).toEqual({
      guid: 'urn:wire:1001',
      link: 'https://wire.example.org/news/ferry',
      title: 'Ferry strike ends',
      summary: '<p>Services resume <a href="https://wire.example.org/timetable">today</a>.</p>',
      contentHtml: '<p>Full story <img src="https://wire.example.org/img/ferry.jpg" /></p>',
      authors: ['desk@wire.example.org (Desk)', 'Ana Reyes'],
      categories: [
        { term: 'Transport', scheme: 'https://wire.example.org/topics', label: null },
        { term: 'Labour', scheme: null, label: null },
      ],
      published: 'Tue, 03 Jun 2025 09:15:00 GMT',
      updated: null,
      language: 'en-gb',
      media: [
        { url: 'https://cdn.example.org/ferry.mp3', type: 'audio/mpeg', title: null, credit: null },
        {
          url: 'https://cdn.example.org/ferry.jpg',
          type: 'image/jpeg',
          title: 'The ferry at dawn',
          credit: 'J. Lind',
        },
        { url: 'https://cdn.example.org/ferry-small.jpg', type: null, title: null, credit: null },
      ],
    });
  });

  it('uses a permalink guid as the link, dc:date as published and the item dc:language over the channel one', async () => {
    const item = (await parseFeed(RSS2)).items[1];
    expect(item?.link).toBe('https://wire.example.org/news/2');
    expect(item?.published).toBe('2025-06-03T10:00:00Z');
    expect(item?.language).toBe('fr');
  });

  it('takes atom:link rel=alternate when an item has no <link>', async () => {
    expect((await parseFeed(RSS2)).items[2]?.link).toBe('https://wire.example.org/news/3');
  });

  it('accepts bytes and reports the decoding', async () => {
    const bytes = iconv.encode(
      RSS2.replace('utf-8', 'windows-1251').replace('Ana Reyes', 'Анна'),
      'windows-1251',
    );
    const feed = await parseFeed(bytes);
    expect(feed.encoding).toBe('windows-1251');
    expect(feed.items[0]?.authors).toContain('Анна');
  });
});

describe('parseFeed: other RSS flavours', () => {
  it('parses <rss> without a version (0.9x style)', async () => {
    const feed = await parseFeed(
      '<rss><channel><title>Old</title><item><title>One</title></item></channel></rss>',
    );
    expect(feed.format).toBe('rss');
    expect(feed.items.map((i) => i.title)).toEqual(['One']);
  });

  it('parses RSS 1.0 / RDF with items beside the channel', async () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.net/"><title>RDF Desk</title><link>https://rdf.example.net/</link>
    <description>Semantic news</description><dc:language>de</dc:language></channel>
  <item rdf:about="https://rdf.example.net/a1"><title>Erster</title><link>https://rdf.example.net/a1</link>
    <dc:creator>Kai</dc:creator><dc:date>2024-01-02</dc:date></item>
</rdf:RDF>`;
    const feed = await parseFeed(rdf);
    expect(feed.format).toBe('rdf');
    expect(feed.language).toBe('de');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({
      guid: 'https://rdf.example.net/a1',
      title: 'Erster',
      authors: ['Kai'],
      published: '2024-01-02',
    });
  });

  it('parses RSS 0.90 (Netscape namespace)', async () => {
    const feed = await parseFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Ninety</title></channel>
      <item><title>Item</title><link>http://n.example/1</link></item></rdf:RDF>`);
    expect(feed.title).toBe('Ninety');
    expect(feed.items[0]?.link).toBe('http://n.example/1');
  });
});

describe('parseFeed: Atom', () => {
  const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
  xml:lang="en" xml:base="https://atom.example.com/blog/">
  <title type="html">Atom &amp;lt;Desk&amp;gt;</title>
  <subtitle type="text">Less &lt; more</subtitle>
  <link rel="self" href="https://atom.example.com/feed"/>
  <link rel="alternate" type="text/html" href="./"/>
  <author><name>Feed Author</name></author>
  <entry xml:base="posts/">
    <id>tag:atom.example.com,2025:1</id>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Hello <b>world</b></div></title>
    <link rel="alternate" href="hello.html"/>
    <link rel="enclosure" href="/audio/hello.ogg" type="audio/ogg" title="Listen"/>
    <published>2025-01-01T00:00:00Z</published>
    <updated>2025-01-02T00:00:00Z</updated>
    <category term="greetings" scheme="https://atom.example.com/cats" label="Greetings"/>
    <summary type="html">&lt;p&gt;Short &lt;a href="more.html"&gt;more&lt;/a&gt;&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Long <img src="pic.png"/></p></div></content>
  </entry>
  <entry xml:lang="sv">
    <id>tag:atom.example.com,2025:2</id>
    <title>Text &amp; entities</title>
    <author><name>Entry Author</name></author>
    <content type="text">1 &lt; 2</content>
  </entry>
</feed>`;

  it('reads feed metadata', async () => {
    const feed = await parseFeed(ATOM);
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Atom <Desk>',
      link: 'https://atom.example.com/blog/',
      subtitle: 'Less &lt; more',
      language: 'en',
      ttlMinutes: null,
    });
  });

  it('resolves xml:base chains and maps entry fields', async () => {
    const [entry] = (await parseFeed(ATOM)).items;
    expect(entry).toEqual({
      guid: 'tag:atom.example.com,2025:1',
      link: 'https://atom.example.com/blog/posts/hello.html',
      title: 'Hello world',
      summary: '<p>Short <a href="https://atom.example.com/blog/posts/more.html">more</a></p>',
      contentHtml: '<p>Long <img src="https://atom.example.com/blog/posts/pic.png" /></p>',
      authors: ['Feed Author'],
      categories: [{ term: 'greetings', scheme: 'https://atom.example.com/cats', label: 'Greetings' }],
      published: '2025-01-01T00:00:00Z',
      updated: '2025-01-02T00:00:00Z',
      language: 'en',
      media: [
        { url: 'https://atom.example.com/audio/hello.ogg', type: 'audio/ogg', title: 'Listen', credit: null },
      ],
    });
  });

  it('keeps plain text content as escaped HTML and uses the entry language and author', async () => {
    const entry = (await parseFeed(ATOM)).items[1];
    expect(entry?.title).toBe('Text & entities');
    expect(entry?.contentHtml).toBe('1 &lt; 2');
    expect(entry?.language).toBe('sv');
    expect(entry?.authors).toEqual(['Entry Author']);
  });

  it('parses Atom 0.3 with issued/modified and escaped content', async () => {
    const feed = await parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title>Old Atom</title><tagline>Still here</tagline>
      <link rel="alternate" type="text/html" href="http://old.example/"/>
      <entry><title>E</title><id>urn:e1</id><issued>2003-12-13T08:29:29-04:00</issued>
        <modified>2003-12-13T18:30:02Z</modified>
        <content type="text/html" mode="escaped">&lt;b&gt;bold&lt;/b&gt;</content></entry></feed>`);
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Old Atom',
      subtitle: 'Still here',
      link: 'http://old.example/',
    });
    expect(feed.items[0]).toMatchObject({
      published: '2003-12-13T08:29:29-04:00',
      updated: '2003-12-13T18:30:02Z',
      contentHtml: '<b>bold</b>',
    });
  });

  it('falls back to the document URL for relative links without xml:base', async () => {
    const feed = await parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><link href="/a/b"/></entry></feed>',
      { url: 'https://host.example/feeds/all.atom' },
    );
    expect(feed.items[0]?.link).toBe('https://host.example/a/b');
  });

  it('accepts a prefixed Atom root', async () => {
    const feed = await parseFeed(
      '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title><a:entry><a:id>x</a:id></a:entry></a:feed>',
    );
    expect(feed.title).toBe('P');
    expect(feed.items[0]?.guid).toBe('x');
  });
});

describe('parseFeed: JSON Feed', () => {
  const json = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'JSON Desk',
    home_page_url: 'https://json.example.com/',
    feed_url: 'https://json.example.com/feed.json',
    description: 'Feeds in JSON',
    language: 'nl',
    authors: [{ name: 'Desk' }],
    items: [
      {
        id: '42',
        url: 'https://json.example.com/42',
        title: 'Answer',
        summary: 'A <short> one',
        content_html: '<p onclick="x()">Body <a href="/rel">link</a></p><script>bad()</script>',
        date_published: '2025-02-03T04:05:06Z',
        date_modified: '2025-02-04T00:00:00Z',
        tags: ['math', 'life'],
        image: 'https://json.example.com/42.png',
        attachments: [{ url: 'https://json.example.com/42.mp3', mime_type: 'audio/mpeg', title: 'Audio' }],
      },
      'not an item',
      { id: 7, content_text: 'plain & simple', author: { name: 'Old Style' } },
    ],
  };

  it('maps items and reports broken ones as warnings', async () => {
    const feed = await parseFeed(JSON.stringify(json));
    expect(feed).toMatchObject({
      format: 'json',
      title: 'JSON Desk',
      link: 'https://json.example.com/',
      language: 'nl',
    });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: '42',
      link: 'https://json.example.com/42',
      title: 'Answer',
      summary: 'A &lt;short&gt; one',
      contentHtml: '<p>Body <a href="https://json.example.com/rel">link</a></p>',
      authors: ['Desk'],
      categories: [
        { term: 'math', scheme: null, label: null },
        { term: 'life', scheme: null, label: null },
      ],
      published: '2025-02-03T04:05:06Z',
      updated: '2025-02-04T00:00:00Z',
      language: 'nl',
      media: [
        { url: 'https://json.example.com/42.png', type: null, title: null, credit: null },
        { url: 'https://json.example.com/42.mp3', type: 'audio/mpeg', title: 'Audio', credit: null },
      ],
    });
    expect(feed.items[1]).toMatchObject({
      guid: '7',
      contentHtml: 'plain &amp; simple',
      authors: ['Old Style'],
    });
    expect(feed.warnings).toEqual([
      'item 2 skipped: item is a string, not an object',
      'repaired: JSON Feed items that are a string skipped',
    ]);
    expect(feed.repairs).toEqual([
      { kind: 'wrong-type', message: 'JSON Feed items that are a string skipped' },
    ]);
  });

  it('ignores members of the wrong type and says which, and refuses a feed without an items array', async () => {
    const feed = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        items: [
          { id: 1, title: { text: 'x' }, content_html: [1], tags: 'news', url: 'https://j.example/1' },
          { id: '2', title: 'Fine', date_published: false },
        ],
      }),
    );
    expect(feed.items.map((i) => [i.guid, i.title, i.contentHtml, i.link])).toEqual([
      ['1', null, null, 'https://j.example/1'],
      ['2', 'Fine', null, null],
    ]);
    expect(feed.repairs.map((r) => r.message)).toEqual([
      'JSON Feed "title" of the wrong type (an object) ignored',
      'JSON Feed "content_html" of the wrong type (an array) ignored',
      'JSON Feed "tags" of the wrong type (a string) ignored',
      'JSON Feed "date_published" of the wrong type (a boolean) ignored',
    ]);
    for (const [items, message] of [
      [{ a: 1 }, 'malformed JSON Feed: "items" is an object, not an array'],
      [undefined, 'malformed JSON Feed: no "items" array'],
    ] as const) {
      const error = await parseError(JSON.stringify({ version: 'https://jsonfeed.org/version/1', items }));
      expect([error.reason, error.message]).toEqual(['malformed', message]);
    }
  });

  it('rejects JSON that is not a JSON Feed', async () => {
    expect((await parseError('{"hello": "world"}')).reason).toBe('not-a-feed');
    expect((await parseError('{"version": "https://jsonfeed.org/version/1", ')).reason).toBe('malformed');
  });
});

describe('parseFeed: more extensions and feed quirks', () => {
  it('maps iTunes categories (nested) and keywords, media:category and media:title', async () => {
    const feed = await parseFeed(`<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
      xmlns:media="http://search.yahoo.com/mrss/"><channel><itunes:summary>Pod summary</itunes:summary>
      <item><media:title>Episode from media:title</media:title>
        <itunes:category text="News"><itunes:category text="Politics"/></itunes:category>
        <itunes:keywords>vote, parliament</itunes:keywords>
        <media:category scheme="urn:desk" label="Home desk">home</media:category>
      </item></channel></rss>`);
    expect(feed.subtitle).toBe('Pod summary');
    const [item] = feed.items;
    expect(item?.title).toBe('Episode from media:title');
    expect(item?.categories).toEqual([
      { term: 'home', scheme: 'urn:desk', label: 'Home desk' },
      { term: 'News', scheme: 'http://www.itunes.com/', label: null },
      { term: 'Politics', scheme: 'http://www.itunes.com/', label: null },
      { term: 'vote', scheme: 'http://www.itunes.com/', label: null },
      { term: 'parliament', scheme: 'http://www.itunes.com/', label: null },
    ]);
  });

  it('reads unescaped markup in an RSS <body> and in an Atom text construct without type', async () => {
    const rss = await parseFeed(
      '<rss><channel><item><body>Hello <b>there</b><script>x()</script></body></item></channel></rss>',
    );
    expect(rss.items[0]?.contentHtml).toBe('Hello <b>there</b>');
    const atom = await parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><summary>Naked <b>markup</b></summary></entry></feed>',
    );
    expect(atom.items[0]?.summary).toBe('Naked <b>markup</b>');
  });

  it('decodes Base64 Atom content of a binary media type', async () => {
    const encoded = Buffer.from('Hello <i>base64</i>').toString('base64');
    const feed = await parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><content type="application/octet-stream">${encoded}</content></entry></feed>`,
    );
    expect(feed.items[0]?.contentHtml).toBe('Hello <i>base64</i>');
  });

  it('repairs windows-1252 punctuation that arrived as C1 controls, and HTML-style &#X refs', async () => {
    const feed = await parseFeed('<rss><channel><title>don\u0092t &#X41;&#x42;</title></channel></rss>');
    expect(feed.title).toBe('don’t AB');
  });

  it('expands plain-text internal DTD entities', async () => {
    const feed = await parseFeed(`<!DOCTYPE rss [<!ENTITY site "tag:example.org,">]>
      <rss version="2.0"><channel><item><guid isPermaLink="false">&site;2024:1</guid></item></channel></rss>`);
    expect(feed.items[0]?.guid).toBe('tag:example.org,2024:1');
    expect(feed.warnings).toEqual([]);
  });

  it('normalises POSIX-style language tags', async () => {
    const feed = await parseFeed(
      '<rss><channel><language>en_US</language><item><dc:language xmlns:dc="http://purl.org/dc/elements/1.1/">pt_BR</dc:language></item></channel></rss>',
    );
    expect(feed.language).toBe('en-US');
    expect(feed.items[0]?.language).toBe('pt-BR');
  });

  it('resolves an undeclared but conventional prefix (dc:) instead of dropping the element', async () => {
    const feed = await parseFeed(
      '<rss><channel><item><dc:creator>Undeclared</dc:creator></item></channel></rss>',
    );
    expect(feed.items[0]?.authors).toEqual(['Undeclared']);
    expect(feed.warnings.join()).toMatch(/undeclared namespace prefixes assumed conventional: dc/);
  });

  it('parses JSON Feed bytes with a JSON content type', async () => {
    const bytes = Buffer.from(
      JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'Ü', items: [] }),
    );
    const feed = await parseFeed(bytes, { contentType: 'application/feed+json' });
    expect(feed).toMatchObject({ format: 'json', title: 'Ü', items: [], warnings: [] });
  });
});

describe('parseFeed: bad input', () => {
  it('rejects an oversized string with too-large', async () => {
    expect((await parseError(' '.repeat(MAX_FEED_BYTES + 1))).reason).toBe('too-large');
  });

  it('rejects an empty body', async () => {
    expect((await parseError('')).reason).toBe('empty');
    expect((await parseError(new Uint8Array(0))).reason).toBe('empty');
    expect((await parseError('  \n ')).reason).toBe('empty');
  });

  it('rejects an HTML page, naming the root element', async () => {
    const error = await parseError(
      '<!DOCTYPE html><html><head><title>Moved</title></head><body></body></html>',
    );
    expect(error.reason).toBe('not-a-feed');
    expect(error.message).toBe('not a feed: root element <html>');
  });

  it('rejects plain text and binary garbage', async () => {
    expect((await parseError('just some words')).reason).toBe('not-a-feed');
    const garbage = new Uint8Array(2048).map((_, i) => (i * 31 + 7) % 256);
    expect(['undecodable', 'not-a-feed', 'malformed']).toContain((await parseError(garbage)).reason);
  });

  it('rejects XML that breaks before anything usable, with the line number', async () => {
    const error = await parseError('<?xml version="1.0"?>\n<rss version="2.0">\n<channel <title>');
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(/^malformed XML at line \d+: /);
  });

  it('returns the items before a fatal break, with the parse error as a warning', async () => {
    const feed = await parseFeed(`<rss version="2.0"><channel><title>Cut off</title>
      <item><title>Complete</title><guid>c1</guid></item>
      <item><title>Truncated</title><guid>c2</guid></item>
      <item><title>Trunc`);
    expect(feed.items.slice(0, 2).map((i) => i.guid)).toEqual(['c1', 'c2']);
    expect(feed.warnings.some((w) => /^malformed XML at line \d+: /.test(w))).toBe(true);
  });

  it('returns all items of a feed with an unescaped ampersand, with warnings', async () => {
    const feed = await parseFeed(`<rss version="2.0"><channel><title>Partial</title>
      <item><title>Good one</title><guid>g1</guid></item>
      <item><title>Broken & unescaped</title><guid>g2</guid></item>
      <item><title>Also good</title><guid>g3</guid></item>
    </channel></rss>`);
    expect(feed.items.map((i) => i.guid)).toEqual(['g1', 'g2', 'g3']);
    expect(feed.items[0]?.title).toBe('Good one');
    expect(feed.items[1]?.title).toBe('Broken & unescaped');
    expect(feed.warnings.join()).toMatch(/unescaped "&"/);
  });

  it('recovers the items swallowed by an unclosed <item>', async () => {
    const feed = await parseFeed(
      '<rss version="2.0"><channel><item><title>A</title><item><title>B</title></item></channel></rss>',
    );
    expect(feed.items.map((i) => i.title)).toEqual(['A', 'B']);
    expect(feed.warnings.length).toBeGreaterThan(0);
  });

  it('tolerates whitespace before the XML declaration and drops control characters', async () => {
    const feed = await parseFeed(
      '\n  <?xml version="1.0"?><rss><channel><title>Tab\tok\u000b\u0001</title></channel></rss>',
    );
    expect(feed.title).toBe('Tab\tok');
  });

  it('stays fast on deeply nested and error-flooded documents', async () => {
    const started = Date.now();
    const deep = await parseFeed(
      `<rss><channel><title>Deep</title><item><title>A</title>${'<x>'.repeat(50_000)}</item></channel></rss>`,
    );
    expect(deep.items[0]?.title).toBe('A');
    expect(deep.warnings.join()).toMatch(/nested deeper than/);
    const noisy = await parseFeed(`<rss><channel><title>Noisy</title>${'<!--'.repeat(500_000)}`);
    expect(noisy.title).toBe('Noisy');
    expect(noisy.warnings.join()).toMatch(/parsing stopped/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('decodes HTML entities undeclared in XML, with a warning', async () => {
    const feed = await parseFeed('<rss><channel><title>Caf&eacute;&nbsp;Nord</title></channel></rss>');
    expect(feed.title).toBe('Café\u00a0Nord');
    expect(feed.warnings.join()).toMatch(/&eacute;/);
  });

  it('refuses DTDs with nested entities (billion laughs) or external entities (XXE)', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>x</title></item></channel></rss>`;
    const nested = await parseError(laughs);
    expect([nested.reason, nested.message]).toEqual([
      'unsafe-dtd',
      'unsafe DTD: entity "lol2" refers to other entities (nested entity expansion is refused)',
    ]);
    for (const declaration of [
      `<!ENTITY xxe SYSTEM "file:///etc/passwd">`,
      `<!ENTITY xxe PUBLIC "-//X//EN" 'file:///etc/passwd'>`,
    ]) {
      const external = await parseError(
        `<!DOCTYPE rss [ ${declaration} ]><rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>`,
      );
      expect([external.reason, external.message]).toEqual([
        'unsafe-dtd',
        'unsafe DTD: external entity "xxe" (file:///etc/passwd) is never resolved',
      ]);
    }
  });

  it('bounds what plain-text entities may add (quadratic blowup), and still expands small ones', async () => {
    const value = 'x'.repeat(1000);
    const blowup = await parseError(
      `<!DOCTYPE rss [<!ENTITY a "${value}">]><rss version="2.0"><channel><title>${'&a;'.repeat(1000)}</title></channel></rss>`,
    );
    expect(blowup.reason).toBe('unsafe-dtd');
    expect(blowup.message).toMatch(/expand to more than \d+ characters/);
    const fine = await parseFeed(
      `<!DOCTYPE rss [<!ENTITY org "Nordwire">]><rss version="2.0"><channel><title>&org; &org;</title></channel></rss>`,
    );
    expect(fine.title).toBe('Nordwire Nordwire');
  });

  it('strips control characters and cuts absurd fields to their bounds, saying so', async () => {
    const feed = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        items: [
          {
            id: 'a',
            title: `Bell\u0007 and \u001b[31mescape\u0000`,
            url: `https://j.example/${'p'.repeat(9000)}`,
          },
          { id: 'b', title: 'T'.repeat(5 * 1024 * 1024), content_html: `<p>${'w '.repeat(400_000)}</p>` },
        ],
      }),
    );
    const [a, b] = feed.items;
    expect(a?.title).toBe('Bell and [31mescape');
    expect(a?.link).toBeNull();
    expect(b?.title).toHaveLength(1000);
    expect(b?.title?.endsWith('…')).toBe(true);
    expect(b?.contentHtml?.length).toBeLessThanOrEqual(512 * 1024);
    expect(feed.repairs.map((r) => [r.kind, r.message])).toEqual([
      ['dropped', 'link longer than 8192 characters dropped (1 item, largest 9018)'],
      ['control-characters', 'control characters removed from title (1 item)'],
      ['truncated', 'title cut to 1000 characters (1 item, largest 5242880)'],
      ['truncated', 'contentHtml cut to 524288 characters (1 item, largest 800007)'],
    ]);
    expect(feed.warnings).toContain('repaired: title cut to 1000 characters (1 item, largest 5242880)');
  });
});

describe('itemIdentity', () => {
  it('prefers guid, then link, else null', () => {
    expect(itemIdentity({ ...emptyItem(), guid: 'g', link: 'l' })).toBe('g');
    expect(itemIdentity({ ...emptyItem(), guid: '  ', link: 'https://x/1' })).toBe('https://x/1');
    expect(itemIdentity(emptyItem())).toBeNull();
  });
});
