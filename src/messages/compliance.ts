/**
 * Texts of the compliance command: headings, notes under the tables, verdict words, metric labels, breaches.
 */
import type { MetricId } from '../metrics/ids.ts';
import { int, nEn, nFr, sEn, sFr } from './plural.ts';

export const complianceEn = {
  noCallData: 'no call data in the store for this period',
  complianceHeading: (kind: string, period: string, asOf: string) => `Compliance with the standards: ${kind}, ${period}, as of ${asOf}`,
  partialWord: 'partial',
  partialNote: 'partial: a week cut by the period, or a month, week or day still running at the as-of date; its counts do not compare with a whole one\'s',
  hiddenGroupsNote: (n: number) => `${nEn(n, 'group', 'groups')} with nothing to show (no call, or no request created, open or overdue) left out: --all-groups shows ${sEn(n, 'it', 'them')}`,
  closedCohortCount: 'closed',
  cityWide: 'city-wide',
  tooFewNote: (n: number) => `(n=…): fewer than ${n} calls or tickets, no verdict (too_few)`,
  noTicketData: 'no ticket data in the store for this period',
  parquetNeedsOut: '--output parquet writes a file: give it with --out FILE.parquet',
  outNeedsParquet: '--out names the file of --output parquet; the other outputs go to standard output',
  shapeNeedsJsonCsv: (shape: string) => `--shape ${shape} applies to --output json and csv (ndjson and parquet are always wide)`,
  parquetWritten: (file: string, rows: number, columns: number) => `${file}: ${nEn(rows, 'group', 'groups')} written, ${int(columns, 'en')} columns`,

  sectionCalls: 'Calls',
  sectionTickets: 'Service requests',
  ticketNote: (variant: string, cohort: string, num: number, den: number, noTarget: number) =>
    `on time: variant ${variant} (docs/methods.md §2.2), cohort by ${cohort === 'closed' ? 'closing' : 'creation'} month, city-wide `
    + `${int(num, 'en')} / ${nEn(den, 'ticket', 'tickets')}; ${int(noTarget, 'en')} without a deadline counted apart (no_target)`,
  exampleShort: 'ex.',
  marksNote: (missed: string, met: string) => `${missed}: the standard is missed; ${met}: it is met`,
  notReachedNote: '>: the time to close is longer than the follow-up (the Kaplan–Meier curve never reaches that share; docs/methods.md §2.3)',
  notFinalNote: '*: not final, the follow-up is shorter than the deadline (open tickets may still close on time)',
  exampleBanner: (labels: string[]) =>
    `EXAMPLE targets: ${labels.join('; ')} are examples, not standards adopted by the city (--fail-on-breach ignores them unless --include-examples)`,
  breachItem: (metric: string, group: string, value: string, target: string) => `missed: ${metric}, ${group}: ${value} against ${target}`,
  verdictWord: { met: 'met', missed: 'missed', too_few: 'too few', no_target: 'no target' } as Record<string, string>,
  variantNote: (variant: string, num: number, den: number) =>
    `service level: variant ${variant}, city-wide ${int(num, 'en')} / ${nEn(den, 'call', 'calls')} (docs/methods.md §1.2)`,
  metricLabel: {
    'calls.offered': 'offered', 'calls.service_level': 'service level', 'calls.abandonment_rate': 'abandoned',
    'calls.asa_seconds': 'ASA', 'calls.wait_p90_seconds': 'wait p90', 'calls.long_wait_share': 'waits ≥ 25 min',
    'calls.answered_locally_share': 'answered locally',
    'tickets.created': 'created', 'tickets.on_time_rate': 'on time', 'tickets.open_overdue': 'open overdue',
    'tickets.no_target': 'no deadline', 'tickets.backlog': 'backlog', 'tickets.ttc_p50_days': 'close p50 (d)',
    'tickets.ttc_p90_days': 'close p90 (d)', 'tickets.eventual_on_time_share': 'on time (est.)',
  } as Partial<Record<MetricId, string>>,
  breach: (n: number) => `${nEn(n, 'standard', 'standards')} missed (--fail-on-breach)`,
};

