/**
 * Texts of the follow-up command (« suivi »): headings, the names of the counts, the notes under the tables, errors.
 */
import { int, nEn, nFr } from './plural.ts';

const pct = (x: number | null, lang: 'en' | 'fr') => (x === null ? '–'
  : lang === 'fr' ? `${(x * 100).toFixed(1).replace('.', ',')} %` : `${(x * 100).toFixed(1)}%`);

export const followUpEn = {
  followUp: {
    heading: (asOf: string, from: string | null, to: string | null) =>
      `Follow-up of requests, as of ${asOf}${from || to ? `, created ${from ?? '…'} to ${to ?? '…'}` : ''}`,
    snapshots: (n: number, cadence: number | null, gaps: number) =>
      `${nEn(n, 'snapshot', 'snapshots')}${cadence === null ? '' : `, one every ${String(cadence)} days`}${gaps ? `, ${nEn(gaps, 'gap', 'gaps')} longer than twice that` : ''}: a change between two snapshots is dated by the later one, so counts are "at least"`,
    needsTwo: (n: number) => `follow-up needs two snapshots or more of the requests; the store holds ${int(n, 'en')} in scope`,
    counts: {
      tracked: 'requests followed', reopened: 'reopened after a close', bounced: 'transferred at least once',
      bounced_twice: 'transferred twice or more', stale_open: 'open with no change for the stale days',
      repeats_after_close: 'closed, then repeated nearby', vanished: 'vanished from the latest snapshot',
      resolved_once: 'resolved once (closed, never reopened, never transferred, no repeat)',
    } as Record<string, string>,
    measure: 'measure', requests: 'requests', share: 'share',
    rate: (label: string, x: number | null, num: number, den: number) => `${label}: ${pct(x, 'en')} (${int(num, 'en')} / ${int(den, 'en')})`,
    reopen30: 'reopened within 30 days of the first close', reopen90: 'reopened within 90 days of the first close',
    repeatRate: (days: number, metres: number) => `repeated within ${days} days and ${metres} m of the close`,
    quick: (n: number) => `${nEn(n, 'reopen', 'reopens')} less than 24 h after the close (likely corrections) counted among the reopened`,
    pingPong: (n: number) => `${nEn(n, 'request', 'requests')} sent back to a unit that held it before (ping-pong)`,
    late: (n: number) => `${nEn(n, 'request', 'requests')} first seen more than one snapshot after creation: early history unknown, left out of the times`,
    noLocation: (n: number) => `${nEn(n, 'closed request', 'closed requests')} without a usable location, left out of the repeats`,
    negative: (n: number) => `${nEn(n, 'spell', 'spells')} ending before it starts (data quality), left out of the times`,
    aging: 'open requests by days since their last change',
    days: 'days', status: 'status', spells: 'spells', median: 'median (days)', p90: 'p90 (days)',
    medianBusiness: 'median (business days)', p90Business: 'p90 (business days)',
    timeInStatus: 'time in status (Kaplan–Meier, spells still running censored)',
    firstClose: 'time to first close', finalClose: 'time to final close',
    beyond: '> follow-up', none: '–',
    listHeading: (kind: string, n: number) => `${kind}: ${nEn(n, 'request', 'requests')}`,
    listCols: { id: 'id', borough: 'borough', category: 'category', unit: 'unit', path: 'unit path', created: 'created',
      closed: 'first close', reopened: 'reopened', change: 'last change', repeat: 'repeat' } as Record<string, string>,
    noBorough: '(no borough)',
    report: {
      section: 'Follow-up of requests',
      intro: (when: string, asOf: string, n: number, first: string, last: string, cadence: string) =>
        `Requests created from ${when}, followed through the ${int(n, 'en')} snapshots of the requests that the store holds (${first} to ${last}, one every ${cadence} days at the median), as of ${asOf}. A change between two snapshots is not seen, and one that is seen is dated by the later snapshot: every count below is at least the true one, and more frequent exports would find more.`,
      gap: (after: string, before: string, days: string) => `No snapshot between ${after} and ${before} (${days} days): changes in that interval are seen late.`,
      needsTwo: (n: number) => `Follow-up needs two snapshots or more of the requests; the store holds ${int(n, 'en')}. Import each new export as it comes (vigie import keeps every version) to see requests reopened, transferred or left waiting.`,
      counts: 'What happened to the requests',
      rates: 'Rates',
      chartRates: (when: string) => `Requests reopened within 30 days of their first close, and requests transferred, by borough (requests created from ${when})`,
      noteRates: (minN: number) => `Reopened: of the requests whose first close is 30 days old or more and that a snapshot saw within those 30 days. Transferred: of the requests followed; a transfer is a change of the unit holding the request after intake (the move out of the 311 division to the first unit is routing, not a transfer). No standard sets a target for either: one colour. The thin line is the 95 % interval. Boroughs where fewer than ${minN} requests count are in the table only.`,
      rateAxisReopen: 'reopened within 30 days', rateAxisBounce: 'transferred at least once',
      stale: (days: number) => `Open requests with no change of status or unit for ${days} days or more, by the unit holding them`,
      staleCols: ['unit', 'stale open requests'],
      staleNone: (days: number) => `No request has been open without a change for ${days} days or more.`,
      staleList: 'These requests one by one, with their id, borough, category, address, unit path and dates, in a spreadsheet file beside this report:',
      noUnit: '(no unit)',
      boroughCols: ['borough', 'followed', 'transferred', 'share (95 % interval)', 'closed 30 days or more', 'reopened', 'share (95 % interval)'],
      otherUnits: (n: number) => `${nEn(n, 'other unit', 'other units')}`,
      chartStatus: 'Time in each status before the next change (days: median as a bar, 90th percentile as a tick)',
      noteStatus: 'Kaplan–Meier: a spell still running at the as-of instant counts as lasting at least until then; requests first seen more than one snapshot after their creation are left out. "> follow-up": the value lies beyond what the snapshots have seen.',
      statusLabel: (median: string, p90: string) => `median ${median} · p90 ${p90}`,
      inDays: (x: string) => `${x} d`,
      days: 'days',
    },
  },
};

