import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DEFAULT_TAXONOMY_PATH, loadTagger, parseTaxonomy } from './index.js';
import { lengthFactor, topicTags, type TopicScore } from './topics.js';
import type { Article } from './types.js';

const tagger = loadTagger();
const slugsOf = (language: string, title: string, body = '', summary = '') =>
  tagger.tag({ title, summary, body, language }).topics.map((t) => t.slug);

// [language, expected slug, headline, body] — one short wire-style item per case, written for these tests.
const CASES: [string, string, string, string][] = [
  // sanctions
  [
    'de',
    'sanctions',
    'Brüssel beschließt neues Sanktionspaket',
    'Die Strafmaßnahmen treffen Banken und Reedereien.',
  ],
  [
    'en',
    'sanctions',
    'Treasury widens sanctions on shadow fleet tankers',
    'The asset freezes cover 30 vessels.',
  ],
  [
    'fr',
    'sanctions',
    'Nouvelles sanctions contre des banques',
    'Le gel des avoirs vise douze établissements.',
  ],
  [
    'es',
    'sanctions',
    'Washington impone sanciones a una naviera',
    'La sanción incluye la congelación de activos.',
  ],
  ['ru', 'sanctions', 'Лондон ввел санкции против банков', 'Под санкциями оказались двенадцать компаний.'],
  // diplomacy
  [
    'de',
    'diplomacy',
    'Gipfeltreffen in Genf: Verhandlungen über Waffenruhe',
    'Ein Sondergesandter vermittelt zwischen den Delegationen.',
  ],
  [
    'en',
    'diplomacy',
    'Envoys open negotiations at Geneva summit',
    'Mediators said the talks would continue.',
  ],
  ['fr', 'diplomacy', 'Sommet à Genève : les négociations reprennent', 'Un émissaire mène la médiation.'],
  [
    'es',
    'diplomacy',
    'Cumbre regional abre una ronda de negociación',
    'La mediación de un enviado especial continúa.',
  ],
  ['ru', 'diplomacy', 'На саммите начались переговоры', 'Посредничество взял на себя спецпосланник.'],
  // energy
  ['de', 'energy', 'Gaspreis steigt nach Ausfall einer Pipeline', 'Die Raffinerie erhält weniger Rohöl.'],
  ['en', 'energy', 'OPEC keeps oil output steady', 'Brent crude rose after the decision on the pipeline.'],
  ['fr', 'energy', 'Le prix du pétrole grimpe', 'Le gazoduc est fermé pour maintenance.'],
  ['es', 'energy', 'El petróleo sube tras el cierre de un oleoducto', 'La refinería reduce su actividad.'],
  ['ru', 'energy', 'Цены на нефть выросли', 'Нефтепровод остановлен на ремонт.'],
  // trade
  ['de', 'trade', 'Zollstreit: Strafzölle auf Stahl verdoppelt', 'Der Handelsstreit belastet die Exporte.'],
  ['en', 'trade', 'New tariffs hit steel imports', 'The trade war escalated as customs duties doubled.'],
  ['fr', 'trade', 'Droits de douane : un accord commercial en vue', 'Le commerce bilatéral a reculé.'],
  ['es', 'trade', 'Nuevos aranceles al acero', 'El acuerdo comercial sigue bloqueado.'],
  [
    'ru',
    'trade',
    'Пошлины на сталь повышены',
    'Торговля между странами сократилась, торговая война обостряется.',
  ],
  // transport and logistics
  [
    'de',
    'transport-logistics',
    'Hafen meldet Rekord beim Containerumschlag',
    'Die Reederei setzt mehr Güterzüge ein.',
  ],
  [
    'en',
    'transport-logistics',
    'Port congestion delays cargo shipping',
    'Freight rates rose as container ships waited.',
  ],
  [
    'fr',
    'transport-logistics',
    'Le fret ferroviaire recule',
    'Le transport de marchandises par conteneur baisse.',
  ],
  [
    'es',
    'transport-logistics',
    'El puerto bate su récord de contenedores',
    'La logística del transporte de mercancías mejora.',
  ],
  ['ru', 'transport-logistics', 'Порт нарастил перевалку контейнеров', 'Грузоперевозки выросли.'],
  // aviation accident
  [
    'de',
    'aviation-accident',
    'Passagierflugzeug muss nach Triebwerksausfall notlanden',
    'Der Pilot meldete Vogelschlag.',
  ],
  [
    'en',
    'aviation-accident',
    'Airliner makes emergency landing after bird strike',
    'The plane returned to the airport.',
  ],
  [
    'fr',
    'aviation-accident',
    "Un avion effectue un atterrissage d'urgence",
    'Le pilote a signalé une panne.',
  ],
  [
    'es',
    'aviation-accident',
    'Un avión realiza un aterrizaje de emergencia',
    'El piloto informó de una avería.',
  ],
  ['ru', 'aviation-accident', 'Самолет совершил аварийную посадку', 'Пилот сообщил об отказе двигателя.'],
  // arrest and detention
  [
    'de',
    'arrest-detention',
    'Polizei nimmt mutmaßlichen Spion fest',
    'Der Mann wurde festgenommen und sitzt in Untersuchungshaft.',
  ],
  ['en', 'arrest-detention', 'Police arrest two activists', 'Both remain in custody after their detention.'],
  ['fr', 'arrest-detention', 'Arrestation de deux militants', 'Ils ont été placés en garde à vue.'],
  ['es', 'arrest-detention', 'Detención de dos activistas', 'Los detenidos siguen arrestados.'],
  ['ru', 'arrest-detention', 'Суд арестовал активиста', 'Его задержали утром и взяли под стражу.'],
  // armed conflict
  ['de', 'armed-conflict', 'Heftige Kämpfe trotz Waffenruhe', 'Die Armee meldet Beschuss und Luftangriffe.'],
  ['en', 'armed-conflict', 'Shelling breaks ceasefire', 'Troops repelled an offensive as fighting spread.'],
  [
    'fr',
    'armed-conflict',
    'Les combats reprennent malgré le cessez-le-feu',
    "L'armée fait état de bombardements.",
  ],
  ['es', 'armed-conflict', 'Combates pese al alto el fuego', 'El ejército denuncia bombardeos.'],
  ['ru', 'armed-conflict', 'Обстрел сорвал перемирие', 'Армия сообщает о наступлении.'],
  // elections
  ['de', 'elections', 'Regierungslager gewinnt Parlamentswahl', 'Die Wahlbeteiligung lag bei 60 Prozent.'],
  ['en', 'elections', 'Opposition candidate wins runoff election', 'Turnout was high as voters queued.'],
  ['fr', 'elections', 'Élection présidentielle : le scrutin est serré', 'Les électeurs ont voté en masse.'],
  ['es', 'elections', 'Elecciones: el candidato oficialista gana', 'La votación fue tranquila.'],
  ['ru', 'elections', 'Выборы завершились', 'Голосование прошло спокойно, избиратели пришли на участки.'],
  // economy and markets
  [
    'de',
    'economy-markets',
    'Zentralbank senkt Leitzins',
    'Die Inflation ist zurückgegangen, die Währung legt zu.',
  ],
  ['en', 'economy-markets', 'Central bank cuts interest rate as inflation eases', 'GDP growth slowed.'],
  ['fr', 'economy-markets', 'La banque centrale baisse son taux directeur', "L'inflation recule."],
  ['es', 'economy-markets', 'La inflación se desacelera', 'El banco central mantiene los tipos de interés.'],
  ['ru', 'economy-markets', 'ЦБ снизил ключевую ставку', 'Инфляция замедлилась.'],
  // media freedom
  [
    'de',
    'media-freedom',
    'Journalisten protestieren gegen Zensur',
    'Die Pressefreiheit sei in Gefahr, warnen Redaktionen.',
  ],
  [
    'en',
    'media-freedom',
    'Police raid newspaper, detain journalist',
    'Press freedom groups condemned the censorship.',
  ],
  ['fr', 'media-freedom', 'Des journalistes dénoncent la censure', 'La liberté de la presse recule.'],
  ['es', 'media-freedom', 'Periodistas denuncian censura', 'La libertad de prensa se deteriora.'],
  ['ru', 'media-freedom', 'Журналисты пожаловались на цензуру', 'Редакция газеты закрыта.'],
  // justice and courts
  [
    'de',
    'justice-courts',
    'Gericht verurteilt Ex-Minister',
    'Das Urteil ist noch nicht rechtskräftig; die Staatsanwaltschaft prüft Berufung.',
  ],
  [
    'en',
    'justice-courts',
    'Court convicts former minister',
    'The judge handed down the verdict after a two-year trial.',
  ],
  [
    'fr',
    'justice-courts',
    'Le tribunal condamne un ancien ministre',
    'Le procureur avait requis cinq ans; le verdict est tombé.',
  ],
  ['es', 'justice-courts', 'Un tribunal condena a un exministro', 'La sentencia llega tras un largo juicio.'],
  ['ru', 'justice-courts', 'Суд вынес приговор бывшему министру', 'Прокуратура возбудила уголовное дело.'],
  // natural disaster
  [
    'de',
    'natural-disaster',
    'Waldbrand zwingt Hunderte zur Flucht',
    'Die Feuerwehr kämpft gegen die Flammen; Evakuierung läuft.',
  ],
  [
    'en',
    'natural-disaster',
    'Earthquake strikes coastal region',
    'Floods and landslides followed the quake.',
  ],
  ['fr', 'natural-disaster', 'Des inondations frappent le sud', 'Un séisme a aussi été ressenti.'],
  ['es', 'natural-disaster', 'Un terremoto sacude la costa', 'Las inundaciones obligan a la evacuación.'],
  ['ru', 'natural-disaster', 'Землетрясение в регионе', 'Наводнение вызвало эвакуацию.'],
  // health
  ['de', 'health', 'Masern: deutlich mehr Fälle', 'Das Gesundheitsamt ruft zur Impfung auf.'],
  [
    'en',
    'health',
    'Regulators approve new vaccine',
    'The measles outbreak is spreading, health officials said.',
  ],
  ['fr', 'health', 'Épidémie de rougeole', 'Les hôpitaux appellent à la vaccination.'],
  ['es', 'health', 'Brote de sarampión', 'Los hospitales piden la vacuna.'],
  ['ru', 'health', 'Вспышка кори', 'Минздрав призвал к вакцинации, больницы переполнены.'],
  // cyber
  [
    'de',
    'cyber',
    'Hackerangriff legt Stadtverwaltung lahm',
    'Die Ransomware verschlüsselte alle IT-Systeme.',
  ],
  ['en', 'cyber', 'Ransomware attack halts production', 'Hackers encrypted the IT systems.'],
  ['fr', 'cyber', 'Une cyberattaque paralyse un hôpital', 'Un rançongiciel a chiffré les serveurs.'],
  ['es', 'cyber', 'Un ciberataque paraliza una empresa', 'La filtración de datos afecta a miles.'],
  ['ru', 'cyber', 'Хакеры атаковали банк', 'Кибератака привела к утечке данных.'],
];

