/**
 * Texts of the HTML/PDF report: the `report` object (headlines, verdicts, charts and their notes, tables, methods)
 * and the command's own lines (report written, Chromium missing or failing).
 */
export const reportEn = {
  reportWritten: (path: string) => `report written: ${path}`,
  noChromium: (tried: string) => `--pdf needs Chromium (or Chrome) to print the page, and none was found (${tried}). Install it `
    + '(Debian/Ubuntu: apt install chromium; macOS: install Google Chrome) or give its path with --chromium PATH; the HTML report is written.',
  pdfFailed: (path: string, why: string) => `Chromium could not print ${path}: ${why}`,
  report: {
    title: (city: string, period: string) => `${city ? `${city}: ` : ''}311 service standards, ${period}`,
    asOf: (asOf: string) => `Figures as of ${asOf}, from the city's own exports.`,
    headlines: 'Headlines',
    headLabel: { 'calls.service_level': 'Service level', 'calls.abandonment_rate': 'Abandonment', 'calls.long_wait_share': 'Long waits',
      'tickets.on_time_rate': 'Requests on time' } as Record<string, string>,
    headValue: (label: string, value: string, what: string, num: string, den: string) => `${label}: ${value} ${what} (${num} of ${den}):`,
    headSl: (threshold: string, strict: boolean) => `of calls answered ${strict ? 'in under' : 'within'} ${threshold}`,
    headAbandon: 'of offered calls abandoned by the caller',
    headLongWait: (threshold: string) => `of offered calls waited ${threshold} or more`,
    headOnTime: 'of requests closed within their deadline',
    headNoData: (calls: boolean, period: string) => (calls ? `Calls: the store holds no call data for ${period}; no call standard can be judged.`
      : `Requests: the store holds no requests for ${period}.`),
    verdictJudged: (met: boolean, ceiling: boolean, target: string, example: boolean) => (example
      ? `example target ${met ? 'met' : 'not met'} (${ceiling ? `at most ${target}` : `${target} or more`}; an example, not a standard adopted by the city).`
      : `standard ${met ? 'met' : 'not met'} (${ceiling ? `ceiling ${target}` : `target ${target} or more`}).`),
    verdictTooFew: (calls: boolean, minN: number) => `too few ${calls ? 'calls' : 'requests'} to judge (fewer than ${minN}).`,
    verdictNoTarget: 'no target in the standards.',
    headEarlier: (period: string, value: string, diff: string | null) => `A year earlier (${period}): ${value}${diff === null ? '' : ` (${diff} points)`}.`,
    headEarlierNone: (period: string) => `A year earlier (${period}): no data.`,
    headTrend: (dir: 'up' | 'down' | 'stable', first: string, month: string, last: string, full: boolean) =>
      `${full ? 'Over 12 months' : `Since ${month}`}: ${dir === 'up' ? 'up' : dir === 'down' ? 'down' : 'stable'}, from ${first} in ${month} to ${last}.`,
    emptyPeriod: (period: string, covers: string) => `no data for ${period} in the store, so no report was written; ${covers}`,
    emptyStore: 'the store holds no calls and no requests yet: import the exports first (vigie import FILE).',
    covers: (calls: string | null, tickets: string | null) => `the store holds ${[calls ? `calls from ${calls}` : null,
      tickets ? `requests from ${tickets}` : null].filter(Boolean).join(' and ')}.`,
    range: (from: string, to: string) => (from === to ? from : `${from} to ${to}`),
    notices: 'Read with care',
    zoneMismatch: (source: string, zone: string, standardsZone: string) =>
      `The source ${source} was read in the ${zone} time zone, but the standards bucket days and hours in ${standardsZone}: months, days and business hours may be shifted.`,
    cityMismatch: (sources: string, city: string, file: string) =>
      `The data come from ${sources}, but the standards applied are ${city ? `${city}'s` : 'another city\'s'} (${file}): holidays, business hours and targets may not be this city's.`,
    sectionCalls: 'Calls',
    sectionTickets: 'Service requests',
    exampleBanner: (labels: string[]) =>
      `Example targets: the request delays of ${labels.join(', ')} are examples, not standards adopted by the city. Verdicts against them say so.`,
    chartSlBorough: (period: string) => `Service level by borough, ${period}`,
    noteSlBorough: 'Worst first. Dashed line: the target; thin line: the 95 % interval. Grey: too few calls to judge, labelled with their n and never ranked.',
    chartTrend: (period: string) => `City-wide service level by month, ${period}`,
    noteTrend: 'Dashed line: the target.',
    chartOnTime: (period: string) => `Requests closed on time by theme, ${period}`,
    noteOnTime: 'Dashed line: the target. Lighter bars: provisional, some deadlines of the cohort are still running.',
    chartLocal: (period: string) => `Calls answered by the borough's own agents, ${period}`,
    noteLocal: 'Share of answered calls whose agent sat in the borough the call was for.',
    chartHours: (period: string) => `Service level by weekday and hour, ${period}`,
    noteHours: 'Each cell: the share of calls answered within the standard in that hour; grey: too few calls to judge.',
    chartWaits: (period: string) => `Answered calls by wait, ${period}`,
    noteWaits: (threshold: string) => `Dashed line: the ${threshold} threshold; the bars right of it are the long-wait tail; the last bar: 20 minutes or more.`,
    groups: 'Borough groups compared',
    noteGroups: 'Service level from the summed calls of their boroughs.',
    groupCols: ['group', 'boroughs', 'service level', 'calls within the standard', 'calls'],
    worst: 'Categories least often on time',
    noteWorst: (minN: number) => `Among categories with at least ${minN} requests judged.`,
    worstCols: ['category', 'theme', 'on-time rate', 'on time', 'judged'],
    quality: 'Data quality',
    noteQuality: 'Each file read, its rows and what the checks found. Rejected rows are kept with their text in the store.',
    qualityCols: ['file', 'contents', 'snapshot', 'rows read', 'rejected', 'findings'],
    findingItem: (text: string, severity: string, count: string) => `${text} (${severity}, ${count})`,
    axisLocal: 'answered locally',
    chartHeat: (period: string) => `Requests on time, borough × theme, ${period}`,
    noteHeat: 'Each cell: the on-time rate of the borough\'s requests of that theme; grey: too few requests to judge.',
    chartAging: (period: string) => `Open requests at the end of ${period} by age, in multiples of their deadline`,
    aging: { within: 'within the deadline', over_1x: '1 to 2 × the deadline', over_2x: 'over 2 × the deadline', no_target: 'no deadline' } as Record<string, string>,
    chartChannels: (period: string) => `How requests came in, ${period}`,
    noteChannels: 'Each month\'s requests as 100 %.',
    chartMapSl: (period: string) => `Service level by borough on the map, ${period}`,
    chartMapOnTime: (period: string) => `Requests closed on time by borough on the map, ${period}`,
    mapNote: 'Same colours as the bars. White: linked cities, which the city\'s 311 does not serve. Its numbers are in the table of the chart above.',
    mapNoteBelow: 'Same colours as the bars. White: linked cities, which the city\'s 311 does not serve. Its numbers, borough by borough, are in the table below.',
    chartStaffing: (period: string) => `Agents to schedule per half-hour to meet the standard (Erlang A), ${period}`,
    dataTable: 'The chart\'s numbers',
    verdictLegend: { met: 'target met', missed: 'below the target', too_few: 'too few to judge', no_target: 'no target' } as Record<string, string>,
    exampleMark: 'example target',
    simplified: 'simplified',
    marksLegend: (missed: string, met: string, minN: number) =>
      `In the tables: ${missed} below the target (orange), ${met} target met (blue); "n = …": fewer than ${minN} calls or requests, too few to judge (grey). `
      + '">" in a time to close: not reached during the follow-up.',
    cols: { group: '', value: 'rate', ci: '95 % interval', n: 'n', verdict: 'verdict', month: 'month', calls: 'calls', from: 'wait', share: 'share',
      theme: 'theme', borough: 'borough', agents: 'agents', start: 'start', day: 'day', rate: 'rate' } as Record<string, string>,
    waitBin: (from: number, to: number | null) => (to === null ? `${Math.round(from / 60)} min or more` : `${from}–${to - 1} s`),
    tableCalls: 'Calls by borough',
    tableTickets: 'Requests by borough',
    cityWide: 'City-wide',
    inputs: 'Files read',
    inputCols: ['file', 'contents', 'snapshot', 'SHA-256'],
    standardsFile: (file: string, sha: string) => `Standards file ${file}, SHA-256 ${sha}.`,
    pdfWritten: (path: string) => `PDF written: ${path}`,
    staffing: 'Staffing what-if',
    staffingText: (hoursA: string, hoursC: string, target: string, threshold: string, patience: string | null, cost: string | null) =>
      `To answer ${target} of calls within ${threshold} in every half-hour of an average week of the period, the model asks for `
      + `${hoursA} scheduled agent-hours a week (Erlang A${patience === null ? '' : `, callers' mean patience ${patience}`}; ${hoursC} under Erlang C)`
      + `${cost ? `, costing ${cost} a week` : ''}.`,
    staffingModel: (shrinkage: string) => `A model, not a measurement: Poisson arrivals, exponential handle times and patience, independent half-hours, ${shrinkage} of scheduled time away from the phones (shrinkage).`,
    methods: 'Methods',
    methodsText: 'Every rate is computed from counts (a city-wide rate is never a mean of rates) and shown with its numerator, '
      + 'denominator and a Wilson 95 % interval. The files read and their SHA-256 are listed below and in manifest.json.',
    methodItems: (o: { variant: string; T: string; strict: boolean; target: string | null; abandonMax: string | null; longWait: string;
      longMax: string | null; onTime: string; business: boolean; cohort: string; zone: string; minN: number; holidays: string[]; hours: string;
      asOf: string; year: number }) => [
      `Service level (variant ${o.variant}): calls answered ${o.strict ? 'in under' : 'within'} ${o.T} ÷ (answered + abandoned calls)`
        + `${o.target ? `; the standard asks for ${o.target} or more` : ''}. A call answered at exactly ${o.T} ${o.strict ? 'is not' : 'is'} within it.`,
      `Abandonment: calls abandoned by the caller ÷ calls offered (answered + abandoned + timed out)${o.abandonMax ? `; ceiling ${o.abandonMax}` : ''}. `
        + `Long waits: answered or abandoned calls that waited ${o.longWait} or more ÷ calls offered${o.longMax ? `; ceiling ${o.longMax}` : ''}. `
        + 'Wait percentiles are observed waits (nearest rank).',
      'Answered locally: calls answered by an agent of the borough the call was for ÷ answered calls whose agent\'s site is known.',
      `Requests on time (variant ${o.onTime}): requests closed by their deadline ÷ (requests closed + requests open past their deadline); `
        + `a request closed at its deadline is on time. Requests are grouped by month of ${o.cohort === 'closed' ? 'closing' : 'creation'}. `
        + 'The deadline is the one the source gives, else that of the first matching rule of the standards; requests with neither are counted apart. '
        + 'Cancelled, refused and duplicate requests, information requests and unknown statuses are counted apart.',
      `Business calendar (deadlines in business days${o.business ? ', and in hours on business hours' : ''}): ${o.hours}; days off in ${o.year}: ${o.holidays.join('; ') || 'none'}.`,
      `Open requests are judged as of ${o.asOf}. Time to close and the eventual on-time share are Kaplan–Meier estimates in which requests still open `
        + 'are censored at that date; a month whose deadlines run past it is provisional.',
      `Months, days and hours are those of the ${o.zone} time zone. Groups of fewer than ${o.minN} calls or requests are shown but not judged.`,
    ],
  },
};

