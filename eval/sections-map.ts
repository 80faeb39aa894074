/**
 * Publishers' section labels of the news-sections corpus → the subject an editor would expect
 * first. Sections that mix several subjects map to none and only count towards `articles`:
 * derStandard's "Panorama" (crime, accidents, curiosities, society side by side).
 *
 * | corpus | section → subject |
 * | --- | --- |
 * | de (derStandard) | Etat (media) → arts-culture, Inland → politics, International → politics, Kultur → arts-culture, Sport → sport, Web → science-technology, Wirtschaft → economy-business, Wissenschaft → science-technology, Panorama → none |
 * | en (BBC) | business → economy-business, entertainment → arts-culture, politics → politics, sport → sport, tech → science-technology |
 * | fr (BBC Afrique) | business → economy-business, health → health, politics → politics, sports → sport, technology → science-technology |
 * | es (Mexican and Spanish outlets) | Economy → economy-business, Education → education, Entertainment → arts-culture, Health → health, Politics → politics, Science → science-technology, Security → crime-law, Society → society, Sport → sport |
 */
export const SECTION_SUBJECTS: Record<string, Record<string, string>> = {
  de: {
    Etat: 'arts-culture',
    Inland: 'politics',
    International: 'politics',
    Kultur: 'arts-culture',
    Sport: 'sport',
    Web: 'science-technology',
    Wirtschaft: 'economy-business',
    Wissenschaft: 'science-technology',
  },
  en: {
    business: 'economy-business',
    entertainment: 'arts-culture',
    politics: 'politics',
    sport: 'sport',
    tech: 'science-technology',
  },
  fr: {
    business: 'economy-business',
    health: 'health',
    politics: 'politics',
    sports: 'sport',
    technology: 'science-technology',
  },
  es: {
    Economy: 'economy-business',
    Education: 'education',
    Entertainment: 'arts-culture',
    Health: 'health',
    Politics: 'politics',
    Science: 'science-technology',
    Security: 'crime-law',
    Society: 'society',
    Sport: 'sport',
  },
};

/** Articles from sections that map here should get none of the 16 specific topics. */
export const OUT_OF_SCOPE_SUBJECTS = new Set(['sport', 'arts-culture']);

export type Half = 'development' | 'held-out';

/** Which half an article belongs to: FNV-1a of its id, even → development. Fixed, so never re-drawn. */
export function half(id: string): Half {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'development' : 'held-out';
}
