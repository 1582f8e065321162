/**
 * Errors and usage messages: files that cannot be read or recognised, bad flags and values, the store's locks and
 * versions, the command line's own errors (commander's, said again), bad periods and ranges.
 */
import { int, nEn, nFr, sEn, sFr } from './plural.ts';

export const errorsEn = {
  fileNotFound: (file: string) => `cannot read ${file}: no such file`,
  fileUnreadable: (file: string, why: string) => `cannot read ${file}: ${why}`,
  emptyFile: (file: string) => `${file} is empty (0 bytes): nothing to import`,
  binaryFile: (file: string, line: number, column: number) =>
    `${file} does not look like text (binary content at line ${line}, column ${column}): not a CSV or JSON export`,
  noLineBreak: (file: string, bytes: number) =>
    `${file}: no line break in its first ${bytes} bytes, so no CSV header can be read (not a CSV export, or a damaged one)`,
  badJson: (file: string, why: string) => `${file} is not a JSON array of records: ${why}`,
  unknownFormat: (file: string, closest: string, missing: string[]) =>
    `${file}: format not recognised from its header; closest is ${closest}, missing ${sEn(missing.length, 'column', 'columns')}: ${missing.join(', ')}` +
    ` (use --format or --map)`,
  formatMissingColumns: (file: string, format: string, missing: string[]) =>
    `${file}: not a ${format} file, missing required ${sEn(missing.length, 'column', 'columns')}: ${missing.join(', ')}`,
  unknownFormatName: (name: string, known: string[]) => `unknown format: ${name} (known: ${known.join(', ')})`,
  emptySource: (source: string) => `the store holds no calls and no requests from the source ${source}: check --source (vigie status lists the sources)`,
  columnsLost: (file: string, format: string, absent: string[], lost: string[], previous: string | null, renamed: { from: string; to: string }[]) => {
    const list = (cols: string[]) => cols.map((c) => { const r = renamed.find((x) => x.from === c); return r ? `${c} (renamed ${r.to}?)` : c; }).join(', ');
    return `${file}: refused, nothing written: ${sEn(absent.length + lost.length, 'a column is', 'columns are')} missing, and the file would be read as if `
      + `${sEn(absent.length + lost.length, 'it were', 'they were')} empty.`
      + (absent.length ? ` The format ${format} reads ${list(absent)}, absent from the file.` : '')
      + (lost.length ? ` The previous drop of this source (${previous ?? '?'}) had ${list(lost)}.` : '')
      + ' If the export really changed, import it with --allow-missing-columns.';
  },
  columnsAllowed: (absent: string[], lost: string[], previous: string | null) =>
    `missing ${sEn(absent.length + lost.length, 'column', 'columns')} accepted with --allow-missing-columns, read as empty: ${[...absent, ...lost].join(', ')}`
    + (lost.length && previous ? ` (the previous drop ${previous} had ${lost.join(', ')})` : ''),
  badEncoding: (file: string, encoding: string, line?: number, column?: number) =>
    `${file}: invalid ${encoding} text${line === undefined ? '' : ` at line ${line}, column ${column}`}; give the file's encoding with`
    + ' --encoding (e.g. --encoding windows-1252)',
  unsupportedEncoding: (name: string) => `unsupported encoding: ${name} (use utf-8, windows-1252, latin1, utf-16le or utf-16be)`,
  badInstant: (flag: string, value: string) =>
    `invalid ${flag}: ${value} (expected a date such as 2018-09-30 or an instant such as 2018-09-30T12:00:00-04:00)`,
  badDate: (flag: string, value: string) => `invalid ${flag}: ${value} (expected YYYY-MM-DD)`,
  badChoice: (flag: string, value: string, allowed: string[], closest: string | null = null) =>
    `invalid ${flag}: ${value} (${closest ? `did you mean ${closest}? ` : ''}allowed: ${allowed.join(', ')})`,
  storeBusy: (store: string, seconds: number) =>
    `store busy: ${store} is locked by another vigie process (waited ${seconds} s); try again when it has finished`,
  storeOpenFailed: (store: string, why: string) => `cannot open the store ${store}: ${why}`,
  storeMissing: (store: string) => `no store at ${store}: import a file first (vigie import FILE) or pass --store`,
  storeTooNew: (store: string, version: number, known: number) =>
    `the store ${store} has schema version ${version}, newer than this vigie understands (${known}): upgrade vigie`,
  importFailed: (file: string, why: string) => `${file}: import failed, the store is unchanged: ${why}`,
  strictRefused: (file: string, n: number) =>
    `${file}: ${nEn(n, 'finding', 'findings')} and --strict was given: nothing was committed, the store is unchanged`,
  unusableNothingCommitted: (file: string) => `${file}: nothing was committed, the store is unchanged`,
  unknownBoroughMapped: (mapFile: string) => `borough not recognised (kept without a borough; add the spelling to boroughs.aliases in ${mapFile})`,
  /** The most frequent unrecognised values of a finding, after its message. */
  mostFrequent: (top: readonly (readonly [string, number])[], total: number) =>
    `; most frequent: ${top.map(([v, n]) => `${v} (${int(n, 'en')})`).join(', ')}${total > top.length ? `, and ${nEn(total - top.length, 'other value', 'other values')}` : ''}`,
  periodOutside: (period: string, covers: string) => `no data for ${period} in the store; ${covers}`,
  examplesIgnored: (n: number) => `${nEn(n, 'example target', 'example targets')} missed, ignored by --fail-on-breach (--include-examples counts ${sEn(n, 'it', 'them')})`,
  fileNotImported: (file: string) => `${file}: not imported, the store is unchanged (the reason is on standard error)`,
  internal: (why: string) => `internal error: ${why} (run again with --verbose for details)`,
  fileSystemFailed: (path: string | null, why: string) => `file system error${path ? ` on ${path}` : ''}: ${why}`,
  /** The command line's own errors (src/cli.ts reads commander's and says them again here): English words are commander's. */
  cmdline: {
    prefix: 'error: ',
    unknownCommand: (name: string) => `unknown command '${name}'`,
    unknownOption: (flag: string) => `unknown option '${flag}'`,
    didYouMean: (names: string[]) => (names.length === 1 ? `(Did you mean ${names[0]}?)` : `(Did you mean one of ${names.join(', ')}?)`),
    missingArgument: (name: string) => `missing required argument '${name}'`,
    optionMissingArgument: (flags: string) => `option '${flags}' argument missing`,
    requiredOption: (flags: string) => `required option '${flags}' not specified`,
    invalidChoice: (flags: string, value: string, choices: string) => `option '${flags}' argument '${value}' is invalid. Allowed choices are ${choices}.`,
    invalidValue: (flags: string, value: string, why: string) => `option '${flags}' argument '${value}' is invalid.${why ? ` ${why}` : ''}`,
    excessArguments: (command: string, expected: number, got: number) =>
      `too many arguments${command ? ` for '${command}'` : ''}. Expected ${expected} argument${expected === 1 ? '' : 's'} but got ${got}.`,
  },
  badNumber: (flag: string, value: string) => `invalid ${flag}: ${value}`,
  badPeriod: (flag: string, value: string) => `invalid ${flag}: ${value} (expected 2018-09, 2018-Q3 or 2018; --from/--to take months)`,
  reversedRange: (from: string, to: string) => `--from ${from} is after --to ${to}: the range runs backwards (did you mean --from ${to} --to ${from}?)`,
  periodAndRange: () => 'give either --period or --from/--to, not both',
};

