/**
 * Montréal's boroughs and linked cities (data/boroughs.csv) and the resolution of the many ways exports spell them
 * (data/borough-aliases.csv). Reference data is read from the installed package, never from the working directory.
 *
 * Resolution of a raw value: fold it (`foldBoroughName`), then look the folded key up among the aliases, then among the
 * folded official names. Anything else is unknown (the import reports it as a warning with the raw value).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface Borough {
  name: string;
  code: string;
  type: 'borough' | 'linked_city';
  population: number;
}

const DATA = new URL('../../data/', import.meta.url);

function readCsv(file: URL): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, comment: '#', skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
}

let cache: Borough[] | undefined;

/** The 34 official areas: 19 boroughs then 15 linked cities, as in data/boroughs.csv. */
export function loadBoroughs(): Borough[] {
  cache ??= readCsv(new URL('boroughs.csv', DATA)).map((r) => ({
    name: r.name!, code: r.code!, type: r.type as Borough['type'], population: Number(r.population_2016),
  }));
  return cache;
}

/**
 * The folding used for matching: Unicode NFKD with accents removed, lower case, every dash, apostrophe, dot and
 * space run made one space, `st`/`ste` read as `saint`/`sainte`, and a leading `arrondissement de|du|d'` and a leading
 * article (`le`, `la`, `l'`) dropped. `"L ÎLE BIZARD - STE-GENEVIÈVE"` and `"L'Île-Bizard-Sainte-Geneviève"` both give
 * `"ile bizard sainte genevieve"`.
 */
export function foldBoroughName(raw: string): string {
  let s = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  s = s.replace(/[\s\u2010-\u2015\u2212\-'’`.,_/]+/g, ' ').trim();
  s = s.split(' ').map((w) => (w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w)).join(' ');
  s = s.replace(/^arrondissement (de |du |d )?/, '');
  s = s.replace(/^(le|la|l) /, '');
  return s;
}

let resolver: Map<string, string> | undefined;

function buildResolver(): Map<string, string> {
  const map = new Map<string, string>();
  for (const b of loadBoroughs()) map.set(foldBoroughName(b.name), b.name);
  const names = new Set(loadBoroughs().map((b) => b.name));
  for (const r of readCsv(new URL('borough-aliases.csv', DATA))) {
    if (!names.has(r.name!)) throw new Error(`data/borough-aliases.csv: unknown borough name ${r.name} for alias ${r.alias}`);
    map.set(foldBoroughName(r.alias!), r.name!);
  }
  return map;
}

/** The official name a raw value designates, or null when it names no borough or linked city. */
export function resolveBorough(raw: string | null | undefined): string | null {
  if (!raw || !raw.trim()) return null;
  resolver ??= buildResolver();
  return resolver.get(foldBoroughName(raw)) ?? null;
}

/** The borough map of data/montreal-boroughs.geojson: one feature per borough or linked city, rings wound for d3. */
export interface AreaMap {
  attribution: string;
  features: { type: 'Feature'; properties: { name: string; code: string; type: 'borough' | 'linked_city'; lon: number; lat: number };
    geometry: unknown }[];
}

let mapCache: AreaMap | undefined;

/**
 * The borough map of the reports (data/montreal-boroughs.geojson, simplified from the Ville de Montréal's official
 * administrative limits, CC-BY 4.0, by scripts/make-borough-map.ts): 34 features whose `name` is the official name.
 */
export function loadBoroughMap(): AreaMap {
  mapCache ??= JSON.parse(readFileSync(new URL('montreal-boroughs.geojson', DATA), 'utf8')) as AreaMap;
  return mapCache;
}
