/**
 * The UTC bucket table every local grouping joins (createUtcOffsetTable): for instants all around DST changes and in
 * zones whose offsets are not whole hours, the labels read through `z.k = key(col)` are the instant's local day,
 * month, ISO week, hour, minute and weekday as Intl computes them.
 */
import test from 'ava';
import { DuckDBInstance } from '@duckdb/node-api';
import { createUtcOffsetTable } from '../../src/time/utc-offsets.ts';

function localParts(zone: string, ms: number) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
  }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const dow = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday!) + 1;
  return { day: `${p.year}-${p.month}-${p.day}`, month: `${p.year}-${p.month}`, hour: Number(p.hour), minute: Number(p.minute), dow };
}

for (const [zone, bucket, expected] of [['America/Toronto', 3600, 3600], ['Asia/Kolkata', 3600, 1800], ['Asia/Kathmandu', 3600, 900],
  ['America/Toronto', 1800, 1800], ['Australia/Lord_Howe', 3600, 1800]] as const) {
  test(`local labels by bucket in ${zone} (asked ${bucket} s)`, async (t) => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    t.teardown(() => { conn.closeSync(); instance.closeSync(); });
    await conn.run(`SET TimeZone = 'UTC'`);
    const from = Date.UTC(2018, 2, 1);
    const to = Date.UTC(2018, 11, 31);
    const z = await createUtcOffsetTable(conn, zone, from, to, bucket);
    t.is(z.bucketSeconds, expected);
    // every 7 minutes and 13 seconds over the DST changes of the year, and a sample of the rest
    const instants: number[] = [];
    for (let ms = Date.UTC(2018, 2, 10); ms < Date.UTC(2018, 2, 12); ms += 433_000) instants.push(ms);
    for (let ms = Date.UTC(2018, 10, 3); ms < Date.UTC(2018, 10, 5); ms += 433_000) instants.push(ms);
    for (let ms = Date.UTC(2018, 3, 6, 17, 59, 59); ms < Date.UTC(2018, 3, 8); ms += 1_800_000) instants.push(ms, ms + 1000);
    for (let ms = from; ms < to; ms += 86_400_000 * 3 + 3_541_000) instants.push(ms);
    await conn.run(`CREATE TABLE i AS SELECT make_timestamptz(unnest([${instants.join(', ')}]::BIGINT[]) * 1000) AS t`);
    const reader = await conn.runAndReadAll(`SELECT epoch_ms(i.t) AS ms, z.lday_label, z.lmonth, z.lhour, z.lminute, z.ldow
      FROM i JOIN utc_offsets z ON z.k = ${z.key('i.t')} ORDER BY ms`);
    const got = reader.getRowObjects();
    t.is(got.length, instants.length);
    const bucketMinute = (m: number) => m - (m % (expected / 60));
    for (const r of got) {
      const e = localParts(zone, Number(r.ms));
      const actual = { day: r.lday_label, month: r.lmonth, hour: Number(r.lhour), minute: Number(r.lminute), dow: Number(r.ldow) };
      t.deepEqual(actual, { ...e, minute: bucketMinute(e.minute) }, new Date(Number(r.ms)).toISOString());
    }
  });
}
