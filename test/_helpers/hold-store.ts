// Opens a vigie store read-write and holds its lock until killed: a second writer for the store-busy test.
import { DuckDBInstance } from '@duckdb/node-api';

const path = process.argv[2]!;
const instance = await DuckDBInstance.create(path);
await instance.connect();
process.stdout.write('locked\n');
setTimeout(() => process.exit(0), 60_000);
