/**
 * Local time buckets in SQL without a time-zone function per row: the temp table \`utc_offsets\` that every local
 * grouping (compliance, report, staffing, the calls' cube) joins.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { offsetAt, transitions } from './zone.ts';

/** What {@link createUtcOffsetTable} built: the SQL that maps an instant column to its bucket's key `k`. */
export interface LocalBuckets {
  key: (col: string) => string;
  bucketSeconds: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The temp table `utc_offsets`: one row per UTC bucket over [fromMs, toMs) (a day's margin on each side) with the
 * zone's offset and the bucket's local labels, computed once per bucket instead of once per row:
 * `k` (the join key), `h` (its UTC start), `offset_s`, `lt` (local start), `lday` (DATE), `lday_label` (`2018-09-03`),
 * `lmonth` (`2018-09`), `lweek` (ISO `2018-W36`), `lhour`, `lminute`, `ldow` (ISO weekday, 1 = Monday).
 * Queries join it on `z.k = key(col)`, an integer division of the instant's epoch milliseconds: no time-zone function
 * runs per row (a row-wise local conversion cost ten times the aggregate on 10 million calls).
 * The bucket is an hour, or less when the zone has offsets that are not whole hours (India's +5:30: 30 minutes) or
 * when `bucketSeconds` asks for less (the staffing half-hours): the greatest common divisor of all of them, so that
 * every local hour, day and slot boundary is a bucket boundary and every instant of a bucket shares its labels.
 */
export async function createUtcOffsetTable(conn: DuckDBConnection, zone: string, fromMs: number, toMs: number,
  bucketSeconds = 3600): Promise<LocalBuckets> {
  const start0 = Math.floor(fromMs / 3_600_000) * 3_600_000 - 86_400_000;
  const end = toMs + 86_400_000;
  const cuts = transitions(zone, start0, end);
  const segs: { from: number; to: number; offset: number }[] = [];
  let cursor = start0;
  let offset = cuts[0]?.before ?? offsetAt(zone, start0);
  for (const c of cuts) {
    segs.push({ from: cursor, to: c.at, offset });
    cursor = c.at;
    offset = c.after;
  }
  segs.push({ from: cursor, to: end, offset });
  // offsets and transition instants are whole minutes in every zone of the tz database since 1970
  const B = segs.reduce((g, x) => gcd(g, gcd(Math.abs(x.offset / 1000), Math.abs(x.from - start0) / 1000)), gcd(3600, bucketSeconds)) || 60;
  const bms = B * 1000;
  const base = start0;
  const seg = segs.map((x) => `(${Math.floor((x.from - base) / bms)}::BIGINT, ${Math.ceil((x.to - base) / bms)}::BIGINT, ${x.offset / 1000})`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE utc_offsets AS
    SELECT k, h, offset_s, lt, lt::DATE AS lday, strftime(lt, '%Y-%m-%d') AS lday_label, strftime(lt, '%Y-%m') AS lmonth,
      strftime(lt, '%G-W%V') AS lweek, hour(lt) AS lhour, minute(lt) AS lminute, isodow(lt) AS ldow
    FROM (SELECT k, make_timestamptz((${base}::BIGINT + k * ${bms}) * 1000) AS h, o AS offset_s,
        make_timestamp((${base}::BIGINT + k * ${bms} + o * 1000) * 1000) AS lt
      FROM (SELECT unnest(range(kf, kt)) AS k, o FROM (VALUES ${seg.join(', ')}) v(kf, kt, o)))`);
  return { key: (col) => `((epoch_ms(${col}) - ${base}::BIGINT) // ${bms})`, bucketSeconds: B };
}
