/**
 * The content id of a planned unit: a short hash of everything its work depends on (its kind, keys,
 * configuration and the ids of the units it needs), which is also its cache key.
 */
import { createHash } from 'node:crypto';

/** The first 16 hex digits of the SHA-256 of `value` as JSON. */
export const contentId = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