describe('topics in five languages', () => {
  it.each(CASES)('%s: %s — %s', (language, slug, title, body) => {
    expect(slugsOf(language, title, body)).toContain(slug);
  });

  it('covers every slug of the taxonomy except the pair-derived one in every language', () => {
    const covered = new Set(CASES.map(([lang, slug]) => `${lang}:${slug}`));
    const slugs = new Set(CASES.map(([, slug]) => slug));
    expect(slugs.size).toBe(15);
    for (const lang of ['de', 'en', 'fr', 'es', 'ru'])
      for (const slug of slugs) expect(covered).toContain(`${lang}:${slug}`);
  });
});

describe('false-positive guards', () => {
  it('does not read sports penalties as sanctions', () => {
    expect(
      slugsOf(
        'de',
        'Liga verhängt Sanktionen gegen Traditionsverein',
        'Der Verein erhält eine Sperre und einen Punktabzug; der Schiedsrichter hatte das Spiel abgebrochen. Weitere Sanktionen drohen in der nächsten Saison.',
      ),
    ).not.toContain('sanctions');
    expect(
      slugsOf(
        'en',
        'UEFA sanctions club over crowd trouble',
        'The league confirmed the suspension; the referee had stopped the match. The player appeal failed.',
      ),
    ).not.toContain('sanctions');
  });

  it('does not read vigour as energy', () => {
    expect(
      slugsOf('de', 'Mit viel Energie ins Finale', 'Sie spielte voller Energie und gewann.'),
    ).not.toContain('energy');
    expect(
      slugsOf('en', 'Rookie shows plenty of energy in debut', 'He was full of energy all night.'),
    ).not.toContain('energy');
  });

  it('does not read a currency crash as an aviation accident', () => {
    expect(
      slugsOf(
        'de',
        'Absturz der Lira: Zentralbank greift ein',
        'Die Währung fiel auf ein Rekordtief; die Börse reagierte nervös.',
      ),
    ).not.toContain('aviation-accident');
  });

  it('does not read a trade war or a sports tribunal as conflict or court', () => {
    const slugs = slugsOf('en', 'Trade war deepens', 'Both sides raised tariffs again in the trade war.');
    expect(slugs).toContain('trade');
    expect(slugs).not.toContain('armed-conflict');
    expect(
      slugsOf('de', 'Sportgericht bestätigt Sperre', 'Das Sportgericht der Liga wies den Einspruch ab.'),
    ).not.toContain('justice-courts');
  });

  it('does not tag a topic from one passing mention in the body', () => {
    const slugs = slugsOf(
      'de',
      'Ölpreis steigt kräftig',
      'Der Preis für Rohöl der Sorte Brent kletterte um drei Prozent. Händler verwiesen auch auf die Sanktionen.',
    );
    expect(slugs).toContain('energy');
    expect(slugs).not.toContain('sanctions');
  });

  it('returns no topics for sports news', () => {
    expect(
      slugsOf(
        'en',
        'Rookie wins first Grand Prix',
        'The driver held off the champion over the final laps of the race.',
      ),
    ).toEqual([]);
  });
});

