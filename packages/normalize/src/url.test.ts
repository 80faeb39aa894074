import { describe, expect, it } from 'vitest';
import { canonicalizeAssetUrl, canonicalizeUrl, DEFAULT_TRACKING_PARAMS } from './index.js';

describe('canonicalizeUrl', () => {
  it('rejects anything that is not an absolute http(s) URL', () => {
    for (const input of [
      '',
      '   ',
      '/politik/ausland/artikel-1',
      'www.tickerdienst.example/a',
      'ftp://files.tickerdienst.example/feed.xml',
      'mailto:desk@tickerdienst.example',
      'javascript:alert(1)',
      'https://',
      'http://exa mple.com/',
      'not a url at all',
    ]) {
      expect(canonicalizeUrl(input), input).toBeNull();
    }
  });

  it('lower-cases scheme and host but keeps the case of the path', () => {
    expect(canonicalizeUrl('HTTPS://News.Wirebureau.EXAMPLE/World/Europe/Story-ABC')).toBe(
      'https://news.wirebureau.example/World/Europe/Story-ABC',
    );
  });

  it('drops default ports and fragments, keeps other ports', () => {
    expect(canonicalizeUrl('https://wirebureau.example:443/a/b#comments')).toBe(
      'https://wirebureau.example/a/b',
    );
    expect(canonicalizeUrl('http://wirebureau.example:80/a')).toBe('http://wirebureau.example/a');
    expect(canonicalizeUrl('http://wirebureau.example:8080/a#x')).toBe('http://wirebureau.example:8080/a');
  });

  it('removes tracking parameters and sorts the remaining ones', () => {
    expect(
      canonicalizeUrl(
        'https://dailyledger.example/economy/rates-decision?utm_source=rss&utm_medium=feed&page=2&id=77&fbclid=IwAR0x&gclid=abc',
      ),
    ).toBe('https://dailyledger.example/economy/rates-decision?id=77&page=2');
    expect(
      canonicalizeUrl(
        'https://depeches.example/monde/article_123.html?xtor=RSS-3208&at_medium=custom7&at_campaign=flux&ito=792',
      ),
    ).toBe('https://depeches.example/monde/article_123.html');
    expect(
      canonicalizeUrl(
        'https://ticker.example/a?WT.mc_id=tw&wt_mc=nl&icid=hp&ns_campaign=x&ns_mchannel=y&ns_source=z&ocid=msn&cmpid=1&mc_cid=2&mc_eid=3&_ga=4&igshid=5&spm=6&msclkid=7&dclid=8&xtref=9',
      ),
    ).toBe('https://ticker.example/a');
  });

  it('undoes HTML-escaped ampersands left in feed links', () => {
    expect(canonicalizeUrl('https://dailyledger.example/a?id=5&amp;utm_source=rss&amp;page=2')).toBe(
      'https://dailyledger.example/a?id=5&page=2',
    );
  });

  it('keeps repeated parameters in their original relative order', () => {
    expect(canonicalizeUrl('https://archive.example/search?tag=b&q=oil&tag=a')).toBe(
      'https://archive.example/search?q=oil&tag=b&tag=a',
    );
  });

  it('drops ref only when its value names a distribution channel', () => {
    expect(canonicalizeUrl('https://blog.example/post-9?ref=rss')).toBe('https://blog.example/post-9');
    expect(canonicalizeUrl('https://blog.example/post-9?ref=Twitter&ref_src=twsrc%5Etfw')).toBe(
      'https://blog.example/post-9',
    );
    expect(canonicalizeUrl('https://code.example/tree?ref=v2.1')).toBe('https://code.example/tree?ref=v2.1');
  });

  it('accepts extra tracking parameters, exact or as prefix', () => {
    const extra = ['src', 'partner_*'];
    expect(
      canonicalizeUrl('https://wirebureau.example/a?src=home&partner_id=1&partner_x=2&id=3', {
        extraTrackingParams: extra,
      }),
    ).toBe('https://wirebureau.example/a?id=3');
    // the defaults are not affected by a previous call with extras
    expect(canonicalizeUrl('https://wirebureau.example/a?src=home')).toBe(
      'https://wirebureau.example/a?src=home',
    );
  });

  it('exports the default tracking list so it can be extended', () => {
    expect(DEFAULT_TRACKING_PARAMS).toContain('utm_*');
    expect(DEFAULT_TRACKING_PARAMS).toContain('fbclid');
    expect(Object.isFrozen(DEFAULT_TRACKING_PARAMS)).toBe(true);
  });

  it('folds trailing slashes and index documents', () => {
    expect(canonicalizeUrl('https://wirebureau.example/panorama/')).toBe(
      'https://wirebureau.example/panorama',
    );
    expect(canonicalizeUrl('https://wirebureau.example/panorama/index.html')).toBe(
      'https://wirebureau.example/panorama',
    );
    expect(canonicalizeUrl('https://wirebureau.example/panorama/index.php?id=4')).toBe(
      'https://wirebureau.example/panorama?id=4',
    );
    expect(canonicalizeUrl('https://wirebureau.example/News/Default.aspx')).toBe(
      'https://wirebureau.example/News',
    );
    expect(canonicalizeUrl('https://wirebureau.example')).toBe('https://wirebureau.example/');
    expect(canonicalizeUrl('https://wirebureau.example/index.html')).toBe('https://wirebureau.example/');
  });

  it('maps AMP variants to the main article', () => {
    const main = 'https://wirebureau.example/world/flood-warning-2025';
    expect(canonicalizeUrl('https://wirebureau.example/amp/world/flood-warning-2025')).toBe(main);
    expect(canonicalizeUrl('https://wirebureau.example/world/flood-warning-2025/amp/')).toBe(main);
    expect(canonicalizeUrl('https://wirebureau.example/world/flood-warning-2025?amp=1')).toBe(main);
    expect(canonicalizeUrl('https://wirebureau.example/world/flood-warning-2025?amp')).toBe(main);
    expect(canonicalizeUrl('https://wirebureau.example/world/flood-warning-2025?outputType=amp')).toBe(main);
    expect(canonicalizeUrl('https://amp.wirebureau.example/world/flood-warning-2025')).toBe(main);
    expect(canonicalizeUrl('https://wirebureau.example/world/flood-warning-2025.amp')).toBe(main);
    expect(canonicalizeUrl('https://wirebureau.example/world/story.amp.html')).toBe(
      'https://wirebureau.example/world/story.html',
    );
    // "amp" as part of a slug is not an AMP marker
    expect(canonicalizeUrl('https://wirebureau.example/world/amp-festival')).toBe(
      'https://wirebureau.example/world/amp-festival',
    );
  });

  it('maps m. and mobile. hosts but not a registrable domain called mobile', () => {
    expect(canonicalizeUrl('https://m.wirebureau.example/a')).toBe('https://wirebureau.example/a');
    expect(canonicalizeUrl('https://mobile.wirebureau.example/a')).toBe('https://wirebureau.example/a');
    expect(canonicalizeUrl('https://mobile.example/autos')).toBe('https://mobile.example/autos');
    expect(canonicalizeUrl('https://m.example/x')).toBe('https://m.example/x');
  });

  it('normalises percent-encoding', () => {
    expect(canonicalizeUrl('https://wirebureau.example/%7Ejan/caf%c3%a9?q=a%2fb&x=%41')).toBe(
      'https://wirebureau.example/~jan/caf%C3%A9?q=a%2Fb&x=A',
    );
    // non-ASCII in the path is percent-encoded as UTF-8
    expect(canonicalizeUrl('https://wirebureau.example/straße')).toBe(
      'https://wirebureau.example/stra%C3%9Fe',
    );
  });

  it('converts IDN hosts to punycode and drops a trailing dot', () => {
    expect(canonicalizeUrl('https://münchen.example/a')).toBe('https://xn--mnchen-3ya.example/a');
    expect(canonicalizeUrl('https://wirebureau.example./a')).toBe('https://wirebureau.example/a');
  });

  it('refuses a host that is only a dot (found by the fuzz run)', () => {
    expect(canonicalizeUrl('http://./E[0')).toBeNull();
    expect(canonicalizeAssetUrl('http://./a.jpg')).toBeNull();
  });

  it('makes syndicated copies of one URL collide', () => {
    const a = canonicalizeUrl(
      'https://www.agency.example/story/ceasefire-talks/?utm_source=partner&utm_medium=syndication#main',
    );
    const b = canonicalizeUrl('https://WWW.AGENCY.EXAMPLE/story/ceasefire-talks?xtor=RSS-1');
    expect(a).toBe(b);
    expect(a).toBe('https://www.agency.example/story/ceasefire-talks');
  });

  it('keeps www. in the canonical URL: it must stay a link that works (the article id folds it)', () => {
    expect(canonicalizeUrl('https://www.depeches.example/monde/article_123.html')).toBe(
      'https://www.depeches.example/monde/article_123.html',
    );
    expect(canonicalizeUrl('https://depeches.example/monde/article_123.html')).toBe(
      'https://depeches.example/monde/article_123.html',
    );
    // the AMP/mobile host prefixes go, www. stays
    expect(canonicalizeUrl('https://m.www.depeches.example/a')).toBe('https://www.depeches.example/a');
  });
});
