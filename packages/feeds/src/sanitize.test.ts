import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeHtml } from './sanitize.js';

const BASE = 'https://news.example.com/section/';

describe('sanitizeHtml', () => {
  it('keeps ordinary markup', () => {
    const html =
      '<p>One <strong>two</strong> <em>three</em></p><ul><li>x</li></ul><blockquote>q</blockquote>';
    expect(sanitizeHtml(html, BASE)).toBe(html);
  });

  it('removes <embed>', () => {
    expect(
      sanitizeHtml('<p>safe</p><embed src="movie.swf" type="application/x-shockwave-flash"> text', BASE),
    ).toBe('<p>safe</p> text');
  });

  it.each(['script', 'style', 'noscript', 'noembed', 'template'])('removes <%s> with its content', (tag) => {
    const out = sanitizeHtml(`<p>safe</p><${tag}>alert(1)</${tag}> text`, BASE);
    expect(out).toBe('<p>safe</p> text');
  });

  it.each(['iframe', 'object', 'applet'])('removes <%s> but keeps its fallback text, escaped', (tag) => {
    const out = sanitizeHtml(
      `<p>safe</p><${tag} src="https://evil.example/">fallback <b>x</b></${tag}>`,
      BASE,
    );
    expect(out).not.toContain(`<${tag}`);
    expect(out).not.toContain('evil.example');
    expect(out).toMatch(/^<p>safe<\/p>fallback /);
  });

  it('removes event-handler attributes', () => {
    expect(sanitizeHtml('<img src="a.png" onerror="x()" ONLOAD="y()">', BASE)).toBe(
      '<img src="https://news.example.com/section/a.png" />',
    );
  });

  it('removes javascript:, vbscript: and data: URLs but keeps data:image in src', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<a href=" JaVa\tScRiPt:alert(1)">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<a href="vbscript:msgbox">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<a href="data:text/html,<script>x</script>">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<img src="data:image/png;base64,iVBOR">', BASE)).toBe(
      '<img src="data:image/png;base64,iVBOR" />',
    );
  });

  it('sees through entity-encoded and whitespace-split script URLs', () => {
    expect(sanitizeHtml('<a href="&#106;avascript:alert(1)">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<a href="&#x6A;avascript&#x3A;alert(1)">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<a href="java&#10;script:alert(1)">a</a>', BASE)).toBe('<a>a</a>');
    expect(sanitizeHtml('<form action="javascript:alert(1)"><button>b</button></form>', BASE)).toBe('b');
  });

  it('drops SVG and MathML, which can carry scripts', () => {
    expect(
      sanitizeHtml('ok<svg><script>alert(1)</script><a xlink:href="javascript:x">y</a></svg>', BASE),
    ).toBe('ok');
    expect(sanitizeHtml('ok<math><mtext><script>alert(1)</script></mtext></math>', BASE)).toBe('ok');
  });

  it('refuses CSS that can run code or load resources', () => {
    expect(sanitizeHtml('<p style="width: expression(alert(1))">x</p>', BASE)).toBe('<p>x</p>');
    expect(sanitizeHtml('<p style="behavior: url(x.htc); color: red">x</p>', BASE)).toBe(
      '<p style="color: red;">x</p>',
    );
    expect(sanitizeHtml('<p style="color: red; font-family: \\6a avascript">x</p>', BASE)).toBe('<p>x</p>');
    expect(sanitizeHtml('<p style="color: red; background-image: url(http://t/x.gif)">x</p>', BASE)).toBe(
      '<p style="color: red;">x</p>',
    );
  });

  it('resolves relative href and src against the base', () => {
    expect(sanitizeHtml('<a href="../other/page.html">x</a> <img src="/i.png">', BASE)).toBe(
      '<a href="https://news.example.com/other/page.html">x</a> <img src="https://news.example.com/i.png" />',
    );
  });

  it('unwraps unknown elements but keeps their text', () => {
    expect(sanitizeHtml('<blink>safe</blink> <html><body>description</body></html>', BASE)).toBe(
      'safe description',
    );
  });

  it('unwraps form controls so content cannot carry a phishing form', () => {
    expect(
      sanitizeHtml(
        '<form action="https://evil.example/login"><input name="pw"><button>Log in</button></form>',
        BASE,
      ),
    ).toBe('Log in');
  });

  it('filters style declarations and drops ones that load resources', () => {
    expect(sanitizeHtml('<span style="color: red; position: fixed">x</span>', BASE)).toBe(
      '<span style="color: red;">x</span>',
    );
    expect(sanitizeHtml('<span style="background: url(http://evil/x)">x</span>', BASE)).toBe(
      '<span>x</span>',
    );
  });

  it('drops comments and leaves plain text alone', () => {
    expect(sanitizeHtml('a <!-- hidden --> b', BASE)).toBe('a  b');
    expect(sanitizeHtml('  no markup here ', BASE)).toBe('no markup here');
  });

  it('flattens absurdly deep nesting to text instead of overflowing the stack', () => {
    const html = '<b>'.repeat(100_000) + 'deep' + '</b>'.repeat(100_000);
    const out = sanitizeHtml(html, BASE);
    expect(out.startsWith('<b><b>')).toBe(true);
    expect(out).toContain('deep');
  });
});

describe('htmlToText', () => {
  it('strips tags and decodes entities', () => {
    expect(htmlToText('<b>Bold</b> &amp; <i>brave</i> &eacute;')).toBe('Bold & brave é');
  });

  it('drops script content', () => {
    expect(htmlToText('Hi<script>alert(1)</script>')).toBe('Hi');
  });

  it('leaves text without markup untouched apart from trimming', () => {
    expect(htmlToText(' 5 < 6 and R&D ')).toBe('5 < 6 and R&D');
  });
});
