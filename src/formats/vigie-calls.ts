/**
 * `vigie-calls`: the generic call log (README.md, Formats) — one row per call that reached the queue:
 * `id,queued_at,outcome,wait_seconds,talk_seconds,queue,theme,borough,agent_site,transferred`; `id`, `queued_at`,
 * `outcome` and `wait_seconds` required. Times ISO 8601 with or without offset (without: the city's zone). Outcomes:
 * answered, abandoned, timeout (any exit from the queue by rule), callback, blocked, other. `transferred`: true/false
 * (also 1/0, yes/no, oui/non). Durations in seconds; `h:mm:ss` is read too. Incremental: each log adds calls.
 */
import { blankToNull, codeTable, readsOfFields, type CallAdapter, type CallFieldSql, type IntervalAdapter, type IntervalFieldSql } from './types.ts';

function callFields(col: (name: string) => string): CallFieldSql {
  return {
    id: blankToNull(col('id')), queuedText: blankToNull(col('queued_at')), outcomeRaw: blankToNull(col('outcome')),
    waitText: blankToNull(col('wait_seconds')), talkText: blankToNull(col('talk_seconds')), queue: blankToNull(col('queue')),
    theme: blankToNull(col('theme')), boroughRaw: blankToNull(col('borough')), agentSiteRaw: blankToNull(col('agent_site')),
    transferredRaw: blankToNull(col('transferred')),
  };
}

const CALL_OPTIONAL = ['talk_seconds', 'queue', 'theme', 'borough', 'agent_site', 'transferred'];

export const vigieCalls: CallAdapter = {
  name: 'vigie-calls',
  kind: 'calls',
  source: 'vigie-calls',
  mode: 'incremental',
  zone: 'America/Toronto',
  timeFormats: ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M'],
  offsets: true,
  required: ['id', 'queued_at', 'outcome', 'wait_seconds'],
  optional: CALL_OPTIONAL,
  reads: readsOfFields(callFields),
  // The generic format's optional columns are documented as such: a log may lack any of them from its first drop on.
  mayLack: CALL_OPTIONAL.map((c) => [c]),
  columns: { id: 'id', queued: 'queued_at', outcome: 'outcome', wait: 'wait_seconds', talk: 'talk_seconds', queue: 'queue',
    theme: 'theme', borough: 'borough', agentSite: 'agent_site', transferred: 'transferred' },
  fields: callFields,
  outcome: codeTable({
    answered: 'answered', abandoned: 'abandoned', timeout: 'timeout', callback: 'callback', blocked: 'blocked', other: 'other',
  }),
  durations: 'either',
};

/**
 * `vigie-call-intervals`: ACD interval report rows (docs/methods.md §1.8) —
 * `interval_start,interval_minutes,queue,theme,borough,offered,answered,abandoned,answered_within,threshold_seconds,
 * wait_seconds_answered_total,talk_seconds_total,abandoned_short`; the first five counts' columns `interval_start`,
 * `interval_minutes`, `offered`, `answered`, `abandoned` required. An interval belongs to the period of its start;
 * `answered_within` is taken as the ACD counted it, at its `threshold_seconds` and with its own boundary.
 */
function intervalFields(col: (name: string) => string): IntervalFieldSql {
  const b = (n: string) => blankToNull(col(n));
  return {
    startText: b('interval_start'), minutesText: b('interval_minutes'), queue: b('queue'), theme: b('theme'), boroughRaw: b('borough'),
    counts: { offered: b('offered'), answered: b('answered'), abandoned: b('abandoned'), answered_within: b('answered_within'),
      abandoned_short: b('abandoned_short') },
    thresholdText: b('threshold_seconds'), waitTotalText: b('wait_seconds_answered_total'), talkTotalText: b('talk_seconds_total'),
  };
}

const INTERVAL_OPTIONAL = ['queue', 'theme', 'borough', 'answered_within', 'threshold_seconds', 'wait_seconds_answered_total',
  'talk_seconds_total', 'abandoned_short'];

export const vigieCallIntervals: IntervalAdapter = {
  name: 'vigie-call-intervals',
  kind: 'call-intervals',
  source: 'vigie-call-intervals',
  mode: 'incremental',
  zone: 'America/Toronto',
  timeFormats: vigieCalls.timeFormats,
  offsets: true,
  required: ['interval_start', 'interval_minutes', 'offered', 'answered', 'abandoned'],
  optional: INTERVAL_OPTIONAL,
  reads: readsOfFields(intervalFields),
  mayLack: INTERVAL_OPTIONAL.map((c) => [c]),
  fields: intervalFields,
};
