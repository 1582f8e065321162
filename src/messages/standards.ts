/**
 * Texts of the standards file and command: invalid keys and what each allows, check, show, init, apply and remove.
 */
import { int, nEn, nFr, sEn, sFr } from './plural.ts';

export const standardsEn = {
  badStandards: (file: string, key: string, value: string, allowed: string) =>
    `standards file ${file}: invalid ${key}: ${value} (expected ${allowed})`,
  badMapping: (file: string, key: string, value: string, allowed: string) =>
    `mapping file ${file}: invalid ${key}: ${value} (expected ${allowed})`,
  // standards file: what a key allows (badStandards' last argument), and the standards command
  stdMissing: '(missing)',
  stdExpected: {
    yaml: 'valid YAML or JSON',
    mapping: 'a mapping of keys',
    mappingOf: (keys: string[]) => `a mapping of ${keys.join(', ')}`,
    oneOf: (values: string[]) => `one of ${values.join(', ')}`,
    oneOfOrGlob: (key: string, values: string[]) => `a ${key} among ${values.join(', ')}, or a glob matching one`,
    name: 'a name',
    locale: 'fr, fr-CA, en or en-CA',
    zone: 'an IANA zone such as America/Toronto',
    minN: 'a whole number ≥ 1',
    fraction: 'a fraction between 0 and 1 (0.80 for 80 %)',
    seconds: 'a number of seconds ≥ 0',
    shrinkage: 'a fraction from 0 up to (not including) 1, e.g. 0.30',
    cost: 'an amount ≥ 0 per agent-hour',
    currency: 'an ISO 4217 code such as CAD',
    boundary: '"<" (under T) or "<=" (within T)',
    shortAbandon: 'at most calls.service_level.threshold_seconds',
    weekdays: 'weekdays among mon, tue, wed, thu, fri, sat, sun: one day (sat), a range (mon-fri) or a list (mon,wed)',
    weekdayOnce: (day: string, other: string) => `each weekday once (${day} is already given by ${other})`,
    hours: 'opening hours "HH:MM-HH:MM", a list of them (["08:30-12:00", "13:00-16:30"]) or closed',
    openBeforeClose: 'an opening time before the closing time, between 00:00 and 24:00',
    noOverlap: (a: string, b: string) => `opening spans that do not overlap (${a} and ${b} do)`,
    holidays: 'quebec (Québec statutory holidays, computed for any year) or none',
    dates: 'a list of days off, "MM-DD" (every year) or "YYYY-MM-DD" (one date)',
    date: 'a real date, "MM-DD" (every year) or "YYYY-MM-DD" (one date, year 1900 to 2199)',
    dateOnce: 'each date once',
    addRemove: (other: string) => `a date that is not also in ${other}`,
    rules: 'a list of rules, each like { match: { theme: roads_snow }, due: "5 business days", target: 0.90 }',
    match: 'a mapping of theme, category, borough, channel, nature, with at least one of them',
    globs: 'a glob (* any run of characters, ? one character) or a non-empty list of globs',
    theme: (ids: string[]) => `a theme id of data/themes.csv, or a glob matching one: ${ids.join(', ')}`,
    borough: 'a borough or linked city (official name or known spelling), or a glob such as Saint-*',
    boroughName: 'a borough or linked city (official name or known spelling)',
    boroughOnce: (name: string) => `each borough once per group (${name} is already listed)`,
    due: 'a delay such as "5 business days", "30 days" or "48 hours" (French: "5 jours ouvrables", "30 jours", "48 heures"), a whole number from 1 to 10000',
    boolean: 'true or false',
    text: 'a non-empty text',
    ruleName: 'a non-empty name, or one name per language: { fr: Nids-de-poule, en: Potholes }',
    groups: 'a mapping of group names to lists of boroughs',
    groupBoroughs: 'a non-empty list of boroughs',
    band: 'a number > 0 (0.30 for a ±30 % band), or null to skip this comparison',
  },
  stdValid: (file: string, city: string, zone: string, calls: string, calendar: string, tickets: string, groups: number) =>
    `${file} is a valid standards file. City: ${city || '(not given)'}, zone ${zone}. Calls: ${calls}. Calendar: ${calendar}.` +
    ` Tickets: ${tickets}.${groups ? ` ${nEn(groups, 'borough group', 'borough groups')}.` : ''}`,
  stdServiceLevel: (target: string | null, strict: boolean, seconds: number, variant: string) =>
    `service level ${target === null ? '(no target): share' : `≥ ${target}`} of calls answered` +
    ` ${strict ? 'in under' : 'within'} ${seconds} s (variant ${variant})`,
  stdAbandonment: (max: string | null, short: number) =>
    `abandonment ${max === null ? '(no ceiling)' : `≤ ${max}`} of offered calls${short > 0 ? ` (abandons within ${short} s left out)` : ''}`,
  stdLongWait: (max: string | null, seconds: number) =>
    `long waits ${max === null ? '(no ceiling)' : `≤ ${max}`} of offered calls (${seconds} s or more)`,
  stdHolidays: (quebec: boolean, added: string[], removed: string[]) =>
    `${quebec ? 'Québec statutory holidays' : 'no statutory holidays'}${added.length ? `, plus ${added.join(', ')}` : ''}` +
    `${removed.length ? `, minus ${removed.join(', ')}` : ''}`,
  stdTickets: (n: number, examples: number, variant: string, clock: string, cohort: string) =>
    `${nEn(n, 'rule', 'rules')}, ${int(examples, 'en')} marked example; on-time ${variant}, ${clock === 'business' ? 'business-hours' : 'calendar'} clock,` +
    ` cohorts by month of ${cohort === 'created' ? 'creation' : 'close'}`,
  stdClosed: 'closed',
  stdSep: '; ',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  weekdaysShort: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  stdShowFile: (file: string, sha: string) => `standards file ${file} (sha256 ${sha})`,
  stdShowCity: (city: string, locale: string, zone: string, minN: number) =>
    `${city || '(city not given)'}: locale ${locale}, zone ${zone}; groups of fewer than ${minN} get no verdict (too_few)`,
  stdShowCalls: 'Calls',
  stdShowHours: (zone: string) => `Business hours (${zone} time)`,
  stdShowHolidays: (year: number, n: number, how: string) => `Days off in ${year}: ${n} (${how})`,
  stdShowRules: (clock: string, variant: string, cohort: string) =>
    `Ticket rules: first match wins, a ticket no rule matches has no target (no_target); on-time ${variant},` +
    ` ${clock === 'business' ? 'business-hours' : 'calendar'} clock, cohorts by month of ${cohort === 'created' ? 'creation' : 'close'}`,
  stdNoRules: 'no ticket rules: only tickets whose source gives a due date have a target',
  stdExamples: (n: number) =>
    `${nEn(n, 'rule', 'rules')} marked example ${sEn(n, 'is an illustration, not an adopted standard', 'are illustrations, not adopted standards')}: every output that uses ${sEn(n, 'it', 'them')} says so, and` +
    ` --fail-on-breach ignores ${sEn(n, 'it', 'them')} unless --include-examples is given`,
  stdShowGroups: 'Borough groups',
  /** A rule's delay in words, whatever language the standards file wrote it in. */
  dueWords: (n: number, unit: 'business_days' | 'days' | 'hours') =>
    unit === 'business_days' ? nEn(n, 'business day', 'business days') : unit === 'days' ? nEn(n, 'day', 'days') : nEn(n, 'hour', 'hours'),
  stdMoved: (from: string, weekday: string) => `moved from ${from} (${weekday})`,
  stdOrigin: { statutory: 'statutory', added: 'added by the file' } as Record<string, string>,
  stdYes: 'yes',
  stdCol: {
    day: 'day', hours: 'hours', date: 'date', weekday: 'weekday', nameFr: 'name (French)', nameEn: 'name (English)',
    origin: 'origin', note: 'note', rule: 'rule', match: 'applies to', due: 'due', target: 'target', example: 'example',
    group: 'group', boroughs: 'boroughs',
  } as Record<string, string>,
  badYear: (flag: string, value: string) => `invalid ${flag}: ${value} (expected a year such as 2018)`,
  stdInitWrote: (file: string) => `wrote ${file}: edit it, then check it with: vigie standards check ${file}`,
  stdInitExists: (file: string) => `${file} already exists: give --force to overwrite it, or choose another file with --out`,
  stdApplied: (store: string, n: number, file: string, secs: string) =>
    `${store}: deadlines of ${nEn(n, 'ticket', 'tickets')} kept under ${file} (${secs} s). Compliance reads them while it runs under the same `
    + 'zone, calendar, clock and rules and without --as-of; every tickets import keeps them up to date.',
  stdRemoved: (store: string, had: boolean) => (had ? `${store}: kept deadlines removed; compliance computes each ticket's deadline at each query`
    : `${store}: no kept deadlines to remove`),
};

