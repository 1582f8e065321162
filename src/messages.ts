/**
 * Every user-facing text of vigie, in English and French. Commands never build sentences themselves: they call
 * `msg(lang).<key>(…)`. Keys are grouped by where they are used; finding texts are keyed by the finding code.
 */
export type Lang = 'en' | 'fr';

/** A whole number with its thousands grouped as each language writes them: 14 019 in French (narrow no-break space), 14,019 in English. */
export function int(v: number, lang: Lang): string {
  const digits = String(Math.round(Math.abs(v))).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? '\u202f' : ',');
  return v < 0 ? `−${digits}` : digits;
}

/** A count and its noun, agreed: English singular for 1 only ("1 row", "0 rows"); French singular below 2 ("0 ligne", "1 ligne", "2 lignes"). */
const nEn = (n: number, one: string, many: string) => `${int(n, 'en')} ${n === 1 ? one : many}`;
const nFr = (n: number, one: string, many: string) => `${int(n, 'fr')} ${Math.abs(n) < 2 ? one : many}`;
/** A word that agrees with a count without the count: "column"/"columns". */
const sEn = (n: number, one: string, many: string) => (n === 1 ? one : many);
const sFr = (n: number, one: string, many: string) => (Math.abs(n) < 2 ? one : many);

const en = {
  // generic errors
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
  noCallData: 'no call data in the store for this period',
  complianceHeading: (kind: string, period: string, asOf: string) => `Compliance with the standards: ${kind}, ${period}, as of ${asOf}`,
  partialWord: 'partial',
  partialNote: 'partial: a week cut by the period, or a month, week or day still running at the as-of date; its counts do not compare with a whole one\'s',
  hiddenGroupsNote: (n: number) => `${nEn(n, 'group', 'groups')} with nothing to show (no call, or no request created, open or overdue) left out: --all-groups shows ${sEn(n, 'it', 'them')}`,
  closedCohortCount: 'closed',
  cityWide: 'city-wide',
  tooFewNote: (n: number) => `(n=…): fewer than ${n} calls or tickets, no verdict (too_few)`,
  noTicketData: 'no ticket data in the store for this period',
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
  /** Words for the ids a reader sees (theme labels come from data/themes.csv, see themeLabel). JSON keeps the ids. */
  vocab: {
    channel: { phone: 'phone', email: 'email', web: 'web', mobile: 'mobile app', in_person: 'in person', social: 'social media', mail: 'mail',
      fax: 'fax', other: 'other', unknown: 'unknown channel' } as Record<string, string>,
    kind: { tickets: 'requests', calls: 'calls', 'call-intervals': 'call-centre intervals' } as Record<string, string>,
    severity: { error: 'error', warning: 'warning', info: 'information' } as Record<string, string>,
    status: { open: 'open', closed: 'closed', cancelled: 'cancelled', refused: 'refused', duplicate: 'duplicate', unknown: 'unknown status' } as Record<string, string>,
    outcome: { answered: 'answered', abandoned: 'abandoned', timeout: 'timed out', callback: 'callback', blocked: 'blocked', other: 'other' } as Record<string, string>,
    nature: { request: 'request', information: 'information', complaint: 'complaint', comment: 'comment' } as Record<string, string>,
    /** The group of rows without a borough (unknown or not given), the same name in every output. */
    noBorough: 'no borough',
    noTheme: 'no theme',
    noQueue: 'no queue',
    complianceKind: { all: 'calls and requests', calls: 'calls', tickets: 'requests' } as Record<string, string>,
  },
  weekday: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' } as Record<string, string>,
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
  } as Record<string, string>,
  breach: (n: number) => `${nEn(n, 'standard', 'standards')} missed (--fail-on-breach)`,
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
  demoWrote: (dir: string, n: number, seed: number, scale: number) =>
    `demo: ${int(n, 'en')} synthetic contacts (seed ${seed}, scale ${scale}) written as Montréal requetes311 snapshots in ${dir}/`,
  demoDone: (secs: string) => `demo ready in ${secs} s`,
  demoWroteCalls: (n: number) => `demo: ${int(n, 'en')} synthetic calls written as vigie-calls logs`,
  demoExplore: (store: string) => `explore it with: vigie status --store ${store}`,

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

