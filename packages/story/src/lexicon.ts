/**
 * Offices and institutions in the five languages, written for wirestream: what a report names when
 * it says who acted or who spoke ("the transport ministry", "das Verkehrsministerium", "le
 * ministère des Transports", "el Ministerio de Transporte", "Минтранс"). Each id stands for the kind
 * of office, not for one country's: the states of the story are already compared on their own.
 * Phrases are lower case; `*` ends a word stem (German compounds, Russian case endings).
 */
import { WORD_RE } from './text.js';
export interface OfficeEntry {
  id: string;
  /** How much a shared mention says: an office every story has (a president) says little. */
  weight: number;
  phrases: string[];
}

export const OFFICES: readonly OfficeEntry[] = [
  {
    id: 'foreign-ministry',
    weight: 1,
    phrases: [
      'foreign minist*',
      'foreign affairs',
      'foreign office',
      'state department',
      'top diplomat*',
      'außenminist*',
      'auswärtige* amt*',
      'affaires étrangères',
      'chef de la diplomatie',
      'cheffe de la diplomatie',
      'quai d’orsay',
      "quai d'orsay",
      'asuntos exteriores',
      'relaciones exteriores',
      'canciller*',
      'ministro de exteriores',
      'ministra de exteriores',
      'мид',
      'министр* иностранных дел',
      'министерств* иностранных дел',
      'глава мид',
      'госдеп*',
    ],
  },
  {
    id: 'transport-ministry',
    weight: 1.5,
    phrases: [
      'transport minist*',
      'ministry of transport',
      'minister of transport',
      'transportation department',
      'verkehrsminist*',
      'ministère des transports',
      'ministre des transports',
      'ministerio de transporte*',
      'ministro de transporte*',
      'ministra de transporte*',
      'минтранс*',
      'министерств* транспорта',
      'министр* транспорта',
    ],
  },
  {
    id: 'defence-ministry',
    weight: 1,
    phrases: [
      'defence minist*',
      'defense minist*',
      'ministry of defen*',
      'pentagon',
      'verteidigungsminist*',
      'ministère de la défense',
      'ministre de la défense',
      'ministère des armées',
      'ministre des armées',
      'ministerio de defensa',
      'ministro de defensa',
      'ministra de defensa',
      'минобороны',
      'министерств* обороны',
      'министр* обороны',
    ],
  },
  {
    id: 'interior-ministry',
    weight: 1,
    phrases: [
      'interior minist*',
      'home office',
      'ministry of the interior',
      'ministry of internal affairs',
      'innenminist*',
      "ministère de l'intérieur",
      'ministère de l’intérieur',
      "ministre de l'intérieur",
      'ministre de l’intérieur',
      'ministerio del interior',
      'ministro del interior',
      'ministra del interior',
      'мвд',
      'министерств* внутренних дел',
      'министр* внутренних дел',
    ],
  },
  {
    id: 'health-ministry',
    weight: 1,
    phrases: [
      'health minist*',
      'ministry of health',
      'minister of health',
      'gesundheitsminist*',
      'ministère de la santé',
      'ministre de la santé',
      'ministerio de salud',
      'ministro de salud',
      'ministra de salud',
      'ministerio de sanidad',
      'ministra de sanidad',
      'минздрав*',
      'министерств* здравоохранения',
      'министр* здравоохранения',
    ],
  },
  {
    id: 'finance-ministry',
    weight: 1,
    phrases: [
      'finance minist*',
      'ministry of finance',
      'treasury',
      'finanzminist*',
      'ministère des finances',
      'ministre des finances',
      "ministère de l'économie",
      'ministère de l’économie',
      'ministerio de hacienda',
      'ministro de hacienda',
      'ministerio de economía',
      'ministro de economía',
      'минфин*',
      'министерств* финансов',
      'министр* финансов',
    ],
  },
  {
    id: 'energy-ministry',
    weight: 1,
    phrases: [
      'energy minist*',
      'ministry of energy',
      'energieminist*',
      "ministère de l'énergie",
      'ministre de l’énergie',
      "ministre de l'énergie",
      'ministerio de energía',
      'ministro de energía',
      'минэнерго',
      'министерств* энергетики',
      'министр* энергетики',
    ],
  },
  {
    id: 'trade-ministry',
    weight: 1,
    phrases: [
      'trade minist*',
      'commerce minist*',
      'ministry of commerce',
      'ministry of trade',
      'handelsminist*',
      'wirtschaftsminist*',
      'ministère du commerce',
      'ministre du commerce',
      'ministerio de comercio',
      'ministro de comercio',
      'минпромторг*',
      'министерств* торговли',
      'министр* торговли',
      'министерств* экономического развития',
    ],
  },
  {
    id: 'agriculture-ministry',
    weight: 1.5,
    phrases: [
      'agriculture minist*',
      'ministry of agriculture',
      'landwirtschaftsminist*',
      'agrarminist*',
      "ministère de l'agriculture",
      'ministère de l’agriculture',
      "ministre de l'agriculture",
      'ministerio de agricultura',
      'ministro de agricultura',
      'минсельхоз*',
      'министерств* сельского хозяйства',
      'министр* сельского хозяйства',
    ],
  },
  {
    id: 'central-bank',
    weight: 1,
    phrases: [
      'central bank',
      'zentralbank',
      'notenbank',
      'bundesbank',
      'federal reserve',
      'banque centrale',
      'banco central',
      'центробанк*',
      'центральн* банк*',
      'цб',
      'bank of',
      'банк* японии',
      'банк* англии',
      'банк* канады',
    ],
  },
  {
    id: 'civil-protection',
    weight: 1.5,
    phrases: [
      'civil defense',
      'civil defence',
      'civil protection',
      'emergency services',
      'emergencies ministry',
      'zivilschutz*',
      'katastrophenschutz*',
      'protection civile',
      'sécurité civile',
      'défense civile',
      'defensa civil',
      'protección civil',
      'мчс',
      'гражданской обороны',
      'министерств* по чрезвычайным ситуациям',
    ],
  },
  {
    id: 'seismological-service',
    weight: 2,
    phrases: [
      'geophysical institute',
      'seismolog*',
      'geological survey',
      'usgs',
      'erdbebenwarte',
      'geophysikalisch*',
      'erdbebendienst*',
      'institut géophysique',
      'sismolog*',
      'instituto geofísico',
      'геофизическ*',
      'сейсмолог*',
    ],
  },
  {
    id: 'navy',
    weight: 1.5,
    phrases: [
      'navy',
      'naval',
      'marine',
      'kriegsmarine',
      'armada',
      'marina de guerra',
      'вмф',
      'военно-морск*',
      'флот*',
    ],
  },
  {
    id: 'armed-forces',
    weight: 0.5,
    phrases: [
      'army',
      'military',
      'armee',
      'militär*',
      'streitkräfte',
      'armée',
      'militaire*',
      'ejército',
      'militar*',
      'арми*',
      'военн*',
    ],
  },
  {
    id: 'police',
    weight: 0.5,
    phrases: ['police', 'polizei*', 'policía', 'полици*'],
  },
  {
    id: 'prosecutor',
    weight: 1,
    phrases: [
      'prosecutor*',
      'staatsanwalt*',
      'generalstaatsanwalt*',
      'parquet',
      'procureur*',
      'fiscalía',
      'el fiscal',
      'la fiscal',
      'fiscal general',
      'прокуратур*',
      'прокурор*',
    ],
  },
  {
    id: 'court',
    weight: 0.5,
    phrases: [
      'court',
      'tribunal',
      'gericht*',
      '*gericht',
      'tribunal*',
      'juzgado',
      'cour',
      'суд',
      'суда',
      'судом',
      'суде',
      'судья*',
    ],
  },
  {
    id: 'parliament',
    weight: 0.5,
    phrases: [
      'parliament*',
      'parlament*',
      'parlement*',
      'parlamento*',
      'парламент*',
      'congress',
      'kongress',
      'congrès',
      'congreso',
      'конгресс*',
      'senate',
      'senat',
      'sénat',
      'senado',
      'сенат*',
      'duma',
      'дума',
      'госдум*',
      'grand conseil',
      'landrat',
      'kantonsrat',
      'national assembly',
      'nationalversammlung',
      'assemblée nationale',
      'asamblea nacional',
      'национальн* ассамбле*',
    ],
  },
  {
    id: 'federal-council',
    weight: 1.5,
    phrases: ['federal council', 'bundesrat', 'conseil fédéral', 'consejo federal', 'федеральн* совет*'],
  },
  {
    id: 'government',
    weight: 0.25,
    phrases: [
      'government',
      'regierung*',
      'gouvernement',
      'gobierno',
      'правительств*',
      'кабмин*',
      'cabinet',
      'kabinett',
    ],
  },
  {
    id: 'head-of-state',
    weight: 0.25,
    phrases: [
      'president',
      'präsident*',
      'président*',
      'presidente',
      'presidenta',
      'президент*',
      'kremlin',
      'kreml',
      'кремл*',
    ],
  },
  {
    id: 'head-of-government',
    weight: 0.5,
    phrases: [
      'prime minister',
      'chancellor',
      'ministerpräsident*',
      'regierungschef*',
      'kanzler*',
      'premier ministre',
      'première ministre',
      'chancelier',
      'primer ministro',
      'primera ministra',
      'jefe del gobierno',
      'canciller federal',
      'премьер*',
      'председател* правительства',
      'канцлер*',
    ],
  },
  {
    id: 'airline',
    weight: 0.5,
    phrases: ['airline*', 'fluggesellschaft*', 'compagnie aérienne', 'aerolínea*', 'авиакомпани*'],
  },
  {
    id: 'airport',
    weight: 0.5,
    phrases: ['airport', 'flughafen*', 'aéroport*', 'aeropuerto*', 'аэропорт*'],
  },
  {
    id: 'port',
    weight: 0.5,
    phrases: ['port', 'seaport', 'hafen*', '*hafen', 'puerto*', 'порт', 'порта', 'порту', 'порты', 'портов'],
  },
  {
    id: 'customs',
    weight: 1,
    phrases: ['customs', 'zoll*', 'douane*', 'aduana*', 'таможн*', 'фтс'],
  },
  {
    id: 'union',
    weight: 1,
    phrases: [
      'trade union',
      'labor union',
      'labour union',
      'gewerkschaft*',
      'syndicat*',
      'sindicato*',
      'профсоюз*',
    ],
  },
  {
    id: 'opposition',
    weight: 0.5,
    phrases: ['opposition', 'oppositionell*', 'oppositionnel*', 'oposición', 'opositor*', 'оппозиц*'],
  },
  {
    id: 'embassy',
    weight: 0.5,
    phrases: [
      'embassy',
      'ambassador',
      'botschaft*',
      'botschafter*',
      'ambassade*',
      'ambassadeur*',
      'embajada*',
      'embajador*',
      'посольств*',
      'посол',
      'посла',
    ],
  },
];

