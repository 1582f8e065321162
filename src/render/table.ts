/** Terminal tables: borders and colours only on a terminal, plain text when piped (cli-table3 would emit ANSI codes). */
import Table from 'cli-table3';

export function table(head: string[], body: (string | number | null)[][], color: boolean): string {
  const t = new Table({
    head,
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    ...(color ? {} : { chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '',
      'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
      middle: '  ' } }),
  });
  for (const row of body) t.push(row.map((c) => (c === null ? '' : String(c))));
  return color ? t.toString() : t.toString().split('\n').map((l) => l.trimEnd().replace(/^ /, '')).join('\n');
}
