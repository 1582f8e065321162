/**
 * Texts of the import and validate commands: heading, snapshot time, row accounting, drift checks, and the findings
 * keyed by code with what becomes of their row.
 */
import { int, nEn, nFr, sFr } from './plural.ts';

type Counts = { read: number; inserted: number; updated: number; unchanged: number; stale: number; rejected: number; duplicate_in_file: number };

export const importEn = {
  // import / validate output
  importHeading: (file: string, format: string, source: string, mode: string) =>
    `${file}: format ${format}, source ${source}, mode ${mode}`,
  snapshotLine: (time: string, from: string) => `snapshot time ${time} (${from})`,
  snapshotFrom: { flag: 'from --snapshot-time', name: 'the date in the file name, at local midnight', data: 'newest time in the drop', now: 'newest time in the drop, capped at now' } as Record<string, string>,
  snapshotNameDiffers: (day: string, newest: string, usedName: boolean) =>
    `the file is named after ${day} but its newest time is ${newest}: ${usedName ? 'the snapshot time is the name\'s (open requests are judged on that day)' : 'the snapshot time is the newest time in the drop, later than the name'}; give --snapshot-time if neither is right`,
  accounting: (c: Counts) =>
    `read ${int(c.read, 'en')} = inserted ${int(c.inserted, 'en')} + updated ${int(c.updated, 'en')} + unchanged ${int(c.unchanged, 'en')} + stale ${int(c.stale, 'en')}` +
    ` + rejected ${int(c.rejected, 'en')} + duplicate_in_file ${int(c.duplicate_in_file, 'en')}`,
  noop: (file: string) => `${file}: identical to an earlier drop (same SHA-256): nothing changed`,
  missingFromSnapshot: (n: number) => `${nEn(n, 'stored row', 'stored rows')} absent from this snapshot kept as last known`,
  findingsHeading: 'findings',
  noFindings: 'no findings',
  /** A finding's count, first place and value, after its message (validate --output github|junit). */
  findingDetail: (count: number, where: string | null, value: string | null) =>
    `count ${int(count, 'en')}${where ? `, first at ${where}` : ''}${value === null ? '' : `, value ${value}`}`,
  // drift checks of validate --store (standards drift:); numbers come formatted
  drift: {
    columnMissing: (column: string, previous: string) => `column ${column} of the previous drop (${previous}) is missing`,
    columnAdded: (column: string, previous: string) => `new column ${column}, not in the previous drop (${previous})`,
    columnRenamed: (from: string, to: string, previous: string) => `column ${from} of the previous drop (${previous}) seems renamed ${to}`,
    volume: (month: string, rows: number, perDay: string, base: string, baseRows: number, basePerDay: string, change: string, band: string) =>
      `${month}: ${nEn(rows, 'row', 'rows')}, ${perDay} a day, against ${int(baseRows, 'en')} (${basePerDay} a day) in ${base}: ${change} %, outside the ±${band} % band`,
    what: { unknown_borough: 'an unknown borough', unmapped_category: 'an unmapped category' } as Record<string, string>,
    share: (month: string, what: string, share: string, n: number, of: number, before: string, rise: string, max: string) =>
      `${month}: ${share} % of the rows (${int(n, 'en')} of ${int(of, 'en')}) have ${what}, against ${before} % of the stored rows before: +${rise} points, more than ${max}`,
  },
  validateSummary: (file: string, rows: number, errors: number, warnings: number) =>
    `${file}: ${nEn(rows, 'row', 'rows')}, ${nEn(errors, 'error', 'errors')}, ${nEn(warnings, 'warning', 'warnings')}`,
  rowsRejected: (n: number) => `${nEn(n, 'row', 'rows')} rejected (kept in the rejects table with their text)`,
  progress: { read: 'reading', check: 'checking', write: 'writing' } as Record<string, string>,

  // findings, keyed by code
  finding: {
    missing_id: 'required id is missing',
    missing_created_at: 'creation time is missing',
    bad_time: 'time cannot be parsed',
    created_before_min_date: 'creation time is before --min-date',
    created_after_snapshot: 'creation time is more than a day after the snapshot time',
    malformed_row: 'row does not have the header\'s number of fields',
    inside_open_quote: 'line swallowed by a quoted field opened on an earlier line and not closed there (a stray quote)',
    line_too_long: 'line longer than 8 MB, the most a row may hold',
    duplicate_column: 'the header names this column more than once: the first one is read, the others ignored',
    closed_before_created: 'closed before it was created (kept, left out of durations)',
    closed_after_snapshot: 'closed after the snapshot time (kept)',
    dst_gap: 'local time does not exist (daylight-saving gap): moved one hour later',
    dst_overlap: 'local time is ambiguous (daylight-saving overlap): the earlier instant was taken',
    unknown_status: 'status not recognised: counted as unknown',
    unmapped_category: 'category matches no rule of data/theme-map.csv: theme other',
    unknown_borough: 'borough not recognised (kept without a borough; add the spelling to data/borough-aliases.csv)',
    unknown_nature: 'nature not recognised: treated as a request',
    unknown_channel: 'channel not recognised: counted as other',
    bad_location: 'location is not a usable latitude and longitude (kept without a location)',
    duplicate_id: 'id repeated in the file: the last row wins',
    long_value: 'value longer than 10,000 characters (kept)',
    no_rows: 'the file has a header but no rows',
    repeats_drop: 'rows identical to rows of an earlier drop (stored once)',
    missing_queued_at: 'queue time is missing',
    missing_interval_start: 'interval start is missing',
    bad_interval_minutes: 'interval length is not a whole number of minutes between 1 and 10,080',
    bad_count: 'count is not a whole number ≥ 0',
    within_above_answered: 'answered within the threshold exceeds answered',
    interval_before_min_date: 'interval starts before --min-date',
    interval_after_snapshot: 'interval starts more than a day after the snapshot time',
    outcomes_not_offered: 'answered + abandoned differs from offered (kept as exported)',
    overlaps_stored: 'overlaps a stored interval of another length: the same calls may be counted twice',
    within_without_threshold: 'answered_within without threshold_seconds: its threshold is unknown',
    missing_outcome: 'call outcome is missing',
    unknown_outcome: 'call outcome not recognised (answered, abandoned, timeout, callback, blocked, other)',
    missing_wait: 'wait time is missing',
    bad_number: 'number cannot be read (seconds, or h:mm:ss)',
    negative_wait: 'negative wait time',
    negative_talk: 'negative talk time',
    absurd_wait: 'wait time over a day',
    queued_before_min_date: 'queue time is before --min-date',
    queued_after_snapshot: 'queue time is more than a day after the snapshot time',
    long_wait_suspect: 'wait time over four hours (kept; check the export)',
    unknown_transferred: 'transferred is not true/false (kept as unknown)',
    snapshot_backwards: 'snapshot time earlier than a stored snapshot of the source',
    snapshot_name_differs: 'the date in the file name and the newest time in the drop differ by more than a day',
    columns_missing: 'columns the format reads or the previous drop had are missing (accepted with --allow-missing-columns)',
    unknown_theme: 'theme not recognised (not an id of data/themes.csv): the theme map decides',
  } as Record<string, string>,
  rowFate: { error: 'row rejected', warning: 'row kept' } as Record<string, string>,
  repeatsDrop: (n: number, drop: number, file: string) => `this drop repeats ${nEn(n, 'row', 'rows')} of drop ${drop} (${file}), stored once`,
  snapshotBackwards: (snap: string, last: string, file: string) =>
    `snapshot time ${snap} is earlier than the stored snapshot ${last} of ${file}: changed rows are stale`,
};

