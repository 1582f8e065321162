/**
 * The keys a compliance answer groups by (`--by`), in the order outputs list them: a file of its own, so that a
 * command's help names them without loading the metrics (src/compliance/result.ts re-exports them).
 */
export const GROUP_KEYS = ['borough', 'theme', 'queue', 'month', 'week', 'day'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