export const reportFr: typeof reportEn = {
  reportWritten: (path) => `rapport écrit : ${path}`,
  noChromium: (tried) => `--pdf a besoin de Chromium (ou Chrome) pour imprimer la page, et aucun n'a été trouvé (${tried}). Installez-le `
    + '(Debian/Ubuntu : apt install chromium; macOS : installez Google Chrome) ou donnez son chemin avec --chromium CHEMIN; le rapport HTML est écrit.',
  pdfFailed: (path, why) => `Chromium n'a pas pu imprimer ${path} : ${why}`,
  report: {
    title: (city, period) => `${city ? `${city} : ` : ''}normes de service du 311, ${period}`,
    asOf: (asOf) => `Chiffres au ${asOf}, tirés des exportations de la Ville.`,
    headlines: 'Faits saillants',
    headLabel: { 'calls.service_level': 'Niveau de service', 'calls.abandonment_rate': 'Abandons', 'calls.long_wait_share': 'Longues attentes',
      'tickets.on_time_rate': 'Requêtes dans les délais' },
    headValue: (label, value, what, num, den) => `${label} : ${value} ${what} (${num} sur ${den}) :`,
    headSl: (threshold, strict) => `des appels répondus ${strict ? 'en moins de' : 'en'} ${threshold}${strict ? '' : ' ou moins'}`,
    headAbandon: 'des appels offerts abandonnés par l\'appelant',
    headLongWait: (threshold) => `des appels offerts ont attendu ${threshold} ou plus`,
    headOnTime: 'des requêtes fermées dans leur délai',
    headNoData: (calls, period) => (calls ? `Appels : la base ne contient aucune donnée d'appels pour ${period} ; aucune norme d'appels ne peut être jugée.`
      : `Requêtes : la base ne contient aucune requête pour ${period}.`),
    verdictJudged: (met, ceiling, target, example) => (example
      ? `cible d'exemple ${met ? 'atteinte' : 'non atteinte'} (${ceiling ? `au plus ${target}` : `${target} ou plus`} ; un exemple, pas une norme adoptée par la Ville).`
      : `norme ${met ? 'respectée' : 'non respectée'} (${ceiling ? `plafond : ${target}` : `cible : ${target} ou plus`}).`),
    verdictTooFew: (calls, minN) => `trop peu ${calls ? "d'appels" : 'de requêtes'} pour juger (moins de ${minN}).`,
    verdictNoTarget: 'aucune cible dans les normes.',
    headEarlier: (period, value, diff) => `Un an plus tôt (${period}) : ${value}${diff === null ? '' : ` (${diff} points)`}.`,
    headEarlierNone: (period) => `Un an plus tôt (${period}) : aucune donnée.`,
    headTrend: (dir, first, month, last, full) =>
      `${full ? 'Sur 12 mois' : `Depuis ${month}`} : ${dir === 'up' ? 'en hausse' : dir === 'down' ? 'en baisse' : 'stable'}, de ${first} en ${month} à ${last}.`,
    emptyPeriod: (period, covers) => `aucune donnée pour ${period} dans la base, aucun rapport n'a été écrit ; ${covers}`,
    emptyStore: 'la base ne contient encore aucun appel ni aucune requête : importez d\'abord les exportations (vigie import FICHIER).',
    covers: (calls, tickets) => `la base contient ${[calls ? `des appels ${calls}` : null, tickets ? `des requêtes ${tickets}` : null]
      .filter(Boolean).join(' et ')}.`,
    range: (from, to) => (from === to ? `de ${from}` : `${/^[aeiouyàâéèêîôû]/i.test(from) ? "d'" : 'de '}${from} à ${to}`),
    notices: 'À lire avec prudence',
    zoneMismatch: (source, zone, standardsZone) =>
      `La source ${source} a été lue dans le fuseau ${zone}, mais les normes découpent jours et heures selon ${standardsZone} : mois, jours et heures ouvrables peuvent être décalés.`,
    cityMismatch: (sources, city, file) =>
      `Les données viennent de ${sources}, mais les normes appliquées sont celles ${city ? `de ${city}` : "d'une autre ville"} (${file}) : jours fériés, heures ouvrables et cibles peuvent ne pas être ceux de cette ville.`,
    sectionCalls: 'Appels',
    sectionTickets: 'Requêtes',
    exampleBanner: (labels) =>
      `Cibles d'exemple : les délais des requêtes ${labels.join(', ')} sont des exemples, pas des normes adoptées par la Ville. Les verdicts qui s'y rapportent le disent.`,
    chartSlBorough: (period) => `Niveau de service par arrondissement, ${period}`,
    noteSlBorough: "Du moins bon au meilleur. Tirets : la cible ; trait fin : l'intervalle à 95 %. Gris : trop peu d'appels pour juger, avec leur nombre, jamais classés.",
    chartTrend: (period) => `Niveau de service de toute la ville par mois, ${period}`,
    noteTrend: 'Tirets : la cible.',
    chartOnTime: (period) => `Requêtes fermées dans les délais par thème, ${period}`,
    noteOnTime: 'Tirets : la cible. Barres pâles : provisoire, des délais de la cohorte courent encore.',
    chartLocal: (period) => `Appels répondus par les agents de l'arrondissement, ${period}`,
    noteLocal: "Part des appels répondus dont l'agent travaillait dans l'arrondissement visé par l'appel.",
    chartHours: (period) => `Niveau de service par jour et par heure, ${period}`,
    noteHours: "Chaque case : la part des appels répondus dans la norme à cette heure ; gris : trop peu d'appels pour juger.",
    chartWaits: (period) => `Appels répondus selon l'attente, ${period}`,
    noteWaits: (threshold) => `Tirets : le seuil de ${threshold} ; à sa droite, la queue des longues attentes ; dernière barre : 20 minutes ou plus.`,
    groups: "Groupes d'arrondissements comparés",
    noteGroups: 'Niveau de service à partir des appels additionnés de leurs arrondissements.',
    groupCols: ['groupe', 'arrondissements', 'niveau de service', 'appels dans la norme', 'appels'],
    worst: 'Catégories les moins souvent dans les délais',
    noteWorst: (minN) => `Parmi les catégories d'au moins ${minN} requêtes jugées.`,
    worstCols: ['catégorie', 'thème', 'taux', 'dans les délais', 'jugées'],
    quality: 'Qualité des données',
    noteQuality: 'Chaque fichier lu, ses lignes et ce que les contrôles ont trouvé. Les lignes rejetées sont conservées avec leur texte dans la base.',
    qualityCols: ['fichier', 'contenu', 'instantané', 'lignes lues', 'rejetées', 'constats'],
    findingItem: (text, severity, count) => `${text} (${severity}, ${count})`,
    axisLocal: 'réponse locale',
    chartHeat: (period) => `Requêtes dans les délais, arrondissement × thème, ${period}`,
    noteHeat: "Chaque case : le taux de respect des délais des requêtes de ce thème dans l'arrondissement ; gris : trop peu de requêtes pour juger.",
    chartAging: (period) => `Requêtes ouvertes à la fin de ${period} selon leur âge, en multiples de leur délai`,
    aging: { within: 'dans le délai', over_1x: '1 à 2 × le délai', over_2x: 'plus de 2 × le délai', no_target: 'sans délai' },
    chartChannels: (period) => `Par où les requêtes sont arrivées, ${period}`,
    noteChannels: 'Les requêtes de chaque mois font 100 %.',
    chartMapSl: (period) => `Niveau de service par arrondissement sur la carte, ${period}`,
    chartMapOnTime: (period) => `Requêtes fermées dans les délais par arrondissement sur la carte, ${period}`,
    mapNote: 'Mêmes couleurs que les barres. Blanc : villes liées, que le 311 de la Ville ne dessert pas. Ses chiffres sont dans le tableau du graphique précédent.',
    mapNoteBelow: 'Mêmes couleurs que les barres. Blanc : villes liées, que le 311 de la Ville ne dessert pas. Ses chiffres, arrondissement par arrondissement, sont dans le tableau ci-dessous.',
    chartStaffing: (period) => `Agents à planifier par demi-heure pour respecter la norme (Erlang A), ${period}`,
    dataTable: 'Les chiffres du graphique',
    verdictLegend: { met: 'cible atteinte', missed: 'sous la cible', too_few: 'trop peu pour juger', no_target: 'sans cible' },
    exampleMark: "cible d'exemple",
    simplified: 'tracé simplifié',
    marksLegend: (missed, met, minN) =>
      `Dans les tableaux : ${missed} sous la cible (orange), ${met} cible atteinte (bleu) ; « n = … » : moins de ${minN} appels ou requêtes, trop peu pour juger (gris). `
      + '« > » dans un délai de fermeture : pas atteint pendant le suivi.',
    cols: { group: '', value: 'taux', ci: 'intervalle à 95 %', n: 'n', verdict: 'verdict', month: 'mois', calls: 'appels', from: 'attente', share: 'part',
      theme: 'thème', borough: 'arrondissement', agents: 'agents', start: 'début', day: 'jour', rate: 'taux' },
    waitBin: (from, to) => (to === null ? `${Math.round(from / 60)} min ou plus` : `${from} à ${to - 1} s`),
    tableCalls: 'Appels par arrondissement',
    tableTickets: 'Requêtes par arrondissement',
    cityWide: 'Toute la ville',
    inputs: 'Fichiers lus',
    inputCols: ['fichier', 'contenu', 'instantané', 'SHA-256'],
    standardsFile: (file, sha) => `Fichier de normes ${file}, SHA-256 ${sha}.`,
    pdfWritten: (path) => `PDF écrit : ${path}`,
    staffing: "Simulation d'effectifs",
    staffingText: (hoursA, hoursC, target, threshold, patience, cost) =>
      `Pour répondre à ${target} des appels en ${threshold} dans chaque demi-heure d'une semaine moyenne de la période, le modèle demande `
      + `${hoursA} heures-agents à l'horaire par semaine (Erlang A${patience === null ? '' : `, patience moyenne des appelants de ${patience}`} ; ${hoursC} selon Erlang C)`
      + `${cost ? `, soit ${cost} par semaine` : ''}.`,
    staffingModel: (shrinkage) => `Un modèle, pas une mesure : arrivées de Poisson, durées de traitement et patience exponentielles, demi-heures indépendantes, ${shrinkage} du temps à l'horaire passé hors du téléphone (pauses, formation, absences).`,
    methods: 'Méthodes',
    methodsText: "Chaque taux est calculé à partir des comptes (un taux de toute la ville n'est jamais une moyenne de taux) et présenté avec son "
      + 'numérateur, son dénominateur et un intervalle de Wilson à 95 %. Les fichiers lus et leur SHA-256 sont listés ci-dessous et dans manifest.json.',
    methodItems: (o) => [
      `Niveau de service (variante ${o.variant}) : appels répondus ${o.strict ? 'en moins de' : 'en'} ${o.T}${o.strict ? '' : ' ou moins'} ÷ (appels répondus + abandonnés)`
        + `${o.target ? ` ; la norme demande ${o.target} ou plus` : ''}. Un appel répondu à exactement ${o.T} ${o.strict ? "n'est pas" : 'est'} dans la norme.`,
      `Abandons : appels abandonnés par l'appelant ÷ appels offerts (répondus + abandonnés + expirés)${o.abandonMax ? ` ; plafond ${o.abandonMax}` : ''}. `
        + `Longues attentes : appels répondus ou abandonnés après ${o.longWait} ou plus d'attente ÷ appels offerts${o.longMax ? ` ; plafond ${o.longMax}` : ''}. `
        + "Les centiles d'attente sont des attentes observées (rang le plus proche).",
      "Réponse locale : appels répondus par un agent de l'arrondissement visé ÷ appels répondus dont le lieu de travail de l'agent est connu.",
      `Requêtes dans les délais (variante ${o.onTime}) : requêtes fermées au plus tard à leur échéance ÷ (requêtes fermées + requêtes ouvertes en retard) ; `
        + `une requête fermée à son échéance est dans les délais. Les requêtes sont regroupées par mois de ${o.cohort === 'closed' ? 'fermeture' : 'création'}. `
        + "L'échéance est celle que donne la source, sinon celle de la première règle des normes qui s'applique ; les requêtes sans l'une ni l'autre sont comptées à part. "
        + "Les requêtes annulées, refusées ou en double, les demandes de renseignements et les statuts inconnus sont comptés à part.",
      `Calendrier ouvrable (délais en jours ouvrables${o.business ? ', et en heures sur les heures ouvrables' : ''}) : ${o.hours} ; congés en ${o.year} : ${o.holidays.join(' ; ') || 'aucun'}.`,
      `Les requêtes ouvertes sont jugées au ${o.asOf}. Le délai de fermeture et la part finale dans les délais sont des estimations de Kaplan–Meier `
        + 'où les requêtes encore ouvertes sont censurées à cette date ; un mois dont des échéances dépassent cette date est provisoire.',
      `Mois, jours et heures sont ceux du fuseau ${o.zone}. Les groupes de moins de ${o.minN} appels ou requêtes sont présentés mais pas jugés.`,
    ],
  },
};
