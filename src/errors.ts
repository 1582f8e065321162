/**
 * The one error type of vigie. `exitCode` follows the exit codes of README.md: 0 ok, 1 runtime error (store busy, I/O, bug),
 * 2 usage error or data validation failed, 3 a standard was breached under `--fail-on-breach`.
 * `code` is a stable identifier (`store.busy`, `import.unusableFile`…) that scripts may match on.
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: string;

  constructor(exitCode: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.code = code;
  }
}

export const EXIT = { ok: 0, runtime: 1, usage: 2, data: 2, breach: 3 } as const;