export const followUpFr: typeof followUpEn = {
  followUp: {
    heading: (asOf, from, to) =>
      `Suivi des requêtes, en date du ${asOf}${from || to ? `, créées de ${from ?? '…'} à ${to ?? '…'}` : ''}`,
    snapshots: (n, cadence, gaps) =>
      `${nFr(n, 'instantané', 'instantanés')}${cadence === null ? '' : `, un tous les ${String(cadence).replace('.', ',')} jours`}${gaps ? `, ${nFr(gaps, 'intervalle', 'intervalles')} de plus du double` : ''} : un changement entre deux instantanés est daté par le second, les nombres sont donc « au moins »`,
    needsTwo: (n) => `le suivi demande au moins deux instantanés des requêtes; la base en contient ${int(n, 'fr')} dans le champ demandé`,
    counts: {
      tracked: 'requêtes suivies', reopened: 'rouvertes après une fermeture', bounced: 'transférées au moins une fois',
      bounced_twice: 'transférées deux fois ou plus', stale_open: 'ouvertes sans changement depuis le délai d\'oubli',
      repeats_after_close: 'fermées, puis signalées de nouveau à proximité', vanished: 'disparues du dernier instantané',
      resolved_once: 'réglées du premier coup (fermées, jamais rouvertes ni transférées, sans nouveau signalement)',
    },
    measure: 'mesure', requests: 'requêtes', share: 'part',
    rate: (label, x, num, den) => `${label} : ${pct(x, 'fr')} (${int(num, 'fr')} / ${int(den, 'fr')})`,
    reopen30: 'rouvertes dans les 30 jours suivant la première fermeture', reopen90: 'rouvertes dans les 90 jours suivant la première fermeture',
    repeatRate: (days, metres) => `signalées de nouveau dans les ${days} jours et à ${metres} m ou moins`,
    quick: (n) => `${nFr(n, 'réouverture', 'réouvertures')} moins de 24 h après la fermeture (probablement des corrections), comptées parmi les rouvertes`,
    pingPong: (n) => `${nFr(n, 'requête renvoyée', 'requêtes renvoyées')} à une unité qui l'avait déjà eue (va-et-vient)`,
    late: (n) => `${nFr(n, 'requête vue', 'requêtes vues')} pour la première fois plus d'un instantané après la création : début inconnu, exclues des durées`,
    noLocation: (n) => `${nFr(n, 'requête fermée', 'requêtes fermées')} sans emplacement utilisable, exclues des nouveaux signalements`,
    negative: (n) => `${nFr(n, 'période', 'périodes')} finissant avant de commencer (qualité des données), exclues des durées`,
    aging: 'requêtes ouvertes selon les jours depuis leur dernier changement',
    days: 'jours', status: 'statut', spells: 'périodes', median: 'médiane (jours)', p90: 'p90 (jours)',
    medianBusiness: 'médiane (jours ouvrables)', p90Business: 'p90 (jours ouvrables)',
    timeInStatus: 'durée dans chaque statut (Kaplan–Meier, périodes en cours censurées)',
    firstClose: 'délai jusqu\'à la première fermeture', finalClose: 'délai jusqu\'à la fermeture finale',
    beyond: '> suivi', none: '–',
    listHeading: (kind, n) => `${kind} : ${nFr(n, 'requête', 'requêtes')}`,
    listCols: { id: 'identifiant', borough: 'arrondissement', category: 'catégorie', unit: 'unité', path: 'parcours des unités',
      created: 'créée', closed: 'première fermeture', reopened: 'rouverte', change: 'dernier changement', repeat: 'nouveau signalement' },
    noBorough: '(sans arrondissement)',
    report: {
      section: 'Suivi des requêtes',
      intro: (when, asOf, n, first, last, cadence) =>
        `Requêtes créées ${when}, suivies à travers les ${int(n, 'fr')} instantanés des requêtes que contient la base (du ${first} au ${last}, un tous les ${cadence} jours en médiane), en date du ${asOf}. Un changement survenu entre deux instantanés n'est pas vu, et celui qui est vu est daté par le second : chaque nombre ci-dessous est un minimum, et des exports plus fréquents en trouveraient davantage.`,
      gap: (after, before, days) => `Aucun instantané entre le ${after} et le ${before} (${days} jours) : les changements de cet intervalle sont vus en retard.`,
      needsTwo: (n) => `Le suivi demande au moins deux instantanés des requêtes; la base en contient ${int(n, 'fr')}. Importez chaque nouvel export à sa parution (vigie import en garde toutes les versions) pour voir les requêtes rouvertes, transférées ou laissées en attente.`,
      counts: 'Ce qu\'il est advenu des requêtes',
      rates: 'Taux',
      chartRates: (when) => `Requêtes rouvertes dans les 30 jours suivant leur première fermeture, et requêtes transférées, par arrondissement (requêtes créées ${when})`,
      noteRates: (minN) => `Rouvertes : parmi les requêtes dont la première fermeture date de 30 jours ou plus et qu'un instantané a vues pendant ces 30 jours. Transférées : parmi les requêtes suivies; un transfert est un changement de l'unité responsable après la prise en charge (le passage de la division 311 à la première unité est un acheminement, pas un transfert). Aucune norme ne fixe de cible pour l'une ou l'autre : une seule couleur. Le trait fin est l'intervalle à 95 %. Les arrondissements où moins de ${minN} requêtes comptent sont dans le tableau seulement.`,
      rateAxisReopen: 'rouvertes dans les 30 jours', rateAxisBounce: 'transférées au moins une fois',
      stale: (days) => `Requêtes ouvertes sans changement de statut ni d'unité depuis ${days} jours ou plus, par unité responsable`,
      staleCols: ['unité', 'requêtes oubliées'],
      staleNone: (days) => `Aucune requête n'est ouverte sans changement depuis ${days} jours ou plus.`,
      staleList: 'Ces requêtes une à une, avec leur identifiant, arrondissement, catégorie, adresse, parcours des unités et dates, dans un fichier tableur joint à ce rapport :',
      noUnit: '(sans unité)',
      boroughCols: ['arrondissement', 'suivies', 'transférées', 'part (intervalle à 95 %)', 'fermées depuis 30 jours ou plus', 'rouvertes', 'part (intervalle à 95 %)'],
      otherUnits: (n) => `${nFr(n, 'autre unité', 'autres unités')}`,
      chartStatus: 'Durée dans chaque statut avant le changement suivant (jours : médiane en barre, 90e centile en trait)',
      noteStatus: 'Kaplan–Meier : une période encore en cours à la date du rapport compte comme durant au moins jusque-là; les requêtes vues pour la première fois plus d\'un instantané après leur création sont exclues. « > suivi » : la valeur dépasse ce que les instantanés ont vu.',
      statusLabel: (median, p90) => `médiane ${median} · p90 ${p90}`,
      inDays: (x) => `${x} j`,
      days: 'jours',
    },
  },
};
