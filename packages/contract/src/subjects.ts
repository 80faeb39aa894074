/**
 * The subject layer: the 17 top-level IPTC Media Topics, so every story has a place (a match
 * report goes to `sport`, not to a hard-news topic). Each has its own stream `news.subject.<slug>.v1`.
 */
export const SUBJECTS = [
  { slug: 'arts-culture', iptc: 'medtop:01000000', label: 'arts, culture, entertainment and media' },
  { slug: 'crime-law', iptc: 'medtop:02000000', label: 'crime, law and justice' },
  { slug: 'disaster-accident', iptc: 'medtop:03000000', label: 'disaster, accident and emergency incident' },
  { slug: 'economy-business', iptc: 'medtop:04000000', label: 'economy, business and finance' },
  { slug: 'education', iptc: 'medtop:05000000', label: 'education' },
  { slug: 'environment', iptc: 'medtop:06000000', label: 'environment' },
  { slug: 'health', iptc: 'medtop:07000000', label: 'health' },
  { slug: 'human-interest', iptc: 'medtop:08000000', label: 'human interest' },
  { slug: 'labour', iptc: 'medtop:09000000', label: 'labour' },
  { slug: 'lifestyle-leisure', iptc: 'medtop:10000000', label: 'lifestyle and leisure' },
  { slug: 'politics', iptc: 'medtop:11000000', label: 'politics and government' },
  { slug: 'religion', iptc: 'medtop:12000000', label: 'religion' },
  { slug: 'science-technology', iptc: 'medtop:13000000', label: 'science and technology' },
  { slug: 'society', iptc: 'medtop:14000000', label: 'society' },
  { slug: 'sport', iptc: 'medtop:15000000', label: 'sport' },
  { slug: 'conflict-war-peace', iptc: 'medtop:16000000', label: 'conflict, war and peace' },
  { slug: 'weather', iptc: 'medtop:17000000', label: 'weather' },
] as const;
export const SUBJECT_SLUGS = SUBJECTS.map((s) => s.slug);
export type SubjectSlug = (typeof SUBJECTS)[number]['slug'];
