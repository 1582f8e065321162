/** The `borough_groups:` section of a standards file: named sets of boroughs that reports compare with the others. */
import { resolveBorough } from '../boroughs.ts';
import type { Checker } from './check.ts';

/** A named set of boroughs that reports compare with the others (canonical names, file order). */
export interface BoroughGroup {
  name: string;
  boroughs: string[];
}

/** Checks `borough_groups:` (missing or null: none): each group a non-empty list of known boroughs, each once. */
export function checkBoroughGroups(bg: unknown, { x, bad }: Checker): BoroughGroup[] {
  if (bg === undefined || bg === null) return [];
  if (typeof bg !== 'object' || Array.isArray(bg)) throw bad('borough_groups', bg, x.groups);
  return Object.entries(bg as Record<string, unknown>).map(([name, list]) => {
    const key = `borough_groups.${name}`;
    if (!name.trim()) throw bad('borough_groups', name, x.groups);
    if (!Array.isArray(list) || list.length === 0) throw bad(key, list, x.groupBoroughs);
    const boroughs: string[] = [];
    list.forEach((b: unknown, i) => {
      const canonical = typeof b === 'string' ? resolveBorough(b) : null;
      if (canonical === null) throw bad(`${key}[${i}]`, b, x.boroughName);
      if (boroughs.includes(canonical)) throw bad(`${key}[${i}]`, b, x.boroughOnce(canonical));
      boroughs.push(canonical);
    });
    return { name, boroughs };
  });
}