type WordPattern = { text: string; kind: 'exact' | 'prefix' | 'suffix' };
interface Phrase {
  entry: OfficeEntry;
  words: WordPattern[];
}

const wordPattern = (word: string): WordPattern =>
  word.endsWith('*')
    ? { text: word.slice(0, -1), kind: 'prefix' }
    : word.startsWith('*')
      ? { text: word.slice(1), kind: 'suffix' }
      : { text: word, kind: 'exact' };

const fits = (p: WordPattern, word: string): boolean =>
  p.kind === 'exact'
    ? word === p.text
    : p.kind === 'prefix'
      ? word.startsWith(p.text)
      : word.endsWith(p.text);

/**
 * The phrases indexed by their first word: exact words by the word, stems by their first three
 * letters, word ends in a short list. A text is read word by word once, whatever the lexicon's size.
 */
const INDEX = (() => {
  const exact = new Map<string, Phrase[]>();
  const prefix = new Map<string, Phrase[]>();
  const suffix: Phrase[] = [];
  for (const entry of OFFICES) {
    for (const text of entry.phrases) {
      const phrase: Phrase = { entry, words: text.split(' ').map(wordPattern) };
      const first = phrase.words[0]!;
      if (first.kind === 'suffix') suffix.push(phrase);
      else {
        const map = first.kind === 'exact' ? exact : prefix;
        const key = first.kind === 'exact' ? first.text : first.text.slice(0, 3);
        map.set(key, [...(map.get(key) ?? []), phrase]);
      }
    }
  }
  return { exact, prefix, suffix };
})();