export const importFr: typeof importEn = {
  importHeading: (file, format, source, mode) => `${file} : format ${format}, source ${source}, mode ${mode}`,
  snapshotLine: (time, from) => `heure de l'instantané ${time} (${from})`,
  snapshotFrom: { flag: 'donnée par --snapshot-time', name: 'la date du nom du fichier, à minuit heure locale', data: 'heure la plus récente du dépôt', now: "heure la plus récente du dépôt, plafonnée à l'heure actuelle" },
  snapshotNameDiffers: (day, newest, usedName) =>
    `le fichier porte la date du ${day} mais son heure la plus récente est ${newest} : ${usedName ? "l'heure de l'instantané est celle du nom (les requêtes ouvertes sont jugées ce jour-là)" : "l'heure de l'instantané est l'heure la plus récente du dépôt, postérieure au nom"} ; donnez --snapshot-time si aucune ne convient`,
  accounting: (c) =>
    `lues ${int(c.read, 'fr')} = insérées ${int(c.inserted, 'fr')} + mises à jour ${int(c.updated, 'fr')} + inchangées ${int(c.unchanged, 'fr')} + périmées ${int(c.stale, 'fr')}` +
    ` + rejetées ${int(c.rejected, 'fr')} + doublons dans le fichier ${int(c.duplicate_in_file, 'fr')}`,
  noop: (file) => `${file} : identique à un dépôt antérieur (même SHA-256) : rien n'a changé`,
  missingFromSnapshot: (n) => `${nFr(n, 'ligne de la base de données absente de cet instantané, conservée telle quelle', 'lignes de la base de données absentes de cet instantané, conservées telles quelles')}`,
  findingsHeading: 'constats',
  noFindings: 'aucun constat',
  findingDetail: (count, where, value) =>
    `nombre ${int(count, 'fr')}${where ? `, première à ${where}` : ''}${value === null ? '' : `, valeur ${value}`}`,
  drift: {
    columnMissing: (column, previous) => `la colonne ${column} du dépôt précédent (${previous}) est absente`,
    columnAdded: (column, previous) => `nouvelle colonne ${column}, absente du dépôt précédent (${previous})`,
    columnRenamed: (from, to, previous) => `la colonne ${from} du dépôt précédent (${previous}) semble renommée ${to}`,
    volume: (month, rows, perDay, base, baseRows, basePerDay, change, band) =>
      `${month} : ${nFr(rows, 'ligne', 'lignes')}, ${perDay} par jour, contre ${int(baseRows, 'fr')} (${basePerDay} par jour) en ${base} : ${change} %, hors de la bande de ±${band} %`,
    what: { unknown_borough: 'un arrondissement non reconnu', unmapped_category: 'une catégorie sans thème' },
    share: (month, what, share, n, of, before, rise, max) =>
      `${month} : ${share} % des lignes (${int(n, 'fr')} sur ${int(of, 'fr')}) ont ${what}, contre ${before} % des lignes enregistrées auparavant : +${rise} points, plus que ${max}`,
  },
  validateSummary: (file, rows, errors, warnings) =>
    `${file} : ${nFr(rows, 'ligne', 'lignes')}, ${nFr(errors, 'erreur', 'erreurs')}, ${nFr(warnings, 'avertissement', 'avertissements')}`,
  rowsRejected: (n) => `${nFr(n, 'ligne rejetée', 'lignes rejetées')} (${sFr(n, 'conservée avec son texte', 'conservées avec leur texte')} dans la table des rejets)`,
  progress: { read: 'lecture', check: 'contrôle', write: 'écriture' },

  finding: {
    missing_id: "l'identifiant obligatoire est absent",
    missing_created_at: "l'heure de création est absente",
    bad_time: "l'heure ne peut pas être lue",
    created_before_min_date: "l'heure de création est antérieure à --min-date",
    created_after_snapshot: "l'heure de création est plus d'un jour après l'heure de l'instantané",
    malformed_row: "la ligne n'a pas le nombre de champs de l'en-tête",
    inside_open_quote: 'ligne avalée par un champ entre guillemets ouvert sur une ligne précédente et non refermé là (un guillemet isolé)',
    line_too_long: 'ligne de plus de 8 Mo, le maximum pour une ligne',
    duplicate_column: "l'en-tête nomme cette colonne plus d'une fois : la première est lue, les autres ignorées",
    closed_before_created: 'fermée avant sa création (conservée, exclue des durées)',
    closed_after_snapshot: "fermée après l'heure de l'instantané (conservée)",
    dst_gap: "heure locale inexistante (saut de l'heure d'été) : avancée d'une heure",
    dst_overlap: "heure locale ambiguë (retour à l'heure normale) : l'instant le plus tôt est retenu",
    unknown_status: 'statut non reconnu : compté comme inconnu',
    unmapped_category: 'catégorie sans règle dans data/theme-map.csv : thème autre',
    unknown_borough: "arrondissement non reconnu (ligne conservée sans arrondissement ; ajoutez la graphie à data/borough-aliases.csv)",
    unknown_nature: 'nature non reconnue : traitée comme une requête',
    unknown_channel: 'provenance non reconnue : comptée comme autre',
    bad_location: 'latitude et longitude inutilisables (ligne conservée sans emplacement)',
    duplicate_id: 'identifiant répété dans le fichier : la dernière ligne l\'emporte',
    long_value: 'valeur de plus de 10 000 caractères (conservée)',
    no_rows: "le fichier a un en-tête mais aucune ligne",
    repeats_drop: "lignes identiques à celles d'un dépôt antérieur (enregistrées une fois)",
    missing_queued_at: "l'heure d'entrée en file est absente",
    missing_interval_start: "le début de l'intervalle est absent",
    bad_interval_minutes: "la durée de l'intervalle n'est pas un nombre entier de minutes entre 1 et 10 080",
    bad_count: "le compte n'est pas un entier ≥ 0",
    within_above_answered: 'les réponses sous le seuil dépassent les réponses',
    interval_before_min_date: "l'intervalle commence avant --min-date",
    interval_after_snapshot: "l'intervalle commence plus d'un jour après l'heure de l'instantané",
    outcomes_not_offered: 'réponses + abandons diffèrent des appels offerts (conservé tel quel)',
    overlaps_stored: "chevauche un intervalle enregistré d'une autre durée : les mêmes appels risquent d'être comptés deux fois",
    within_without_threshold: 'answered_within sans threshold_seconds : son seuil est inconnu',
    missing_outcome: "l'issue de l'appel est absente",
    unknown_outcome: "issue d'appel non reconnue (answered, abandoned, timeout, callback, blocked, other)",
    missing_wait: "le temps d'attente est absent",
    bad_number: 'nombre illisible (secondes, ou h:mm:ss)',
    negative_wait: "temps d'attente négatif",
    negative_talk: 'durée de conversation négative',
    absurd_wait: "temps d'attente de plus d'un jour",
    queued_before_min_date: "l'entrée en file est antérieure à --min-date",
    queued_after_snapshot: "l'entrée en file est plus d'un jour après l'heure de l'instantané",
    long_wait_suspect: "attente de plus de quatre heures (conservée ; vérifiez l'export)",
    unknown_transferred: "transferred n'est ni vrai ni faux (conservé comme inconnu)",
    snapshot_backwards: "instantané antérieur à un instantané enregistré de la source",
    snapshot_name_differs: "la date du nom du fichier et l'heure la plus récente du dépôt diffèrent de plus d'un jour",
    columns_missing: 'des colonnes que lit le format ou qu\'avait le dépôt précédent manquent (acceptées avec --allow-missing-columns)',
    unknown_theme: "thème non reconnu (pas un identifiant de data/themes.csv) : la table des thèmes décide",
  },
  rowFate: { error: 'ligne rejetée', warning: 'ligne conservée' },
  repeatsDrop: (n, drop, file) => `ce dépôt répète ${nFr(n, 'ligne', 'lignes')} du dépôt ${drop} (${file}), ${sFr(n, 'enregistrée', 'enregistrées')} une seule fois`,
  snapshotBackwards: (snap, last, file) =>
    `l'instantané ${snap} est antérieur à l'instantané enregistré ${last} de ${file} : les lignes modifiées sont périmées`,
};
