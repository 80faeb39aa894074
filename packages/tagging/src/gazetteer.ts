import { z } from 'zod';
import { parse } from 'yaml';

/**
 * The gazetteer: states with the names, adjectives/demonyms and seats of power that stand for them,
 * people mapped to a state with their office, and organisations (which are never states).
 * Terms are language-neutral lists: a name rarely means something else in another of our languages,
 * and one list per state is easier to keep complete than five.
 */

const Terms = z.array(z.string().min(1)).default([]);

export const CountryEntry = z.object({
  code: z.string().regex(/^[A-Z]{2}$/),
  /** English short name, as written into CountryMention.name. */
  name: z.string(),
  names: Terms,
  /** Adjectives and demonyms; lower-case where the language writes them so. */
  adj: Terms,
  /** Capitals and seats of government standing for the state (Kreml, Downing Street). */
  seats: Terms,
  /** Other places that locate an event in the state but do not stand for its government. */
  cities: Terms,
});
export type CountryEntry = z.infer<typeof CountryEntry>;

export const PersonEntry = z.object({
  name: z.string(),
  variants: Terms,
  role: z.string().nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
});
export type PersonEntry = z.infer<typeof PersonEntry>;

export const OrganizationEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  variants: Terms,
  /**
   * A bloc or body whose members act together (EU, UN Security Council, G7): its sanctions are
   * measures of many states, so they do not make a relation between two of them.
   */
  bloc: z.boolean().default(false),
});
export type OrganizationEntry = z.infer<typeof OrganizationEntry>;

export const Gazetteer = z
  .object({
    version: z.string(),
    countries: z.array(CountryEntry).min(1),
    people: z.array(PersonEntry).default([]),
    organizations: z.array(OrganizationEntry).default([]),
  })
  .superRefine((g, ctx) => {
    const codes = new Set<string>();
    for (const c of g.countries) {
      if (codes.has(c.code)) ctx.addIssue({ code: 'custom', message: `duplicate country ${c.code}` });
      codes.add(c.code);
    }
    for (const p of g.people) {
      if (p.country && !codes.has(p.country)) {
        ctx.addIssue({ code: 'custom', message: `${p.name}: unknown country ${p.country}` });
      }
    }
  });
export type Gazetteer = z.infer<typeof Gazetteer>;

export interface GazetteerFiles {
  countries: string;
  people: string;
  organizations: string;
}

/** Parses the three gazetteer YAML files (each a document with `version` and a list). */
export function parseGazetteer(files: GazetteerFiles): Gazetteer {
  const countries = parse(files.countries) as { version?: unknown; countries?: unknown };
  const people = parse(files.people) as { people?: unknown };
  const organizations = parse(files.organizations) as { organizations?: unknown };
  return Gazetteer.parse({
    version: countries.version,
    countries: countries.countries,
    people: people.people,
    organizations: organizations.organizations,
  });
}