describe('scores and evidence', () => {
  it('weighs the headline above the body', () => {
    const inTitle = tagger.tag({
      title: 'Neue Sanktionen',
      summary: '',
      body: 'Text ohne Bezug.',
      language: 'de',
    });
    const inBody = tagger.tag({
      title: 'Text ohne Bezug',
      summary: '',
      body: 'Neue Sanktionen. Noch mehr Sanktionen.',
      language: 'de',
    });
    const score = (r: typeof inTitle) => r.topics.find((t) => t.slug === 'sanctions')?.score ?? 0;
    expect(score(inTitle)).toBeGreaterThan(score(inBody));
    expect(score(inBody)).toBeGreaterThan(0);
  });

  it('gives term, surface text, field and offset for every hit', () => {
    const body = 'Die EU verlängert die Wirtschaftssanktionen. Das Ölembargo bleibt.';
    const result = tagger.tag({ title: '', summary: '', body, language: 'de' });
    const sanctions = result.topics.find((t) => t.slug === 'sanctions')!;
    expect(sanctions.evidence.map((e) => e.match)).toEqual(['Wirtschaftssanktionen', 'Ölembargo']);
    for (const e of sanctions.evidence) {
      expect(e.field).toBe('body');
      expect(body.slice(e.offset, e.offset + e.match.length)).toBe(e.match);
    }
    expect(sanctions.evidence[0]!.term).toBe('Sanktion*');
    expect(sanctions.evidence[1]!.offset).toBe(body.indexOf('Ölembargo'));
    expect(sanctions.iptc).toBe('medtop:20000642');
  });

  it('orders topics as the taxonomy does', () => {
    const result = tagger.tag({
      title: 'Cyberangriff auf Pipeline-Betreiber: Sanktionen gegen Hacker',
      summary: 'Die Ransomware legte die Gaslieferungen lahm.',
      body: '',
      language: 'de',
    });
    expect(result.topics.map((t) => t.slug)).toEqual(['sanctions', 'energy', 'cyber']);
  });
});

