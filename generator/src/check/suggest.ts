import damerauLevenshtein from "damerau-levenshtein";

/** The candidate closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = typoDistance(lower, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(1, Math.floor(Math.max(name.length, best.length) / 3))
    ? best
    : undefined;
}

/**
 * Edits between two names, counting two swapped neighbours as one edit ("emial" → "email"), as
 * people type them (Damerau–Levenshtein distance).
 */
export function typoDistance(a: string, b: string): number {
  return damerauLevenshtein(a, b).steps;
}
