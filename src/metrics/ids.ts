/**
 * The metric ids vigie outputs, as one union type: a mistyped id (`calls.service_levl`) is a type error, not a
 * silent `undefined`. The ids are those of the JSON, CSV and report outputs and of docs/methods.md; their formulas
 * live in the other files of this folder, their counts in src/compliance/.
 */

import type { AgingBucket } from './backlog.ts';

/** Call-side metrics, per group of calls (docs/methods.md §1). */
export const CALL_METRIC_IDS = [
  'calls.offered', 'calls.answered', 'calls.abandoned', 'calls.timeout', 'calls.callback', 'calls.blocked',
  'calls.service_level', 'calls.asa_seconds', 'calls.wait_p50_seconds', 'calls.wait_p90_seconds',
  'calls.abandonment_rate', 'calls.time_to_abandon_seconds', 'calls.long_wait_share', 'calls.transfer_rate',
  'calls.answered_locally_share',
] as const;

/** Ticket-side metrics, per group of requests (docs/methods.md §2), besides the per-channel shares. */
export const TICKET_METRIC_IDS = [
  'tickets.created', 'tickets.closed', 'tickets.on_time_rate', 'tickets.no_target', 'tickets.open_overdue', 'tickets.backlog',
  'tickets.ttc_p50_days', 'tickets.ttc_p90_days', 'tickets.eventual_on_time_share',
  'tickets.cancelled', 'tickets.refused', 'tickets.duplicate', 'tickets.information', 'tickets.unknown_status',
  'tickets.invalid_dates', 'tickets.instant_close_share',
] as const;

export type CallMetricId = (typeof CALL_METRIC_IDS)[number];
/** `tickets.channel_share.<channel>`: the share of the group's requests that came through that channel. */
export type ChannelShareId = `tickets.channel_share.${string}`;
/** `tickets.aging.<bucket>`: the share of the backlog within its deadline, over 1×, over 2×, or without one. */
export type AgingId = `tickets.aging.${AgingBucket}`;
export type TicketMetricId = (typeof TICKET_METRIC_IDS)[number] | ChannelShareId | AgingId;
export type MetricId = CallMetricId | TicketMetricId;

/** The id of a channel's share (`tickets.channel_share.web`). */
export function channelShareId(channel: string): ChannelShareId {
  return `tickets.channel_share.${channel}`;
}

/** The id of a backlog aging bucket's share (`tickets.aging.over_1x`). */
export function agingId(bucket: AgingBucket): AgingId {
  return `tickets.aging.${bucket}`;
}
