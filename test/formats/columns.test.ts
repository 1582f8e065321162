/**
 * The column-loss rule (src/formats/columns.ts), on every built-in format: remove or rename each column the format
 * reads, one at a time, and against a previous drop remove each column it had.
 */
import test from 'ava';
import { ADAPTERS } from '../../src/formats/index.ts';
import { columnLoss, looksRenamed, losesColumns } from '../../src/formats/columns.ts';

/** A full header of the format: the first name of every slot it reads, then its other known columns. */
function fullHeader(a: (typeof ADAPTERS)[number]): string[] {
  const first = a.reads.map((slot) => slot[0]!);
  return [...new Set([...first, ...a.required, ...a.optional.filter((c) => !a.reads.some((s) => s.includes(c)))])];
}

const mayLackAlone = (a: (typeof ADAPTERS)[number], c: string) => (a.mayLack ?? []).some((g) => g.length === 1 && g[0] === c);

for (const a of ADAPTERS) {
  test(`${a.name}: every column it reads, removed or renamed, is a loss (a documented optional one may only be left out)`, (t) => {
    const header = fullHeader(a);
    t.false(losesColumns(columnLoss(a, header, null)), 'the full header loses nothing');
    for (const slot of a.reads) {
      const c = slot[0]!;
      const without = header.filter((h) => h !== c);
      const removed = columnLoss(a, without, null);
      const inGroup = (a.mayLack ?? []).find((g) => g.includes(c));
      if (mayLackAlone(a, c)) t.false(losesColumns(removed), `${c} is documented as optional`);
      else t.deepEqual(removed.absent, [c], `${c} removed`);
      if (inGroup && inGroup.length > 1) t.deepEqual(removed.absent, [c], `${c} without the rest of its group`);
      const renamed = columnLoss(a, header.map((h) => (h === c ? `${c}_NEW` : h)), null);
      t.deepEqual(renamed.absent, [c], `${c} renamed`);
      t.deepEqual(renamed.renamed, [{ from: c, to: `${c}_NEW` }], `${c} renamed is named`);
      // the same file, against a previous drop that had the column: lost, whatever the format says of it
      const history = columnLoss(a, without, { file: 'before.csv', header });
      t.true(history.lost.includes(c) || history.absent.includes(c), `${c} lost against the previous drop`);
      t.true(losesColumns(history));
    }
  });
}

test('Montréal: the archive variant (no status columns) is a known variant; its status columns renamed are not', (t) => {
  const m = ADAPTERS.find((a) => a.name === 'montreal-requetes311')!;
  const full = fullHeader(m);
  const archive = full.filter((c) => c !== 'DERNIER_STATUT' && c !== 'DATE_DERNIER_STATUT');
  t.false(losesColumns(columnLoss(m, archive, null)));
  // the drop: STATUT, DATE_STATUT in their place
  const renamed = full.map((c) => (c === 'DERNIER_STATUT' ? 'STATUT' : c === 'DATE_DERNIER_STATUT' ? 'DATE_STATUT' : c));
  const l = columnLoss(m, renamed, null);
  t.deepEqual(l.absent, ['DERNIER_STATUT', 'DATE_DERNIER_STATUT']);
  t.deepEqual(l.renamed, [{ from: 'DERNIER_STATUT', to: 'STATUT' }, { from: 'DATE_DERNIER_STATUT', to: 'DATE_STATUT' }]);
  // against a previous drop that had them, each column is named once
  t.deepEqual(columnLoss(m, renamed, { file: 'before.csv', header: full }).lost, []);
  // the archive after a drop that had the status: lost
  const after = columnLoss(m, archive, { file: 'requetes311-2018-10-01.csv', header: full });
  t.deepEqual(after.lost, ['DERNIER_STATUT', 'DATE_DERNIER_STATUT']);
  t.is(after.previous, 'requetes311-2018-10-01.csv');
});

test('against a previous drop: the same column spelt otherwise, or read under another of the format\'s names, is not lost', (t) => {
  const boston = ADAPTERS.find((a) => a.name === 'boston-311')!;
  const before = ['case_enquiry_id', 'open_dt', 'target_dt', 'closed_dt', 'ontime', 'case_status', 'type', 'neighborhood', 'source', 'department'];
  const after = before.map((c) => (c === 'target_dt' ? 'sla_target_dt' : c === 'ontime' ? 'on_time' : c));
  t.false(losesColumns(columnLoss(boston, after, { file: 'old.csv', header: before })));
  t.deepEqual(columnLoss(boston, before.filter((c) => c !== 'ontime'), { file: 'old.csv', header: before }).lost, ['ontime']);
});

test('looksRenamed: similar names or the words of one among the other\'s; unrelated names are not', (t) => {
  t.true(looksRenamed('DERNIER_STATUT', 'STATUT'));
  t.true(looksRenamed('DATE_DERNIER_STATUT', 'DATE_STATUT'));
  t.true(looksRenamed('PROVENANCE_ORIGINALE', 'PROVENANCE_ORIGINE'));
  t.true(looksRenamed('status', 'Current Status'));
  t.false(looksRenamed('DERNIER_STATUT', 'LOC_ERREUR_GDT'));
  t.false(looksRenamed('ARRONDISSEMENT_GEO', 'RUE_INTERSECTION1'));
});
