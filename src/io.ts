import type { Lang } from './messages.ts';

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The wall clock, injected so that tests can pin it. */
  now: () => Date;
  /** Whether stderr is an interactive terminal (progress bars are drawn only then). */
  stderrIsTTY: boolean;
  /** Whether colour may be used on stdout. */
  color: boolean;
  lang: Lang;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** An Io that collects output in memory, for tests and for in-process callers. */
export function memoryIo(overrides: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    now: () => new Date(),
    stderrIsTTY: false,
    color: false,
    lang: 'en',
    env: {},
    cwd: process.cwd(),
    ...overrides,
    out,
    err,
  };
}

/** What command factories get from cli.ts: the Io (built once global options are parsed) and where to put the exit code. */
export interface Ctx {
  io: () => Io;
  setExit: (code: number) => void;
}
