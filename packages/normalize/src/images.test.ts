import { describe, expect, it } from 'vitest';
import { canonicalizeAssetUrl, imagesFromHtml, imagesFromMedia, mergeImages } from './index.js';

const link = 'https://www.nordwire.example/politik/ausland/waffenruhe-gespraeche-100.html';

describe('canonicalizeAssetUrl', () => {
  it('resolves relative and protocol-relative references against the article link', () => {
    expect(canonicalizeAssetUrl('/resources/bilder/2025/gipfel~_v-gross.jpg', link)).toBe(
      'https://www.nordwire.example/resources/bilder/2025/gipfel~_v-gross.jpg',
    );
    expect(canonicalizeAssetUrl('../bilder/karte.png', link)).toBe(
      'https://www.nordwire.example/politik/bilder/karte.png',
    );
    expect(canonicalizeAssetUrl('//cdn.nordwire.example/img/a.jpg', link)).toBe(
      'https://cdn.nordwire.example/img/a.jpg',
    );
  });

  it('normalises host, port, fragment and percent-encoding but keeps the query and the amp segment', () => {
    expect(
      canonicalizeAssetUrl('HTTPS://Images.Wirebureau.EXAMPLE:443/amp/photo%2d1.jpg?w=1200&utm_source=rss#x'),
    ).toBe('https://images.wirebureau.example/amp/photo-1.jpg?w=1200&utm_source=rss');
  });

  it('rejects what is not http(s), and relative references without a base', () => {
    expect(canonicalizeAssetUrl('data:image/gif;base64,R0lGODlhAQABAAAAACw=', link)).toBeNull();
    expect(canonicalizeAssetUrl('/img/a.jpg')).toBeNull();
    expect(canonicalizeAssetUrl('   ', link)).toBeNull();
  });
});

describe('imagesFromMedia', () => {
  it('keeps images with their caption and credit and skips audio, video and documents', () => {
    const images = imagesFromMedia(
      [
        {
          url: 'https://img.dailyledger.example/2025/rates.jpg',
          type: 'image/jpeg',
          title: ' Governor  at the\npress conference ',
          credit: 'Photo: J. Doe / Ledger',
        },
        { url: 'https://img.dailyledger.example/2025/chart.PNG', type: null, title: null, credit: null },
        {
          url: 'https://media.dailyledger.example/podcast/ep12.mp3',
          type: 'audio/mpeg',
          title: 'Podcast',
          credit: null,
        },
        { url: 'https://media.dailyledger.example/clip.mp4', type: null, title: null, credit: null },
        {
          url: 'https://media.dailyledger.example/report.pdf',
          type: 'application/pdf',
          title: null,
          credit: null,
        },
      ],
      null,
    );
    expect(images).toEqual([
      {
        url: 'https://img.dailyledger.example/2025/rates.jpg',
        caption: 'Governor at the press conference',
        credit: 'Photo: J. Doe / Ledger',
        type: 'image/jpeg',
      },
      {
        url: 'https://img.dailyledger.example/2025/chart.PNG',
        caption: null,
        credit: null,
        type: 'image/png',
      },
    ]);
  });
});

describe('imagesFromHtml', () => {
  it('takes figure captions and credits, alt text, lazy-loaded sources, and skips beacons', () => {
    const html = `
      <p>Die Gespräche sollen am Montag fortgesetzt werden.</p>
      <figure class="bild">
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/bilder/delegationen.jpg" alt="alt text">
        <figcaption>Delegationen vor dem Verhandlungssaal <span class="credit">Foto: dpa/Max Muster</span></figcaption>
      </figure>
      <p><img src="https://static.nordwire.example/karte.webp" alt="Karte der Region"></p>
      <figure><img src="/bilder/zweites.jpg"><figcaption>Der Gastgeber <cite>AFP</cite></figcaption></figure>
      <img src="https://pixel.tracker.example/open.gif?id=9" width="1" height="1">`;
    expect(imagesFromHtml(html, link)).toEqual([
      {
        url: 'https://www.nordwire.example/bilder/delegationen.jpg',
        caption: 'Delegationen vor dem Verhandlungssaal',
        credit: 'Foto: dpa/Max Muster',
        type: 'image/jpeg',
      },
      {
        url: 'https://static.nordwire.example/karte.webp',
        caption: 'Karte der Region',
        credit: null,
        type: 'image/webp',
      },
      {
        url: 'https://www.nordwire.example/bilder/zweites.jpg',
        caption: 'Der Gastgeber',
        credit: 'AFP',
        type: 'image/jpeg',
      },
    ]);
  });

  it('returns nothing for content without images and drops relative images when the item has no link', () => {
    expect(imagesFromHtml('<p>No pictures here.</p>', link)).toEqual([]);
    expect(imagesFromHtml('<img src="/a.jpg">', null)).toEqual([]);
    expect(imagesFromHtml(null, link)).toEqual([]);
  });
});

describe('mergeImages', () => {
  it('de-duplicates by URL, keeps the first and fills in what it lacks', () => {
    const merged = mergeImages(
      [{ url: 'https://x.example/a.jpg', caption: null, credit: 'Reuters', type: 'image/jpeg' }],
      [
        { url: 'https://x.example/a.jpg', caption: 'Flooded street', credit: 'Other', type: null },
        { url: 'https://x.example/b.jpg', caption: null, credit: null, type: null },
      ],
    );
    expect(merged).toEqual([
      { url: 'https://x.example/a.jpg', caption: 'Flooded street', credit: 'Reuters', type: 'image/jpeg' },
      { url: 'https://x.example/b.jpg', caption: null, credit: null, type: null },
    ]);
  });
});