describe('a second topic next to a wordy first one', () => {
  const taxonomy = parseTaxonomy(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8'));
  const index = (slug: string): number => taxonomy.topics.findIndex((t) => t.slug === slug);
  const article: Article = { lang: 'en', texts: { title: '', summary: '', body: '' }, tokens: [] };
  const given = (weighed: [string, number][]): string[] => {
    const scores = new Map(
      weighed.map(([slug, w]): [number, TopicScore] => [
        index(slug),
        { score: w, matches: [], hits: new Map(), upFront: true, core: true, sentences: 1, lastSentence: 0 },
      ]),
    );
    const map = new Map(weighed.map(([slug, w]) => [index(slug), w]));
    return topicTags(taxonomy, article, scores, map).map((t) => t.slug);
  };

  it("judges a side remark in units of each topic's own threshold", () => {
    const energy = taxonomy.topics[index('energy')]!.threshold;
    const sanctions = taxonomy.topics[index('sanctions')]!.threshold;
    expect(sanctions).toBeLessThan(energy);
    // Sanctions at 4.5 times their threshold next to energy at 13 times its own: a second subject of
    // the story, though its raw evidence is under a quarter of energy's.
    const strong = [
      ['energy', 13.3 * energy],
      ['sanctions', 4.5 * sanctions],
    ] as [string, number][];
    expect(strong[1]![1] / strong[0]![1]).toBeLessThan(taxonomy.minShareOfTop);
    expect(given(strong)).toEqual(['sanctions', 'energy']);
    // At 1.5 times its threshold next to the same energy story, it is a side remark.
    expect(given([strong[0]!, ['sanctions', 1.5 * sanctions]])).toEqual(['energy']);
  });
});

describe('negated terms', () => {
  it('does not count a term the sentence denies', () => {
    const outage = [
      'A faulty update took the payments app offline for six hours on Tuesday, the company said.',
      'The firm said there was no indication of any cyberattack and ruled out a hacking incident.',
      'Engineers rolled the update back overnight and services returned by morning.',
    ].join('\n\n');
    expect(slugsOf('en', 'Payments app offline for six hours after faulty update', outage)).not.toContain(
      'cyber',
    );
    const attack = [
      'Hackers broke into the payments app on Tuesday and took it offline for six hours, the company said.',
      'The cyberattack encrypted servers, and the hacking group demanded a ransom.',
    ].join('\n\n');
    expect(slugsOf('en', 'Cyberattack takes payments app offline', attack)).toContain('cyber');
  });

  it('reads "sin embargo" as "however", not as a denial', () => {
    const body = 'Sin embargo, Washington impuso nuevas sanciones a tres bancos y congeló sus activos.';
    expect(slugsOf('es', 'Washington impone sanciones a bancos', body)).toContain('sanctions');
  });
});

describe('long articles', () => {
  const taxonomy = parseTaxonomy(readFileSync(DEFAULT_TAXONOMY_PATH, 'utf8'));
  const tagger = loadTagger();

  it('divide topic evidence by their length beyond a wire report, never below it', () => {
    const { words, exponent } = taxonomy.lengthNorm;
    expect(lengthFactor(taxonomy, 120)).toBe(1);
    expect(lengthFactor(taxonomy, words)).toBe(1);
    expect(lengthFactor(taxonomy, 4 * words)).toBeCloseTo(4 ** exponent, 6);
    expect(lengthFactor(taxonomy, 4 * words)).toBeGreaterThan(lengthFactor(taxonomy, 2 * words));
  });

  it('drop a side subject a long feature touches in two paragraphs, keep it in a short report', () => {
    const side =
      'The festival was postponed once, when a storm flooded the river banks. Floods had cut the town off for days.';
    const filler = Array.from(
      { length: 60 },
      (_, i) =>
        `Act ${i + 1} of the programme brought another band to the main stage, and the crowd sang along until late.`,
    ).join('\n\n');
    const short = tagger.explain({ title: 'Festival returns', summary: '', body: side, language: 'en' });
    const long = tagger.explain({
      title: 'Festival returns',
      summary: '',
      body: `${side}\n\n${filler}`,
      language: 'en',
    });
    const slug = 'natural-disaster';
    expect(short.weights[slug]?.length).toBe(1);
    expect(long.weights[slug]!.length).toBeGreaterThan(2);
    expect(long.weights[slug]!.weighed).toBeLessThan(short.weights[slug]!.weighed / 2);
    expect(long.result.topics.map((t) => t.slug)).not.toContain(slug);
  });
});
