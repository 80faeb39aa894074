// Vocabulary of the free-form date parser: month and weekday names in en, de, fr, es, it, nl, pl, pt, ru,
// el and hu, time zone abbreviations, and words that may stand around a date. All keys are lower-case
// with diacritics removed (see foldWord), so "Mär", "MÄR" and "mar" look alike.

const MARKS_RE = /\p{M}+/gu;

/** Lower-case without combining marks: "Ιούλ" → "ιουλ", "März" → "marz", "мая" → "мая". */
export function foldWord(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(MARKS_RE, '');
}

// Per month: full names (nominative and genitive where they differ) and abbreviations that are not
// prefixes of a full name. Any prefix of three or more letters of a listed name matches as well, unless it
// belongs to two different months ("jui" = juin or juillet).
const MONTH_NAMES: readonly string[] = [
  'january januar jänner janvier janv enero gennaio januari janeiro styczeń stycznia январь января ιανουάριος ιανουαρίου január',
  'february februar feber février févr febrero febbraio februari fevereiro luty lutego февраль февраля φεβρουάριος φεβρουαρίου február',
  'march märz mrz mars marzo maart março marzec marca март марта μάρτιος μαρτίου március',
  'april avril abril aprile kwiecień kwietnia апрель апреля απρίλιος απριλίου április',
  'may mai mayo maggio mei maio maj maja май мая μάιος μαΐου μάι május',
  'june juni juin junio giugno junho czerwiec czerwca июнь июня ιούνιος ιουνίου június',
  'july juli juillet juil julio luglio julho lipiec lipca июль июля ιούλιος ιουλίου július',
  'august août agosto augustus sierpień sierpnia август августа αύγουστος αυγούστου augusztus',
  'september sept septembre septiembre setiembre settembre setembro wrzesień września сентябрь сентября σεπτέμβριος σεπτεμβρίου szeptember',
  'october oktober octobre octubre ottobre outubro październik października октябрь октября οκτώβριος οκτωβρίου október',
  'november novembre noviembre novembro listopad listopada ноябрь ноября νοέμβριος νοεμβρίου',
  'december dezember décembre diciembre dicembre dezembro grudzień grudnia декабрь декабря δεκέμβριος δεκεμβρίου',
];

// Weekday names; any prefix of two or more letters matches, plus the listed odd abbreviations.
const WEEKDAY_NAMES =
  'monday tuesday wednesday thursday friday saturday sunday tues thur thurs ' +
  'montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag ' +
  'lundi mardi mercredi jeudi vendredi samedi dimanche ' +
  'lunes martes miércoles jueves viernes sábado domingo ' +
  'lunedì martedì mercoledì giovedì venerdì sabato domenica ' +
  'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ' +
  'segunda terça quarta quinta sexta ' +
  'poniedziałek wtorek środa czwartek piątek sobota niedziela pn wt sr cz pt nd niedz ' +
  'понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс ' +
  'δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή ' +
  'hétfő kedd szerda csütörtök péntek szombat vasárnap';

function buildMonths(): Map<string, number> {
  const prefixes = new Map<string, number>();
  const exact = new Map<string, number>();
  MONTH_NAMES.forEach((line, i) => {
    for (const name of line.split(' ').map(foldWord)) {
      exact.set(name, i + 1);
      for (let n = 3; n < name.length; n++) {
        const p = name.slice(0, n);
        const seen = prefixes.get(p);
        prefixes.set(p, seen === undefined || seen === i + 1 ? i + 1 : 0);
      }
    }
  });
  const out = new Map<string, number>();
  for (const [p, month] of prefixes) if (month !== 0) out.set(p, month);
  for (const [name, month] of exact) out.set(name, month);
  return out;
}

function buildWeekdays(): Set<string> {
  const out = new Set<string>();
  for (const name of WEEKDAY_NAMES.split(' ').map(foldWord)) {
    for (let n = 2; n <= name.length; n++) out.add(name.slice(0, n));
  }
  return out;
}

/** Folded month word or prefix → month number 1–12. */
export const MONTHS: ReadonlyMap<string, number> = buildMonths();
/** Folded weekday words and prefixes; weekdays are checked for being words, never for consistency. */
export const WEEKDAYS: ReadonlySet<string> = buildWeekdays();

/**
 * Zone abbreviations in minutes east of UTC. The US short forms (ET, CT, MT, PT, AT) are read as
 * standard time, as feedparser does. Ambiguous abbreviations (IST: India, Ireland or Israel; BST outside
 * the UK) are deliberately absent or take the reading common in news feeds (BST = British Summer Time).
 */
export const ZONES: ReadonlyMap<string, number> = new Map<string, number>([
  ...(
    [
      ['ut', 0],
      ['utc', 0],
      ['gmt', 0],
      ['z', 0],
      ['wet', 0],
      ['west', 60],
      ['bst', 60],
      ['cet', 60],
      ['cest', 120],
      ['met', 60],
      ['mest', 120],
      ['mez', 60],
      ['mesz', 120],
      ['eet', 120],
      ['eest', 180],
      ['oez', 120],
      ['oesz', 180],
      ['msk', 180],
      ['msd', 240],
      ['trt', 180],
      ['est', -300],
      ['edt', -240],
      ['cst', -360],
      ['cdt', -300],
      ['mst', -420],
      ['mdt', -360],
      ['pst', -480],
      ['pdt', -420],
      ['et', -300],
      ['ct', -360],
      ['mt', -420],
      ['pt', -480],
      ['ast', -240],
      ['adt', -180],
      ['at', -240],
      ['nst', -210],
      ['ndt', -150],
      ['akst', -540],
      ['akdt', -480],
      ['hst', -600],
      ['jst', 540],
      ['kst', 540],
      ['hkt', 480],
      ['sgt', 480],
      ['awst', 480],
      ['acst', 570],
      ['aest', 600],
      ['aedt', 660],
      ['nzst', 720],
      ['nzdt', 780],
    ] as const
  ).map(([k, v]): [string, number] => [k, v]),
  ...militaryZones(),
]);

// Military single-letter zones (RFC 822 §5): A–I = +1..+9, K–M = +10..+12, N–Y = −1..−12, Z = 0. RFC 1123
// notes that RFC 822 printed the signs backwards; we follow the military (and de-facto) meaning.
function militaryZones(): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i < 25; i++) {
    const letter = String.fromCharCode(97 + i);
    if (letter === 'j') continue;
    if (letter <= 'i') out.push([letter, (i + 1) * 60]);
    else if (letter <= 'm') out.push([letter, i * 60]);
    else out.push([letter, -(i - 12) * 60]);
  }
  return out;
}

/**
 * Words that may stand around a date without changing it: prepositions ("at", "um", "à", "de", "alle",
 * "om", "godz."), Russian "г."/"года", Polish "r.", Portuguese "-feira", and the labels of timestamp lines
 * ("Stand:", "Aktualisiert am", "Updated"). "Uhr" and "am" are handled by the parser.
 */
export const FILLERS: ReadonlySet<string> = new Set(
  (
    'at on the of um den le de del el à a las la alle ore om o godz r г года в feira ' +
    'stand aktualisiert zuletzt veröffentlicht erstellt updated published posted last'
  )
    .split(' ')
    .map(foldWord),
);