export const errorsFr: typeof errorsEn = {
  fileNotFound: (file) => `impossible de lire ${file} : fichier introuvable`,
  fileUnreadable: (file, why) => `impossible de lire ${file} : ${why}`,
  emptyFile: (file) => `${file} est vide (0 octet) : rien à importer`,
  binaryFile: (file, line, column) =>
    `${file} ne ressemble pas à du texte (contenu binaire à la ligne ${line}, colonne ${column}) : ce n'est pas un export CSV ou JSON`,
  noLineBreak: (file, bytes) =>
    `${file} : aucun saut de ligne dans ses ${bytes} premiers octets, aucun en-tête CSV ne peut être lu (pas un export CSV, ou un export abîmé)`,
  badJson: (file, why) => `${file} n'est pas un tableau JSON d'enregistrements : ${why}`,
  unknownFormat: (file, closest, missing) =>
    `${file} : format non reconnu d'après l'en-tête ; le plus proche est ${closest}, ${sFr(missing.length, 'colonne manquante', 'colonnes manquantes')} : ` +
    `${missing.join(', ')} (utilisez --format ou --map)`,
  formatMissingColumns: (file, format, missing) =>
    `${file} : ce n'est pas un fichier ${format}, ${sFr(missing.length, 'colonne obligatoire manquante', 'colonnes obligatoires manquantes')} : ${missing.join(', ')}`,
  unknownFormatName: (name, known) => `format inconnu : ${name} (connus : ${known.join(', ')})`,
  emptySource: (source) => `la base de données ne contient aucun appel ni aucune requête de la source ${source} : vérifiez --source (vigie status liste les sources)`,
  columnsLost: (file, format, absent, lost, previous, renamed) => {
    const list = (cols: string[]) => cols.map((c) => { const r = renamed.find((x) => x.from === c); return r ? `${c} (renommée ${r.to} ?)` : c; }).join(', ');
    const n = absent.length + lost.length;
    return `${file} : refusé, rien n'a été écrit : ${sFr(n, 'une colonne manque', 'des colonnes manquent')}, et le fichier serait lu comme si `
      + `${sFr(n, 'elle était vide', 'elles étaient vides')}.`
      + (absent.length ? ` Le format ${format} lit ${list(absent)}, ${sFr(absent.length, 'absente', 'absentes')} du fichier.` : '')
      + (lost.length ? ` Le dépôt précédent de cette source (${previous ?? '?'}) avait ${list(lost)}.` : '')
      + " Si l'export a vraiment changé, importez-le avec --allow-missing-columns.";
  },
  columnsAllowed: (absent, lost, previous) =>
    `${sFr(absent.length + lost.length, 'colonne manquante acceptée', 'colonnes manquantes acceptées')} avec --allow-missing-columns, `
    + `${sFr(absent.length + lost.length, 'lue comme vide', 'lues comme vides')} : ${[...absent, ...lost].join(', ')}`
    + (lost.length && previous ? ` (le dépôt précédent ${previous} avait ${lost.join(', ')})` : ''),
  badEncoding: (file, encoding, line, column) =>
    `${file} : texte ${encoding} invalide${line === undefined ? '' : ` à la ligne ${line}, colonne ${column}`} ; indiquez l'encodage du`
    + ' fichier avec --encoding (p. ex. --encoding windows-1252)',
  unsupportedEncoding: (name) => `encodage non pris en charge : ${name} (utilisez utf-8, windows-1252, latin1, utf-16le ou utf-16be)`,
  badInstant: (flag, value) =>
    `${flag} invalide : ${value} (attendu : une date comme 2018-09-30 ou un instant comme 2018-09-30T12:00:00-04:00)`,
  badDate: (flag, value) => `${flag} invalide : ${value} (attendu : AAAA-MM-JJ)`,
  badChoice: (flag, value, allowed, closest = null) =>
    `${flag} invalide : ${value} (${closest ? `vouliez-vous dire ${closest} ? ` : ''}valeurs permises : ${allowed.join(', ')})`,
  storeBusy: (store, seconds) =>
    `base de données occupée : ${store} est verrouillé par un autre processus vigie (attente de ${seconds} s) ; réessayez quand il aura fini`,
  storeOpenFailed: (store, why) => `impossible d'ouvrir la base de données ${store} : ${why}`,
  storeMissing: (store) => `aucune base de données à ${store} : importez d'abord un fichier (vigie import FICHIER) ou passez --store`,
  storeTooNew: (store, version, known) =>
    `la base de données ${store} a la version de schéma ${version}, plus récente que celle que ce vigie connaît (${known}) : mettez vigie à jour`,
  importFailed: (file, why) => `${file} : échec de l'import, la base de données est inchangée : ${why}`,
  strictRefused: (file, n) =>
    `${file} : ${nFr(n, 'constat', 'constats')} et --strict est demandé : rien n'a été enregistré, la base de données est inchangée`,
  unusableNothingCommitted: (file) => `${file} : rien n'a été enregistré, la base de données est inchangée`,
  unknownBoroughMapped: (mapFile) => `arrondissement non reconnu (ligne conservée sans arrondissement ; ajoutez la graphie à boroughs.aliases dans ${mapFile})`,
  mostFrequent: (top, total) =>
    ` ; les plus fréquents : ${top.map(([v, n]) => `${v} (${int(n, 'fr')})`).join(', ')}${total > top.length ? `, et ${nFr(total - top.length, 'autre valeur', 'autres valeurs')}` : ''}`,
  periodOutside: (period, covers) => `aucune donnée pour ${period} dans la base ; ${covers}`,
  examplesIgnored: (n) => `${nFr(n, 'cible d\'exemple non respectée', 'cibles d\'exemple non respectées')}, ${sFr(n, 'ignorée', 'ignorées')} par --fail-on-breach (--include-examples ${sFr(n, 'la compte', 'les compte')})`,
  fileNotImported: (file) => `${file} : non importé, la base de données est inchangée (la raison est sur la sortie d'erreur)`,
  internal: (why) => `erreur interne : ${why} (relancez avec --verbose pour le détail)`,
  fileSystemFailed: (path, why) => `erreur du système de fichiers${path ? ` sur ${path}` : ''} : ${why}`,
  cmdline: {
    prefix: 'vigie: ',
    unknownCommand: (name) => `commande inconnue : ${name} (vigie --help les énumère)`,
    unknownOption: (flag) => `option inconnue : ${flag}`,
    didYouMean: (names) => (names.length === 1 ? `(vouliez-vous dire ${names[0]} ?)` : `(vouliez-vous dire l'une de ${names.join(', ')} ?)`),
    missingArgument: (name) => `argument obligatoire manquant : ${({ files: 'les fichiers à lire', file: 'le fichier de normes', format: "le format d'export" } as Record<string, string>)[name] ?? name}`,
    optionMissingArgument: (flags) => `l'option ${flags} attend une valeur`,
    requiredOption: (flags) => `option obligatoire absente : ${flags}`,
    invalidChoice: (flags, value, choices) => `${flags.split(' ')[0]} invalide : ${value} (valeurs permises : ${choices})`,
    invalidValue: (flags, value, why) => `${flags.split(' ')[0]} invalide : ${value}${why ? ` (${why})` : ''}`,
    excessArguments: (command, expected, got) =>
      `trop d'arguments${command ? ` pour ${command}` : ''} : ${nFr(expected, 'attendu', 'attendus')}, ${nFr(got, 'donné', 'donnés')}`,
  },
  badNumber: (flag, value) => `${flag} invalide : ${value}`,
  badPeriod: (flag, value) => `${flag} invalide : ${value} (attendu : 2018-09, 2018-Q3 ou 2018 ; --from/--to prennent des mois)`,
  reversedRange: (from, to) => `--from ${from} est postérieur à --to ${to} : l'intervalle est inversé (vouliez-vous dire --from ${to} --to ${from} ?)`,
  periodAndRange: () => 'donnez --period ou --from/--to, pas les deux',
};
