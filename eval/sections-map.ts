/**
 * Publishers' section labels of the news-sections corpus → the IPTC subjects an editor would give
 * a story filed there, the section's own subject first. A section is coarser than IPTC's top
 * level in two places, and there it accepts a second subject: publishers file wars, coups and
 * insurgencies under politics or international news, where IPTC has `conflict-war-peace`; and
 * they file jobs, wages and strikes under business, where IPTC has `labour`. An article agrees
 * with its section when one of the section's subjects is among its own. Sections that mix many
 * subjects map to none and only count towards `articles`: derStandard's "Panorama" (crime,
 * accidents, curiosities, society side by side) and the Spanish corpus's "Society" (a catch-all:
 * a euthanasia debate, baby names, a sculpture, Google searches, a first lady's travel).
 *
 * | corpus | section → subject |
 * | --- | --- |
 * | de (derStandard) | Etat (media) → arts-culture, Inland → politics, International → politics or conflict-war-peace, Kultur → arts-culture, Sport → sport, Web → science-technology, Wirtschaft → economy-business or labour, Wissenschaft → science-technology, Panorama → none |
 * | en (BBC) | business → economy-business or labour, entertainment → arts-culture, politics → politics (UK politics: no wars filed there), sport → sport, tech → science-technology |
 * | fr (BBC Afrique) | business → economy-business or labour, health → health, politics → politics or conflict-war-peace, sports → sport, technology → science-technology |
 * | es (Mexican and Spanish outlets) | Economy → economy-business or labour, Education → education, Entertainment → arts-culture, Health → health, Politics → politics or conflict-war-peace, Science → science-technology, Security → crime-law, Sport → sport, Society → none |
 */
const POLITICS = ['politics', 'conflict-war-peace'];
const BUSINESS = ['economy-business', 'labour'];

export const SECTION_SUBJECTS: Record<string, Record<string, readonly string[]>> = {
  de: {
    Etat: ['arts-culture'],
    Inland: ['politics'],
    International: POLITICS,
    Kultur: ['arts-culture'],
    Sport: ['sport'],
    Web: ['science-technology'],
    Wirtschaft: BUSINESS,
    Wissenschaft: ['science-technology'],
  },
  en: {
    business: BUSINESS,
    entertainment: ['arts-culture'],
    politics: ['politics'],
    sport: ['sport'],
    tech: ['science-technology'],
  },
  fr: {
    business: BUSINESS,
    health: ['health'],
    politics: POLITICS,
    sports: ['sport'],
    technology: ['science-technology'],
  },
  es: {
    Economy: BUSINESS,
    Education: ['education'],
    Entertainment: ['arts-culture'],
    Health: ['health'],
    Politics: POLITICS,
    Science: ['science-technology'],
    Security: ['crime-law'],
    Sport: ['sport'],
  },
};

/** Articles from sections whose own subject is one of these should get none of the 16 specific topics. */
export const OUT_OF_SCOPE_SUBJECTS = new Set(['sport', 'arts-culture']);

export type Half = 'development' | 'held-out';

/** Which half an article belongs to: FNV-1a of its id, even → development. Fixed, so never re-drawn. */
export function half(id: string): Half {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'development' : 'held-out';
}
