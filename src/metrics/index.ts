export * from './call-counts.ts';
export * from './service-level.ts';
export * from './wait-times.ts';
export * from './abandonment.ts';
export * from './proportion.ts';
export * from './on-time.ts';
export * from './kaplan-meier.ts';
export * from './backlog.ts';