export const complianceFr: typeof complianceEn = {
  noCallData: "aucune donnée d'appels dans la base pour cette période",
  complianceHeading: (kind, period, asOf) => `Conformité aux normes : ${kind}, ${period}, en date du ${asOf}`,
  partialWord: 'partielle',
  partialNote: "partielle : semaine coupée par la période, ou mois, semaine ou jour pas encore terminé à la date de référence ; ses chiffres ne se comparent pas à ceux d'une période entière",
  hiddenGroupsNote: (n) => `${nFr(n, 'groupe sans rien à montrer', 'groupes sans rien à montrer')} (aucun appel, ou aucune requête créée, ouverte ou en retard) omis : --all-groups ${sFr(n, "l'affiche", 'les affiche')}`,
  closedCohortCount: 'fermées',
  cityWide: 'toute la ville',
  tooFewNote: (n) => `(n=…) : moins de ${n} appels ou requêtes, trop peu pour juger`,
  noTicketData: 'aucune requête dans la base pour cette période',
  parquetNeedsOut: '--output parquet écrit un fichier : donnez-le avec --out FICHIER.parquet',
  outNeedsParquet: '--out nomme le fichier de --output parquet ; les autres sorties vont sur la sortie standard',
  shapeNeedsJsonCsv: (shape) => `--shape ${shape} s'applique à --output json et csv (ndjson et parquet sont toujours en largeur)`,
  parquetWritten: (file, rows, columns) => `${file} : ${nFr(rows, 'groupe écrit', 'groupes écrits')}, ${int(columns, 'fr')} colonnes`,

  sectionCalls: 'Appels',
  sectionTickets: 'Requêtes',
  ticketNote: (variant, cohort, num, den, noTarget) =>
    `dans les délais : variante ${variant} (docs/methodes.md §2.2), cohorte par mois de ${cohort === 'closed' ? 'fermeture' : 'création'}, toute la ville `
    + `${int(num, 'fr')} / ${nFr(den, 'requête', 'requêtes')} ; ${int(noTarget, 'fr')} sans délai ${sFr(noTarget, 'comptée', 'comptées')} à part`,
  exampleShort: 'ex.',
  marksNote: (missed, met) => `${missed} : norme non respectée ; ${met} : norme respectée`,
  notReachedNote: '> : le délai de fermeture dépasse le suivi (la courbe de Kaplan–Meier n\'atteint jamais cette part ; docs/methodes.md §2.3)',
  notFinalNote: '* : provisoire, le suivi est plus court que le délai (des requêtes ouvertes peuvent encore être traitées à temps)',
  exampleBanner: (labels) =>
    `Cibles d'EXEMPLE : ${labels.join(' ; ')} sont des exemples, pas des normes adoptées par la Ville (--fail-on-breach les ignore sauf avec --include-examples)`,
  breachItem: (metric, group, value, target) => `non respectée : ${metric}, ${group} : ${value} pour une cible de ${target}`,
  verdictWord: { met: 'respectée', missed: 'non respectée', too_few: 'trop peu', no_target: 'sans cible' },
  variantNote: (variant, num, den) => `niveau de service : variante ${variant}, toute la ville ${int(num, 'fr')} / ${nFr(den, 'appel', 'appels')} (docs/methodes.md §1.2)`,
  metricLabel: {
    'calls.offered': 'offerts', 'calls.service_level': 'niveau de service', 'calls.abandonment_rate': 'abandons',
    'calls.asa_seconds': 'attente moy.', 'calls.wait_p90_seconds': 'attente p90', 'calls.long_wait_share': 'attentes ≥ 25 min',
    'calls.answered_locally_share': 'réponse locale',
    'tickets.created': 'créées', 'tickets.on_time_rate': 'dans les délais', 'tickets.open_overdue': 'ouvertes en retard',
    'tickets.no_target': 'sans délai', 'tickets.backlog': 'en cours', 'tickets.ttc_p50_days': 'fermeture p50 (j)',
    'tickets.ttc_p90_days': 'fermeture p90 (j)', 'tickets.eventual_on_time_share': 'délais (estimé)',
  },
  breach: (n) => `${nFr(n, 'norme non respectée', 'normes non respectées')} (--fail-on-breach)`,
};
