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
  },
};
