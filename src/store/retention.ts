/**
 * How long the store keeps each kind of data (POLICY.md §8), enforced by the store itself: Redis
 * keys get a TTL from the moment they are written (refreshed on activity), streams are also
 * trimmed, and the in-memory backend expires the same things lazily.
 */
export interface Retention {
  /** Dialog and user state: after the last write or read. POLICY §8: 30 days. */
  stateMs: number;
  /** Transcripts, conversation references, handoff records, the account index: after the last activity. 180 days. */
  transcriptMs: number;
  /** Agreements and the audit log: the bank's record-keeping period. 5 years. */
  recordsMs: number;
  /** Longest transcript kept (entries; older ones are trimmed, Redis MAXLEN ~). */
  transcriptMaxEntries: number;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;

export const DEFAULT_RETENTION: Retention = {
  stateMs: 30 * DAY_MS,
  transcriptMs: 180 * DAY_MS,
  recordsMs: 5 * YEAR_MS,
  transcriptMaxEntries: 2000,
};

export interface RetentionConfig {
  RETENTION_STATE_DAYS: number;
  RETENTION_TRANSCRIPT_DAYS: number;
  RETENTION_RECORDS_YEARS: number;
  TRANSCRIPT_MAX_ENTRIES: number;
}

export function retentionFromConfig(config: RetentionConfig): Retention {
  return {
    stateMs: config.RETENTION_STATE_DAYS * DAY_MS,
    transcriptMs: config.RETENTION_TRANSCRIPT_DAYS * DAY_MS,
    recordsMs: config.RETENTION_RECORDS_YEARS * YEAR_MS,
    transcriptMaxEntries: config.TRANSCRIPT_MAX_ENTRIES,
  };
}

/** Whole seconds for EXPIRE (at least 1). */
export function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
