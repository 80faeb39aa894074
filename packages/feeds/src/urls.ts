/**
 * Resolve a possibly relative reference. Without a usable base the reference is returned as
 * written rather than dropped: a relative link is still better than none.
 */
export function resolveUrl(reference: string, base: string | null | undefined): string | null {
  const trimmed = reference.trim();
  if (!trimmed) return base ?? null;
  // Absolute references stay exactly as written (URL() would add a trailing slash, re-case, ...).
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return trimmed;
  }
}
