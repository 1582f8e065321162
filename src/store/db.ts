/**
 * The DuckDB store: one database file. Every connection is configured the same way — explicit memory and thread
 * limits (DuckDB would otherwise take 80 % of RAM), no extension auto-install or auto-load (vigie never opens a network
 * connection), the session time zone pinned to UTC so that nothing depends on the process time zone, and strings
 * written without FSST compression (see below).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CliError, EXIT } from '../errors.ts';
import { msg, type Lang } from '../messages.ts';
import { migrate } from './schema.ts';

export interface Store {
  path: string;
  conn: DuckDBConnection;
  schemaVersion: number;
  close(): void;
}

export interface OpenOptions {
  path: string;
  readOnly?: boolean;
  lang: Lang;
  /** Seconds to wait for another writer before giving up with "store busy". */
  lockWaitSeconds?: number;
  memoryLimit?: string;
  threads?: number;
}

function isLockError(e: unknown): boolean {
  return /lock/i.test(String((e as Error)?.message ?? e));
}

/** The path of a store held in memory only (validate's dry run without a store): nothing is written to disk. */
export const MEMORY_STORE = ':memory:';

export async function openStore(opts: OpenOptions): Promise<Store> {
  const m = msg(opts.lang);
  const inMemory = opts.path === MEMORY_STORE;
  if (opts.readOnly && !inMemory && !existsSync(opts.path)) throw new CliError(EXIT.usage, 'store.missing', m.storeMissing(opts.path));
  if (!opts.readOnly && !inMemory) mkdirSync(dirname(opts.path), { recursive: true });
  const wait = opts.lockWaitSeconds ?? 5;
  const deadline = Date.now() + wait * 1000;
  // the engine is loaded here, when a store is opened, not when vigie starts (`--help` and `--version` never need it)
  const { DuckDBInstance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance | undefined;
  for (;;) {
    try {
      instance = await DuckDBInstance.create(opts.path, {
        access_mode: opts.readOnly ? 'READ_ONLY' : 'READ_WRITE',
        memory_limit: opts.memoryLimit ?? '512MB',
        threads: String(opts.threads ?? 2),
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
      break;
    } catch (e) {
      if (!isLockError(e)) throw new CliError(EXIT.runtime, 'store.open', m.storeOpenFailed(opts.path, String((e as Error).message)));
      if (Date.now() >= deadline) throw new CliError(EXIT.runtime, 'store.busy', m.storeBusy(opts.path, wait));
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`SET preserve_insertion_order = true`);
  // Strings are written without FSST: the versions' INSERT of a large calls drop is faster without its compression
  // search, for a larger file (the unique ids, stored plain). A setting of the instance, which DuckDB only takes
  // through SET.
  if (!opts.readOnly) await conn.run(`SET disabled_compression_methods = 'fsst'`);
  let schemaVersion: number;
  try {
    schemaVersion = await migrate(conn, { readOnly: !!opts.readOnly, path: opts.path, lang: opts.lang });
  } catch (e) {
    conn.closeSync();
    instance.closeSync();
    throw e;
  }
  return {
    path: opts.path,
    conn,
    schemaVersion,
    close() {
      conn.closeSync();
      instance!.closeSync();
    },
  };
}
