/**
 * Whether `suite` runs: true when `reason` (why it cannot run here) is undefined; otherwise throws
 * where `process.env[required]` is '1', else prints the reason and returns false.
 */
export function runsHere(suite: string, reason: string | undefined | null, required: string): boolean;
