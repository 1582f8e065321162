/**
 * `vigie standards apply`: the store keeps each ticket's deadline under a standards file (src/store/ticket-facts.ts),
 * or stops keeping them. One transaction: a failure leaves the store as it was.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Standards } from '../standards/standards.ts';
import { buildTicketFacts, dropTicketFacts, factsState } from './ticket-facts.ts';

export interface ApplyResult {
  /** Whether the store kept deadlines before. */
  had: boolean;
  /** The tickets whose deadlines it keeps now (0 when it stops). */
  tickets: number;
}

/** Keeps the deadlines under `s` (built as of `now`), or drops them when `s` is null. */
export async function applyStandards(conn: DuckDBConnection, s: Standards | null, now: Date): Promise<ApplyResult> {
  await conn.run('BEGIN TRANSACTION');
  let had = false;
  let n = 0;
  try {
    had = (await factsState(conn)) !== null;
    if (s) n = await buildTicketFacts(conn, s, now);
    else await dropTicketFacts(conn);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
  return { had, tickets: n };
}
