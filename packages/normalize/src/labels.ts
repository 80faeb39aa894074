import { cleanText } from './text.js';

const EMAIL = String.raw`(?:mailto:)?[^\s@()<>"]+@[^\s@()<>"]+\.[^\s@()<>"]+`;
const EMAIL_RE = new RegExp(`^${EMAIL}$`, 'i');
// RSS 2.0 <author> is "address (Name)"; mail headers and some CMSs write "Name <address>" or "Name (address)".
const ADDRESS_THEN_NAME_RE = new RegExp(`^${EMAIL}\\s*\\((.+)\\)$`, 'i');
const NAME_THEN_ADDRESS_RE = new RegExp(`^(.+?)\\s*[<(\\[]\\s*${EMAIL}\\s*[>)\\]]$`, 'i');
const BYLINE_PREFIX_RE = /^(?:by|von|par|por|di|door)\s+(?=\p{Lu})/iu;
const QUOTES_RE = /^["'“”„‘’]+|["'“”„‘’]+$/g;

const oneLine = (text: string): string => cleanText(text).replace(/\s+/g, ' ').trim();

/** The person's name in an author field, or null when it holds nothing but an e-mail address. */
export function authorName(raw: string): string | null {
  let text = oneLine(raw);
  const addressFirst = ADDRESS_THEN_NAME_RE.exec(text);
  if (addressFirst) text = addressFirst[1]!;
  else {
    const nameFirst = NAME_THEN_ADDRESS_RE.exec(text);
    if (nameFirst) text = nameFirst[1]!;
  }
  text = text.replace(QUOTES_RE, '').replace(BYLINE_PREFIX_RE, '').trim();
  // An address alone names nobody, and publishing it would spread a personal address further.
  if (text === '' || EMAIL_RE.test(text)) return null;
  return text;
}

/** Values trimmed and folded to one line, empty ones dropped, repeats (ignoring case) removed. */
function distinct(values: Iterable<string | null>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    if (!value) continue;
    const key = value.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/** Author names: e-mail addresses reduced to the name beside them, byline words dropped, repeats removed. */
export function cleanAuthors(raw: readonly string[]): string[] {
  return distinct(raw.map(authorName));
}

/** Category labels trimmed and folded to one line, repeats (ignoring case) removed, first spelling kept. */
export function cleanCategories(raw: readonly string[]): string[] {
  return distinct(raw.map((c) => oneLine(c) || null));
}