export interface OfficeMention {
  id: string;
  weight: number;
  text: string;
  start: number;
  end: number;
}

interface Span {
  text: string;
  start: number;
  end: number;
}

/** Where `phrase` ends when it starts at word `i`, or -1. */
function matchAt(phrase: Phrase, words: readonly Span[], i: number, lower: string): number {
  let last = i;
  for (let k = 1; k < phrase.words.length; k++) {
    const next = words[i + k];
    if (next === undefined || !fits(phrase.words[k]!, next.text)) return -1;
    if (!/^\s+$/.test(lower.slice(words[last]!.end, next.start))) return -1;
    last = i + k;
  }
  return last;
}

/**
 * Every office or institution of the lexicon a text names (`lower` is `text.toLowerCase()`; `tokens`
 * its words, when the caller has them).
 */
export function officesOf(
  text: string,
  lower: string = text.toLowerCase(),
  tokens?: ReadonlyArray<{ text: string; start: number }>,
): OfficeMention[] {
  const words: Span[] = [];
  // The words of the text when the caller has them already (the same expression finds them).
  if (tokens && lower.length === text.length)
    for (const t of tokens)
      words.push({
        text: lower.slice(t.start, t.start + t.text.length),
        start: t.start,
        end: t.start + t.text.length,
      });
  else
    for (const m of lower.matchAll(WORD_RE))
      words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  const out: OfficeMention[] = [];
  const found = (phrase: Phrase, i: number): void => {
    const last = matchAt(phrase, words, i, lower);
    if (last < 0) return;
    const { start } = words[i]!;
    const { end } = words[last]!;
    out.push({ id: phrase.entry.id, weight: phrase.entry.weight, text: text.slice(start, end), start, end });
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.text;
    for (const phrase of INDEX.exact.get(word) ?? []) found(phrase, i);
    if (word.length >= 3)
      for (const phrase of INDEX.prefix.get(word.slice(0, 3)) ?? [])
        if (word.startsWith(phrase.words[0]!.text)) found(phrase, i);
    for (const phrase of INDEX.suffix) if (word.endsWith(phrase.words[0]!.text)) found(phrase, i);
  }
  return out;
}