type Counts = { read: number; inserted: number; updated: number; unchanged: number; stale: number; rejected: number; duplicate_in_file: number };
export type Messages = typeof en;

const fr: Messages = {
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
  noCallData: "aucune donnée d'appels dans la base pour cette période",
  complianceHeading: (kind, period, asOf) => `Conformité aux normes : ${kind}, ${period}, en date du ${asOf}`,
  partialWord: 'partielle',
  partialNote: "partielle : semaine coupée par la période, ou mois, semaine ou jour pas encore terminé à la date de référence ; ses chiffres ne se comparent pas à ceux d'une période entière",
  hiddenGroupsNote: (n) => `${nFr(n, 'groupe sans rien à montrer', 'groupes sans rien à montrer')} (aucun appel, ou aucune requête créée, ouverte ou en retard) omis : --all-groups ${sFr(n, "l'affiche", 'les affiche')}`,
  closedCohortCount: 'fermées',
  cityWide: 'toute la ville',
  tooFewNote: (n) => `(n=…) : moins de ${n} appels ou requêtes, trop peu pour juger`,
  noTicketData: 'aucune requête dans la base pour cette période',
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
  vocab: {
    channel: { phone: 'téléphone', email: 'courriel', web: 'Web', mobile: 'application mobile', in_person: 'en personne', social: 'médias sociaux',
      mail: 'courrier', fax: 'télécopieur', other: 'autre', unknown: 'provenance inconnue' },
    kind: { tickets: 'requêtes', calls: 'appels', 'call-intervals': "intervalles du centre d'appels" },
    severity: { error: 'erreur', warning: 'avertissement', info: 'information' },
    status: { open: 'ouverte', closed: 'fermée', cancelled: 'annulée', refused: 'refusée', duplicate: 'en double', unknown: 'statut inconnu' },
    outcome: { answered: 'répondu', abandoned: 'abandonné', timeout: 'expiré', callback: 'rappel', blocked: 'bloqué', other: 'autre' },
    nature: { request: 'requête', information: 'renseignement', complaint: 'plainte', comment: 'commentaire' },
    noBorough: 'sans arrondissement',
    noTheme: 'sans thème',
    noQueue: "sans file d'attente",
    complianceKind: { all: 'appels et requêtes', calls: 'appels', tickets: 'requêtes' },
  },
  weekday: { mon: 'lun', tue: 'mar', wed: 'mer', thu: 'jeu', fri: 'ven', sat: 'sam', sun: 'dim' },
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
  demoWrote: (dir, n, seed, scale) =>
    `démo : ${int(n, 'fr')} contacts synthétiques (graine ${seed}, échelle ${scale}) écrits en instantanés requetes311 de Montréal dans ${dir}/`,
  demoDone: (secs) => `démo prête en ${secs} s`,
  demoWroteCalls: (n) => `démo : ${int(n, 'fr')} appels synthétiques écrits en journaux vigie-calls`,
  demoExplore: (store) => `pour l'explorer : vigie status --store ${store}`,

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

/** The word for an id of one of the catalogue's vocabularies, or the id itself when the catalogue has none. */
export function word(lang: Lang, family: 'channel' | 'kind' | 'severity' | 'status' | 'outcome' | 'nature', id: string): string {
  return msg(lang).vocab[family][id] ?? id;
}

export function msg(lang: Lang): Messages {
  return lang === 'fr' ? fr : en;
}

/** The CLI language: `--lang` first, then a French `LC_ALL`/`LC_MESSAGES`/`LANG`, else English. */
export function pickLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  if (flag === 'fr' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fr([_.-]|$)/i.test(locale) ? 'fr' : 'en';
}
