/**
 * What a read of a file found wrong with it: one finding per code and column, with the first rows that raised it.
 * Import, validate and status all speak this shape; the store keeps it as JSON with each drop.
 */
export interface Sample {
  line: number | null;
  column: string | null;
  value: string | null;
}

export interface Finding extends Sample {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  file: string;
  count: number;
  samples: Sample[];
  /** For unrecognised values: each distinct value and how many rows hold it. */
  values?: { value: string | null; count: number }[];
}
