// Agency names and short codes as they appear in credit lines ("dpa/lno", "(AFP)", "Mit Material von
// dpa und Reuters"). Lower-case; matched case-insensitively.
const AGENCIES = [
  'dpa',
  'dpa-afx',
  'afx',
  'afp',
  'ap',
  'reuters',
  'rtr',
  'epd',
  'kna',
  'dts',
  'ddp',
  'apa',
  'sda',
  'ats',
  'keystone-sda',
  'efe',
  'europa press',
  'ansa',
  'agi',
  'adnkronos',
  'lusa',
  'anp',
  'belga',
  'pap',
  'ctk',
  'mti',
  'tass',
  'тасс',
  'ria',
  'риа новости',
  'interfax',
  'интерфакс',
  'ukrinform',
  'unian',
  'xinhua',
  'kyodo',
  'yonhap',
  'upi',
  'bloomberg',
  'aa',
  'anadolu',
];
const AGENCY = `(?:${AGENCIES.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;

// Keywords introducing a "related article" teaser. They must be followed by a separator or end the line,
// so a closing sentence such as "Related talks are planned for June." is never taken for one.
const READ_MORE =
  '(?:mehr zum thema|zum thema|mehr dazu|lesen sie (?:auch|mehr|hier)|weiterlesen|auch interessant|das könnte sie auch interessieren|' +
  'read more|read also|also read|more on this(?: story)?|related(?: articles?| stories| coverage)?|see also|' +
  'lire aussi|à lire aussi|a lire aussi|lire la suite|voir aussi|' +
  'lea también|lee también|leer más|ver también|te puede interesar|' +
  'читайте также|смотрите также|подробнее|по теме|читайте нас)';

// Whole trailing lines that are boilerplate, in de/en/fr/es/ru. Word ends are written (?![\p{L}\p{N}])
// because \b only knows ASCII word characters and fails after "é" or Cyrillic letters.
const LINE_PATTERNS: RegExp[] = [
  // Source attribution: "Quelle: Agenturen", "Source : AFP", "Fuente: EFE", "Источник: ТАСС"
  /^(?:quellen?|source|sources|fuentes?|fonte|источники?|джерело)\s*:\s*\S.{0,150}$/iu,
  new RegExp(`^${READ_MORE}(?:\\s*$|\\s*[:–—\\-|»>•].*$)`, 'iu'),
  // "(Reporting by …; Editing by …)", "(Writing by …)", "(Additional reporting by …)"
  /^\((?:additional |further )?(?:reporting|writing|editing|compiled|edited|produced|research)(?![\p{L}\p{N}])[^()]*\)\.?$/iu,
  // German/French/Spanish equivalents: "(Berichterstattung von …; Redigiert von …)", "(Reportage …)"
  /^\((?:berichterstattung|bericht|redigiert|redaktion|bearbeitet|mitarbeit|geschrieben|reportage|rédigé|rédaction|édité|édition|información|reportaje|redacción|editado|escrito|texto)(?![\p{L}\p{N}])[^()]*\)\.?$/iu,
  // Copyright notices: one short sentence, optionally followed by "All rights reserved". The sign may
  // be followed by anything ("© dpa-infocom, dpa:250513-99-1234/2"); the word only by a year, "by" or a
  // capital (case-sensitive), so "Copyright disputes are rising" stays a sentence.
  /^(?:(?:©|\([cC]\))\s*\S|(?:[Cc]opyright|COPYRIGHT)\s*(?:©|\([cC]\))?\s*(?:\d{4}|by\s|\p{Lu}))[^.!?]{0,100}(?:[.!?]\s*(?:[Aa]ll [Rr]ights [Rr]eserved|[Aa]lle [Rr]echte vorbehalten|[Tt]ous droits réservés|[Tt]odos los derechos reservados|[Вв]се права защищены)\.?)?\.?$/u,
  /^(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|все права защищены)\.?$/iu,
  /^[^.!?]{0,120}[.!?]?\s*(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|все права защищены)\.?$/iu,
  // Timestamps: "Stand: 13.05.2025, 15:30 Uhr", "Aktualisiert am 18.04.2025 um 21:58 Uhr", "Updated: May 3, 2025"
  /^(?:stand|aktualisiert(?: am)?|zuletzt aktualisiert(?: am)?|veröffentlicht(?: am)?|erstellt(?: am)?|updated(?: on| at)?|last updated(?: on| at)?|published(?: on| at)?|mis à jour(?: le)?|publié le|actualizado(?: el| a las)?|publicado(?: el)?|обновлено|опубликовано)\s*:?\s*(?=.*\d).{1,60}$/iu,
  // Agency credit lines: "dpa", "(AFP)", "dpa/lno", "AFP/Reuters/dpa", "jm/sti (dpa, afp)"
  new RegExp(`^\\(?(?:[\\p{L}]{1,6}\\s*/\\s*)*${AGENCY}(?:\\s*[/,&]\\s*[\\p{L}-]{1,12})*\\)?\\.?$`, 'iu'),
  new RegExp(
    `^(?:[\\p{L}]{1,6}\\s*/\\s*)*[\\p{L}]{1,6}\\s*\\(${AGENCY}(?:\\s*[/,&]\\s*${AGENCY})*\\)\\.?$`,
    'iu',
  ),
  // Editors' initials "hme/lno", AFP's "bur-jmf/ial": lower-case short codes joined by slashes
  /^[a-zäöüß]{2,5}(?:-[a-zäöüß]{2,5})?(?:\s*\/\s*[a-zäöüß]{2,5}){1,5}$/u,
  // AP: "Associated Press writer Jane Doe in Nairobi contributed to this report."
  /^[^.!?]{0,200}\scontributed(?: to)?(?: this)? (?:report|reporting|story)\.?$/iu,
  // "Mit Material von dpa und AFP", "With AFP", "Avec AFP", "Con información de EFE", "По материалам ТАСС"
  new RegExp(
    `^\\(?(?:mit material (?:von|der (?:nachrichtenagenturen?|agenturen))|mit informationen von|mit|with (?:reporting from|material from|agencies)?|avec|d'après|con información de|con|según|по материалам|по данным)\\s+${AGENCY}(?:\\s*(?:,|/|und|and|et|y|и)\\s*${AGENCY})*\\)?\\.?$`,
    'iu',
  ),
  /^\(?(?:with|avec|con|mit) (?:agencies|agences|agencias|agenturen)\)?\.?$/iu,
  // Newsletter and follow-us promotions, also after a teaser question on the same line
  /^(?:.{0,160}[?!.]\s+)?(?:sign up|subscribe|get our|follow us|abonnieren sie|folgen sie uns|abonnez-vous|inscrivez-vous|suivez-nous|suscríbete|suscríbase|síguenos|подписывайтесь|подпишитесь)(?![\p{L}\p{N}]).{0,200}$/iu,
];

