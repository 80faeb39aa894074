import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripBoilerplate } from './index.js';

const STORY_DE =
  'Kiel (xyz) – Der Landtag hat am Mittwoch einen Nachtragshaushalt beschlossen.\n\n' +
  'Die Opposition kritisierte die Neuverschuldung als zu hoch.';
const STORY_EN =
  'OSLO, June 3 (Fjord Wire) - Norway raised its gas export forecast on Tuesday.\n\n' +
  'The ministry said maintenance at two fields had finished early.';

describe('stripBoilerplate', () => {
  it('leaves a story without boilerplate untouched', () => {
    expect(stripBoilerplate(STORY_DE)).toEqual({ body: STORY_DE, credit: null });
    expect(stripBoilerplate('')).toEqual({ body: '', credit: null });
  });

  it('strips German source lines, teasers and timestamps', () => {
    const text = `${STORY_DE}\n\nStand: 04.06.2025, 18:45 Uhr\n\nQuelle: Agenturen\n\nMehr zum Thema – Schuldenbremse: Was die Länder jetzt planen`;
    expect(stripBoilerplate(text)).toEqual({
      body: STORY_DE,
      credit:
        'Stand: 04.06.2025, 18:45 Uhr\nQuelle: Agenturen\nMehr zum Thema – Schuldenbremse: Was die Länder jetzt planen',
    });
    expect(stripBoilerplate(`${STORY_DE}\n\nAktualisiert am 05.06.2025 um 07:12 Uhr`).body).toBe(STORY_DE);
    expect(stripBoilerplate(`${STORY_DE}\n\nLesen Sie auch: Haushaltsstreit in Berlin`).body).toBe(STORY_DE);
  });

  it('strips Reuters-style credits, copyright and newsletter promotions', () => {
    const text = `${STORY_EN}\n\n(Reporting by Ola Nordmann; Additional reporting by Kari Hansen; Editing by Tom Smith)\n\nCopyright 2025 Fjord Wire. All rights reserved.\n\nSign up for our Nordic Energy newsletter for a daily briefing.`;
    const result = stripBoilerplate(text);
    expect(result.body).toBe(STORY_EN);
    expect(result.credit?.split('\n')).toHaveLength(3);
    expect(result.credit).toMatch(/^\(Reporting by Ola Nordmann/);
  });

  it('strips a credit glued to the end of the last paragraph', () => {
    const text = `${STORY_EN} (Reporting by Ola Nordmann; Editing by Tom Smith)`;
    expect(stripBoilerplate(text)).toEqual({
      body: STORY_EN,
      credit: '(Reporting by Ola Nordmann; Editing by Tom Smith)',
    });
    expect(stripBoilerplate('Le ministre a confirmé la visite. (AFP)')).toEqual({
      body: 'Le ministre a confirmé la visite.',
      credit: '(AFP)',
    });
  });

  it('strips agency credit lines and editor initials', () => {
    for (const credit of [
      'dpa',
      '(AFP)',
      'dpa/lno',
      'AFP/Reuters',
      'hme/jst',
      'jm/sti (dpa, afp)',
      'Mit Material von dpa und AFP',
      '(mit dpa)',
      'mit Agenturen',
      'bur-jmf/ial',
      '© dpa-infocom, dpa:250604-99-012345/3',
      '(c) Agencia Ejemplo',
      'Associated Press writer Jane Doe in Nairobi contributed to this report.',
    ]) {
      expect(stripBoilerplate(`${STORY_DE}\n\n${credit}`), credit).toEqual({ body: STORY_DE, credit });
    }
  });

  it('strips German, French, Spanish and Russian boilerplate', () => {
    const cases: [string, string][] = [
      [
        'Le gouvernement a présenté son plan lundi.',
        'Lire aussi | Les syndicats appellent à la grève\n\n© 2025 Agence Exemple. Tous droits réservés.',
      ],
      [
        'El Gobierno aprobó el decreto el martes.',
        'Fuente: EFE\n\nLea también: La inflación se modera en mayo',
      ],
      [
        'Правительство одобрило законопроект во вторник.',
        'Источник: Интерфакс\n\nЧитайте также: Курс рубля укрепился',
      ],
      [
        'Die Koalition einigte sich in der Nacht.',
        '(Berichterstattung von Max Beispiel, redigiert von Erika Muster)',
      ],
      ['Le Parlement a voté le texte.', '(Rédigé par Jeanne Exemple, édité par Paul Modèle)'],
      ['Власти пообещали восстановить дорогу к осени.', 'Подписывайтесь на наш канал в Telegram'],
    ];
    for (const [story, tail] of cases) {
      expect(stripBoilerplate(`${story}\n\n${tail}`), tail).toEqual({
        body: story,
        credit: tail.replace(/\n\n/g, '\n'),
      });
    }
  });

  it('never removes boilerplate-like text from the middle of a story', () => {
    const text =
      'Quelle: Agenturen\n\nDer Streit um das Copyright an dem Foto dauert an.\n\n© 2025 lautet der Vermerk, sagte der Anwalt. Das Verfahren geht weiter.';
    expect(stripBoilerplate(text)).toEqual({ body: text, credit: null });
  });

  it('does not mistake closing sentences for teasers or credits', () => {
    for (const last of [
      'Related talks are planned for June.',
      'Read more carefully, the report shows a different picture.',
      'Die Quelle: ein anonymer Beamter.',
      'The company said 2 million users had signed up for its newsletter.',
      'Stand der Ermittlungen ist weiterhin unklar.',
      'Die Polizei sucht Zeugen. Melden Sie sich bitte unter der Rufnummer 110.',
      'Copyright disputes over the photo are still pending, the lawyer said.',
    ]) {
      const text = `${STORY_EN}\n\n${last}`;
      expect(stripBoilerplate(text), last).toEqual({ body: text, credit: null });
    }
  });

  it('returns an empty body when the text is only boilerplate', () => {
    expect(stripBoilerplate('Quelle: Agenturen')).toEqual({ body: '', credit: 'Quelle: Agenturen' });
  });
});

describe('stripBoilerplate on the development set', () => {
  const devset: { id: string; body: string }[] = readFileSync(
    new URL('../../../../shared/devset/articles.jsonl', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; body: string });
  // Trailing outlet boilerplate the devset README says its bodies carry.
  const MARKERS =
    /^(?:Quelle:|Mehr zum Thema|\(Reporting by|Copyright|©|Stand:|Aktualisiert am|Sign up|Sie möchten keine)/;

  it('leaves no known boilerplate at the end of any body', () => {
    for (const a of devset) {
      const { body } = stripBoilerplate(a.body);
      const last = body.split('\n\n').at(-1) ?? '';
      expect(last, a.id).not.toMatch(MARKERS);
      expect(body.length, a.id).toBeGreaterThan(a.body.length * 0.6);
    }
  });

  it('only ever removes a suffix of the body', () => {
    for (const a of devset) {
      const { body, credit } = stripBoilerplate(a.body);
      expect(a.body.startsWith(body), a.id).toBe(true);
      if (credit === null) expect(body).toBe(a.body);
    }
  });
});