export const standardsFr: typeof standardsEn = {
  badStandards: (file, key, value, allowed) =>
    `fichier de normes ${file} : ${key} invalide : ${value} (attendu : ${allowed})`,
  badMapping: (file, key, value, allowed) =>
    `fichier de correspondance ${file} : ${key} invalide : ${value} (attendu : ${allowed})`,
  stdMissing: '(absent)',
  stdExpected: {
    yaml: 'du YAML ou du JSON valide',
    mapping: 'un dictionnaire de clés',
    mappingOf: (keys) => `un dictionnaire de ${keys.join(', ')}`,
    oneOf: (values) => `une valeur parmi ${values.join(', ')}`,
    oneOfOrGlob: (key, values) => `un ${key} parmi ${values.join(', ')}, ou un motif qui en désigne un`,
    name: 'un nom',
    locale: 'fr, fr-CA, en ou en-CA',
    zone: 'un fuseau IANA comme America/Toronto',
    minN: 'un nombre entier ≥ 1',
    fraction: 'une fraction entre 0 et 1 (0.80 pour 80 %)',
    seconds: 'un nombre de secondes ≥ 0',
    shrinkage: 'une fraction de 0 à 1 (exclu), par exemple 0.30',
    cost: 'un montant ≥ 0 par heure-agent',
    currency: 'un code ISO 4217 comme CAD',
    boundary: '"<" (en moins de T) ou "<=" (en T au plus)',
    shortAbandon: 'au plus calls.service_level.threshold_seconds',
    weekdays: 'des jours parmi mon, tue, wed, thu, fri, sat, sun (lundi à dimanche) : un jour (sat), un intervalle (mon-fri) ou une liste (mon,wed)',
    weekdayOnce: (day, other) => `chaque jour une seule fois (${day} est déjà donné par ${other})`,
    hours: 'des heures d\'ouverture "HH:MM-HH:MM", une liste de celles-ci (["08:30-12:00", "13:00-16:30"]) ou closed (fermé)',
    openBeforeClose: "une heure d'ouverture avant l'heure de fermeture, entre 00:00 et 24:00",
    noOverlap: (a, b) => `des plages d'ouverture qui ne se chevauchent pas (${a} et ${b} se chevauchent)`,
    holidays: 'quebec (jours fériés du Québec, calculés pour toute année) ou none (aucun)',
    dates: 'une liste de jours de congé, "MM-JJ" (chaque année) ou "AAAA-MM-JJ" (une date)',
    date: 'une date réelle, "MM-JJ" (chaque année) ou "AAAA-MM-JJ" (une date, année de 1900 à 2199)',
    dateOnce: 'chaque date une seule fois',
    addRemove: (other) => `une date qui ne figure pas aussi dans ${other}`,
    rules: 'une liste de règles, chacune comme { match: { theme: roads_snow }, due: "5 jours ouvrables", target: 0.90 }',
    match: 'un dictionnaire de theme, category, borough, channel, nature, avec au moins une de ces clés',
    globs: 'un motif (* toute suite de caractères, ? un caractère) ou une liste non vide de motifs',
    theme: (ids) => `un identifiant de thème de data/themes.csv, ou un motif qui en désigne un : ${ids.join(', ')}`,
    borough: 'un arrondissement ou une ville liée (nom officiel ou graphie connue), ou un motif comme Saint-*',
    boroughName: 'un arrondissement ou une ville liée (nom officiel ou graphie connue)',
    boroughOnce: (name) => `chaque arrondissement une seule fois par groupe (${name} y figure déjà)`,
    due: 'un délai comme "5 jours ouvrables", "30 jours" ou "48 heures" (en anglais : "5 business days", "30 days", "48 hours"), un nombre entier de 1 à 10000',
    boolean: 'true ou false',
    text: 'un texte non vide',
    ruleName: 'un nom non vide, ou un nom par langue : { fr: Nids-de-poule, en: Potholes }',
    groups: "un dictionnaire associant des noms de groupe à des listes d'arrondissements",
    groupBoroughs: "une liste non vide d'arrondissements",
    band: 'un nombre > 0 (0.30 pour une bande de ±30 %), ou null pour sauter cette comparaison',
  },
  stdValid: (file, city, zone, calls, calendar, tickets, groups) =>
    `${file} est un fichier de normes valide. Ville : ${city || '(non précisée)'}, fuseau ${zone}. Appels : ${calls}.` +
    ` Calendrier : ${calendar}. Requêtes : ${tickets}.${groups ? ` ${nFr(groups, "groupe d'arrondissements", "groupes d'arrondissements")}.` : ''}`,
  stdServiceLevel: (target, strict, seconds, variant) =>
    `niveau de service ${target === null ? '(sans cible) : part' : `≥ ${target}`} des appels répondus` +
    ` ${strict ? 'en moins de' : 'en'} ${seconds} s${strict ? '' : ' au plus'} (variante ${variant})`,
  stdAbandonment: (max, short) =>
    `abandons ${max === null ? '(sans plafond)' : `≤ ${max}`} des appels offerts${short > 0 ? ` (abandons en ${short} s ou moins exclus)` : ''}`,
  stdLongWait: (max, seconds) =>
    `attentes longues ${max === null ? '(sans plafond)' : `≤ ${max}`} des appels offerts (${seconds} s ou plus)`,
  stdHolidays: (quebec, added, removed) =>
    `${quebec ? 'jours fériés du Québec' : 'aucun jour férié légal'}${added.length ? `, plus ${added.join(', ')}` : ''}` +
    `${removed.length ? `, moins ${removed.join(', ')}` : ''}`,
  stdTickets: (n, examples, variant, clock, cohort) =>
    `${nFr(n, 'règle', 'règles')}, dont ${int(examples, 'fr')} ${sFr(examples, 'marquée', 'marquées')} exemple ; respect des délais ${variant}, horloge ` +
    `${clock === 'business' ? 'des heures ouvrables' : 'calendaire'}, cohortes par mois ${cohort === 'created' ? 'de création' : 'de fermeture'}`,
  stdClosed: 'fermé',
  stdSep: ' ; ',
  weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  weekdaysShort: ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'],
  stdShowFile: (file, sha) => `fichier de normes ${file} (sha256 ${sha})`,
  stdShowCity: (city, locale, zone, minN) =>
    `${city || '(ville non précisée)'} : langue ${locale}, fuseau ${zone} ; les groupes de moins de ${minN} n'ont pas de verdict (too_few)`,
  stdShowCalls: 'Appels',
  stdShowHours: (zone) => `Heures ouvrables (fuseau ${zone})`,
  stdShowHolidays: (year, n, how) => `Jours de congé en ${year} : ${int(n, 'fr')} (${how})`,
  stdShowRules: (clock, variant, cohort) =>
    `Règles des requêtes : la première qui correspond s'applique, une requête sans règle n'a pas de cible (no_target) ;` +
    ` respect des délais ${variant}, horloge ${clock === 'business' ? 'des heures ouvrables' : 'calendaire'},` +
    ` cohortes par mois ${cohort === 'created' ? 'de création' : 'de fermeture'}`,
  stdNoRules: "aucune règle de requêtes : seules les requêtes dont la source donne une échéance ont une cible",
  stdExamples: (n) =>
    `${nFr(n, 'règle marquée', 'règles marquées')} exemple ${sFr(n, 'est une illustration, pas une norme adoptée', 'sont des illustrations, pas des normes adoptées')} : chaque sortie qui s'en sert le` +
    ` dit, et --fail-on-breach ${sFr(n, "l'ignore", 'les ignore')} sauf si --include-examples est donné`,
  stdShowGroups: "Groupes d'arrondissements",
  dueWords: (n, unit) =>
    unit === 'business_days' ? nFr(n, 'jour ouvrable', 'jours ouvrables') : unit === 'days' ? nFr(n, 'jour', 'jours') : nFr(n, 'heure', 'heures'),
  stdMoved: (from, weekday) => `déplacé du ${from} (${weekday})`,
  stdOrigin: { statutory: 'légal', added: 'ajouté par le fichier' },
  stdYes: 'oui',
  stdCol: {
    day: 'jour', hours: 'heures', date: 'date', weekday: 'jour', nameFr: 'nom (français)', nameEn: 'nom (anglais)',
    origin: 'origine', note: 'note', rule: 'règle', match: "s'applique à", due: 'délai', target: 'cible', example: 'exemple',
    group: 'groupe', boroughs: 'arrondissements',
  },
  badYear: (flag, value) => `${flag} invalide : ${value} (attendu : une année comme 2018)`,
  stdInitWrote: (file) => `${file} écrit : modifiez-le, puis vérifiez-le avec : vigie standards check ${file}`,
  stdInitExists: (file) => `${file} existe déjà : donnez --force pour le remplacer, ou choisissez un autre fichier avec --out`,
  stdApplied: (store, n, file, secs) =>
    `${store} : échéances de ${nFr(n, 'requête', 'requêtes')} conservées selon ${file} (${secs} s). La conformité les lit tant qu'elle s'exécute `
    + 'avec les mêmes fuseau, calendrier, horloge et règles, et sans --as-of ; chaque import de requêtes les tient à jour.',
  stdRemoved: (store, had) => (had ? `${store} : échéances conservées supprimées ; la conformité recalcule les échéances à chaque calcul`
    : `${store} : aucune échéance conservée à supprimer`),
};
