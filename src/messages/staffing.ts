/**
 * Texts of the staffing what-if (Erlang C and A): heading, columns, weekly totals, the model's assumptions, pooling.
 */
import { int, nEn, nFr } from './plural.ts';

export const staffingEn = {
  staffingHeading: (period: string, target: number, T: number, variant: string, minutes: number, shrinkage: number) =>
    `staffing what-if, period ${period}: agents to answer ${Math.round(target * 100)} % of calls within ${T} s (${variant}), `
    + `per ${minutes}-minute interval of an average weekday, shrinkage ${Math.round(shrinkage * 100)} %`,
  staffingCol: { interval: 'interval', arrivals: 'calls/day', aht: 'handle', observed: 'observed SL', erlangC: 'agents (C)',
    erlangA: 'agents (A)', scheduled: 'scheduled (A)', slAt: 'SL at agents (A)' },
  staffingWeek: (hoursC: string, hoursA: string, patience: number | null, cost: string | null) =>
    `agent-hours per week: ${hoursA} (Erlang A) / ${hoursC} (Erlang C)`
    + `${patience === null ? '; nobody abandoned: Erlang A = Erlang C' : `; callers' mean patience ${patience} s`}${cost ? `; cost ${cost} per week` : ''}`,
  staffingModel: 'A model, not a measurement. Assumptions:',
  staffingAssumption: {
    poisson: (_n: number) => 'calls arrive at random (Poisson) within each interval; handle times are exponential; each interval is staffed on its own (no queue carried over)',
    arrivals: (_n: number) => 'calls of an interval = offered calls (answered, abandoned, timed out) of that weekday and time, divided by the number of such weekdays in the period',
    handle_time: (n: number) => `handle time = mean talk time of the interval's answered calls (the export has no after-call work); the period's mean when fewer than ${int(n, 'en')} of them`,
    patience: (_n: number) => 'Erlang C: nobody hangs up; Erlang A: callers hang up after an exponential patience whose mean = total wait of offered calls / abandoned calls',
    shrinkage: (_n: number) => 'scheduled agents = agents on the phones / (1 − shrinkage), rounded up (breaks, training, absence)',
  },
  staffingTotal: (groups: number, by: 'borough' | 'queue', hoursA: string, hoursC: string, cost: string | null) =>
    `sum of the ${nEn(groups, by, by === 'borough' ? 'boroughs' : 'queues')}, each staffed as its own queue: ${hoursA} agent-hours per week (Erlang A) / ${hoursC} (Erlang C)${cost ? `; cost ${cost} per week` : ''}`,
  staffingPooled: (hoursA: string, hoursC: string, cost: string | null) =>
    `the same calls in one city-wide queue: ${hoursA} agent-hours per week (Erlang A) / ${hoursC} (Erlang C)${cost ? `; cost ${cost} per week` : ''}`,
  staffingPoolNote: (by: 'borough' | 'queue', groups: number, excess: string) =>
    `Why the sum exceeds the city-wide figure by ${excess} agent-hours: ${groups === 1 ? 'a single group' : `${int(groups, 'en')} small queues`} each need${groups === 1 ? 's' : ''} spare agents of ${groups === 1 ? 'its' : 'their'} own to answer in time, `
    + `whereas one pooled queue shares them (any free agent takes the next call). The sum is the cost of answering each ${by} with its own agents; the pooled figure assumes every agent can answer every call.`,
};

export const staffingFr: typeof staffingEn = {
  staffingHeading: (period, target, T, variant, minutes, shrinkage) =>
    `simulation d'effectifs, période ${period} : agents pour répondre à ${Math.round(target * 100)} % des appels en ${T} s (${variant}), `
    + `par tranche de ${minutes} minutes d'un jour de semaine moyen, indisponibilité ${Math.round(shrinkage * 100)} %`,
  staffingCol: { interval: 'tranche', arrivals: 'appels/jour', aht: 'durée', observed: 'NS observé', erlangC: 'agents (C)',
    erlangA: 'agents (A)', scheduled: 'à l\'horaire (A)', slAt: 'NS avec ces agents (A)' },
  staffingWeek: (hoursC, hoursA, patience, cost) =>
    `heures-agents par semaine : ${hoursA} (Erlang A) / ${hoursC} (Erlang C)`
    + `${patience === null ? ' ; aucun abandon : Erlang A = Erlang C' : ` ; patience moyenne des appelants ${patience} s`}${cost ? ` ; coût ${cost} par semaine` : ''}`,
  staffingModel: 'Un modèle, pas une mesure. Hypothèses :',
  staffingAssumption: {
    poisson: (_n) => "les appels arrivent au hasard (loi de Poisson) dans chaque tranche ; les durées de traitement suivent une loi exponentielle ; chaque tranche est dotée séparément (aucune file reportée d'une tranche à l'autre)",
    arrivals: (_n) => "appels d'une tranche = appels offerts (répondus, abandonnés, expirés) de ce jour de la semaine et de cette heure, divisés par le nombre de ces jours dans la période",
    handle_time: (n) => `durée de traitement = durée moyenne de conversation des appels répondus de la tranche (l'export n'a pas le travail après l'appel) ; celle de la période quand la tranche en a moins de ${int(n, 'fr')}`,
    patience: (_n) => "Erlang C : personne ne raccroche ; Erlang A : les appelants raccrochent après une patience exponentielle de moyenne = attente totale des appels offerts / appels abandonnés",
    shrinkage: (_n) => "agents à l'horaire = agents au téléphone / (1 − taux d'indisponibilité), arrondi à l'unité supérieure (pauses, formation, absences)",
  },
  staffingTotal: (groups, by, hoursA, hoursC, cost) =>
    `somme des ${by === 'borough' ? `${nFr(groups, 'arrondissement', 'arrondissements')}, chacun doté` : `${nFr(groups, 'file', 'files')}, chacune dotée`} comme une file distincte : `
    + `${hoursA} heures-agents par semaine (Erlang A) / ${hoursC} (Erlang C)${cost ? ` ; coût ${cost} par semaine` : ''}`,
  staffingPooled: (hoursA, hoursC, cost) =>
    `les mêmes appels dans une seule file pour toute la ville : ${hoursA} heures-agents par semaine (Erlang A) / ${hoursC} (Erlang C)${cost ? ` ; coût ${cost} par semaine` : ''}`,
  staffingPoolNote: (by, groups, excess) =>
    `Pourquoi la somme dépasse de ${excess} heures-agents le chiffre de toute la ville : ${groups < 2 ? 'un seul groupe a besoin' : `${int(groups, 'fr')} petites files ont chacune besoin`} d'agents en réserve pour répondre à temps, `
    + `alors qu'une file commune les partage (le premier agent libre prend l'appel suivant). La somme est le coût de servir chaque ${by === 'borough' ? 'arrondissement' : 'file'} avec ses propres agents ; le chiffre commun suppose que tout agent peut répondre à tout appel.`,
};
