import test from 'ava';
import { join } from 'node:path';
import { FIXTURES, tempDir, vigie } from '../_helpers/cli.ts';

const sample = join(FIXTURES, 'real', 'rats_data-excerpt.json');

test('import draws a progress line on stderr when stderr is a terminal', async (t) => {
  const r = await vigie(tempDir(t), ['import', sample], { stderrIsTTY: true });
  t.is(r.code, 0);
  t.regex(r.stderr, /\r\x1b\[2K.*rats_data-excerpt\.json: (reading|checking|writing)/);
});

test('import writes nothing on stderr when stderr is piped', async (t) => {
  const r = await vigie(tempDir(t), ['import', sample], { stderrIsTTY: false });
  t.is(r.code, 0);
  t.is(r.stderr, '');
});