// Credits glued to the end of the last story line: "… said on Tuesday. (Reporting by X; Editing by Y)",
// "… a déclaré le ministre. (AFP)". Only after sentence-final punctuation, so "(AFP)" inside a sentence stays.
const INLINE_SUFFIX_RES: RegExp[] = [
  /(?<=[.!?"”»’)])\s+\((?:additional |further )?(?:reporting|writing|editing|berichterstattung|reportage|información)(?![\p{L}\p{N}])[^()]*\)\.?$/iu,
  new RegExp(`(?<=[.!?"”»’])\\s+\\(${AGENCY}(?:\\s*[/,]\\s*${AGENCY})*\\)\\.?$`, 'iu'),
];

const MAX_STRIPPED_LINES = 12;

/**
 * Agency boilerplate at the END of a story (credits, copyright, "read more" teasers, timestamps,
 * newsletter promotions) moved from the body into `credit`. Scanning stops at the first line that is not
 * boilerplate, so nothing in the middle of a story is ever removed.
 */
export function stripBoilerplate(text: string): { body: string; credit: string | null } {
  if (!text) return { body: '', credit: null };
  const lines = text.split(/\r\n?|\n/);
  const credits: string[] = [];
  let end = lines.length;
  while (end > 0 && credits.length < MAX_STRIPPED_LINES) {
    const line = (lines[end - 1] ?? '').trim();
    if (line === '') {
      end--;
      continue;
    }
    if (line.length <= 300 && LINE_PATTERNS.some((re) => re.test(line))) {
      credits.unshift(line);
      end--;
      continue;
    }
    for (const re of INLINE_SUFFIX_RES) {
      const m = re.exec(line);
      if (m) {
        credits.unshift(m[0].trim());
        lines[end - 1] = line.slice(0, m.index).trimEnd();
        break;
      }
    }
    break;
  }
  if (credits.length === 0) return { body: text.trimEnd(), credit: null };
  const body = lines.slice(0, end).join('\n').trimEnd();
  return { body, credit: credits.join('\n') };
}
