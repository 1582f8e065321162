/**
 * Texts of the status, export and demo commands, and the column headings of their tables.
 */
import { int, nEn, nFr, sEn, sFr } from './plural.ts';

export const statusEn = {
  demoWrote: (dir: string, n: number, seed: number, scale: number) =>
    `demo: ${int(n, 'en')} synthetic contacts (seed ${seed}, scale ${scale}) written as Montréal requetes311 snapshots in ${dir}/`,
  demoDone: (secs: string) => `demo ready in ${secs} s`,
  demoWroteCalls: (n: number) => `demo: ${int(n, 'en')} synthetic calls written as vigie-calls logs`,
  demoExplore: (store: string) => `explore it with: vigie status --store ${store}`,

  // status
  statusStore: (store: string, v: number) => `store ${store} (schema ${v})`,
  statusNoDrops: 'no drops imported yet',
  statusAsOf: (asOf: string) => `as of ${asOf}`,
  statusSource: (source: string, rows: number, kind: string, from: string | null, to: string | null) =>
    `${source}: ${nEn(rows, 'row', 'rows')} (${kind}), from ${from ?? '–'} to ${to ?? '–'}`,
  statusRejects: (n: number) => `${nEn(n, 'rejected row', 'rejected rows')} in the rejects table`,
  statusKept: (file: string, sha: string, drop: number | null, current: boolean) =>
    `ticket deadlines kept under ${file} (sha256 ${sha}…), up to drop ${drop ?? '(none)'}${current ? ''
      : ': older than the latest tickets drop, so compliance computes the deadlines (run vigie standards apply again)'}`,

  // export
  exportUnknownFormat: (name: string, known: string[]) =>
    `unknown export format: ${name} (known: ${known.join(', ')}); the argument names the output format`,
  badMonth: (flag: string, value: string) => `invalid ${flag}: ${value} (expected a month such as 2018-09)`,
  monthRange: (from: string, to: string) => `invalid months: --from ${from} is after --to ${to}`,
  exportUnknownSource: (name: string, known: string[]) =>
    `unknown source: ${name} (sources in the store: ${known.length ? known.join(', ') : 'none'})`,
  exportNeedsSource: (format: string, sources: string[]) =>
    `the store holds tickets of ${sources.length} sources (${sources.join(', ')}) and a ${format} file has no source` +
    ` column: choose one with --source`,
  exportWriteFailed: (out: string, why: string) => `cannot write ${out}: ${why}`,
  exportWroteParquet: (rows: number, files: number, dir: string) => `wrote ${nEn(rows, 'row', 'rows')} in ${nEn(files, 'Parquet file', 'Parquet files')} under ${dir}`,
  exportWroteCsv: (rows: number, format: string, file: string) => `wrote ${nEn(rows, 'row', 'rows')} as ${format} to ${file}`,
  exportOtherFiles: (n: number, dir: string) =>
    `${dir} also holds ${nEn(n, 'other Parquet file', 'other Parquet files')} not written by this export (an earlier export?): a reader of the whole` +
    ` folder will see ${sEn(n, 'it', 'them')} too`,
  col: {
    drop: 'drop', file: 'file', source: 'source', format: 'format', kind: 'kind', snapshot: 'snapshot', rows: 'rows',
    from: 'from', to: 'to', borough: 'borough', theme: 'theme', queue: 'queue', month: 'month', week: 'week', day: 'day', read: 'read', inserted: 'inserted', updated: 'updated',
    unchanged: 'unchanged', stale: 'stale', rejected: 'rejected', duplicate: 'dup. in file', severity: 'severity',
    code: 'code', count: 'count', where: 'first at', value: 'value', message: 'message', none: '(none)',
  } as Record<string, string>,
};

export const statusFr: typeof statusEn = {
  demoWrote: (dir, n, seed, scale) =>
    `démo : ${int(n, 'fr')} contacts synthétiques (graine ${seed}, échelle ${scale}) écrits en instantanés requetes311 de Montréal dans ${dir}/`,
  demoDone: (secs) => `démo prête en ${secs} s`,
  demoWroteCalls: (n) => `démo : ${int(n, 'fr')} appels synthétiques écrits en journaux vigie-calls`,
  demoExplore: (store) => `pour l'explorer : vigie status --store ${store}`,

  statusStore: (store, v) => `base de données ${store} (schéma ${v})`,
  statusNoDrops: 'aucun dépôt importé',
  statusAsOf: (asOf) => `en date du ${asOf}`,
  statusSource: (source, rows, kind, from, to) => `${source} : ${nFr(rows, 'ligne', 'lignes')} (${kind}), du ${from ?? '–'} au ${to ?? '–'}`,
  statusRejects: (n) => `${nFr(n, 'ligne rejetée', 'lignes rejetées')} dans la table des rejets`,
  statusKept: (file, sha, drop, current) =>
    `échéances des requêtes conservées selon ${file} (sha256 ${sha}…), jusqu'à l'import ${drop ?? '(aucun)'}${current ? ''
      : ` : antérieures au dernier import de requêtes, la conformité calcule donc les échéances (relancez vigie standards apply)`}`,

  exportUnknownFormat: (name, known) =>
    `format d'export inconnu : ${name} (connus : ${known.join(', ')}) ; l'argument nomme le format de sortie`,
  badMonth: (flag, value) => `${flag} invalide : ${value} (attendu : un mois comme 2018-09)`,
  monthRange: (from, to) => `mois invalides : --from ${from} est après --to ${to}`,
  exportUnknownSource: (name, known) =>
    `source inconnue : ${name} (sources de la base de données : ${known.length ? known.join(', ') : 'aucune'})`,
  exportNeedsSource: (format, sources) =>
    `la base de données contient des requêtes de ${sources.length} sources (${sources.join(', ')}) et un fichier ${format} n'a pas` +
    ` de colonne source : choisissez-en une avec --source`,
  exportWriteFailed: (out, why) => `impossible d'écrire ${out} : ${why}`,
  exportWroteParquet: (rows, files, dir) => `${nFr(rows, 'ligne écrite', 'lignes écrites')} dans ${nFr(files, 'fichier Parquet', 'fichiers Parquet')} sous ${dir}`,
  exportWroteCsv: (rows, format, file) => `${nFr(rows, 'ligne écrite', 'lignes écrites')} en ${format} dans ${file}`,
  exportOtherFiles: (n, dir) =>
    `${dir} contient aussi ${nFr(n, 'autre fichier Parquet non écrit', 'autres fichiers Parquet non écrits')} par cet export (un export antérieur ?) : un lecteur` +
    ` du dossier entier ${sFr(n, 'le verra', 'les verra')} aussi`,
  col: {
    drop: 'dépôt', file: 'fichier', source: 'source', format: 'format', kind: 'type', snapshot: 'instantané', rows: 'lignes',
    from: 'du', to: 'au', borough: 'arrondissement', theme: 'thème', queue: 'file', month: 'mois', week: 'semaine', day: 'jour', read: 'lues', inserted: 'insérées', updated: 'mises à jour',
    unchanged: 'inchangées', stale: 'périmées', rejected: 'rejetées', duplicate: 'doublons', severity: 'gravité',
    code: 'code', count: 'nombre', where: 'première à', value: 'valeur', message: 'message', none: '(aucun)',
  },
};
