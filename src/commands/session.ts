/**
 * How a command reaches the store. The one place that reads the environment for it: the path (`--store`, else
 * `VIGIE_STORE`, else `./data/vigie.duckdb` in the working directory) and how long to wait for another writer
 * (`VIGIE_LOCK_WAIT` seconds, default 5). `withStore` opens, hands the store to the work and closes it, whatever
 * the work throws.
 */
import { resolve } from 'node:path';
import type { Io } from '../io.ts';
import { openStore, type Store } from '../store/db.ts';

/** Seconds to wait for another vigie that holds the store: `VIGIE_LOCK_WAIT` (a number ≥ 0), else 5. */
export function lockWait(io: Io): number {
  const raw = io.env.VIGIE_LOCK_WAIT;
  const v = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(v) && v >= 0 ? v : 5;
}

/** The store file: `--store`, else `VIGIE_STORE`, else `./data/vigie.duckdb`, resolved against the working directory. */
export function storePath(flag: string | undefined, io: Io): string {
  return resolve(io.cwd, flag || io.env.VIGIE_STORE || 'data/vigie.duckdb');
}

/** Whether the user named a store (`--store` or `VIGIE_STORE`): validate compares with it only then. */
export function storeNamed(flag: string | undefined, io: Io): boolean {
  return !!(flag || io.env.VIGIE_STORE);
}

export interface StoreUse {
  /** `--store` as given (resolved by `storePath`); ignored when `path` is set. */
  store?: string | undefined;
  /** A path already chosen by the command (the demo's own store). */
  path?: string;
  /** Open for writing (import, standards apply, demo); read-only otherwise, and a missing store is then an error. */
  write?: boolean;
  /** The engine's memory limit (default: the store's, 512MB). */
  memoryLimit?: string;
}

/** Opens the store, runs `work` with it and closes it, also when `work` throws. */
export async function withStore<T>(io: Io, use: StoreUse, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ path: use.path ?? storePath(use.store, io), readOnly: !use.write, lang: io.lang, lockWaitSeconds: lockWait(io),
    ...(use.memoryLimit ? { memoryLimit: use.memoryLimit } : {}) });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
