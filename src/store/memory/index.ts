import type { Stores } from "../types.js";
import { MemoryKeyValueStorage } from "./storage.js";
import { MemoryTurnLock, type MemoryTurnLockOptions } from "./lock.js";
import { MemoryTranscriptStore } from "./transcript.js";
import { MemoryNotifier } from "./notifier.js";
import { MemoryReferenceStore } from "./references.js";
import { MemoryAgreementStore } from "./agreements.js";
import { MemoryHandoffQueue } from "./handoffs.js";
import { createMemoryLockout } from "./lockout.js";
import { MemoryVerificationMarkers } from "./markers.js";
import type { LockoutOptions } from "../lockout.js";
import { MemoryDeskStore } from "./desk.js";
import { MemoryAuditLog } from "./audit.js";
import { MemoryAccountIndex, MemoryErasure } from "./erasure.js";
import { DEFAULT_RETENTION, type Retention } from "../retention.js";

export { KeyedMutex } from "./mutex.js";
export {
  MemoryKeyValueStorage,
  MemoryTurnLock,
  MemoryTranscriptStore,
  MemoryNotifier,
  MemoryReferenceStore,
  MemoryAgreementStore,
  MemoryHandoffQueue,
  MemoryDeskStore,
  MemoryAuditLog,
};

export interface MemoryStoresOptions {
  lock?: MemoryTurnLockOptions;
  /** Clock for transcript and audit ids and for expiry (tests). */
  now?: () => number;
  /** Per-account verification lockout thresholds (POLICY.md §6 defaults). */
  lockout?: LockoutOptions;
  /** How long each kind of data is kept (default: POLICY §8). */
  retention?: Partial<Retention>;
  /** Where a notification handler's error is reported (default: dropped). */
  onHandlerError?: (error: unknown) => void;
}

/** The embedded default: everything in this process, for one instance only; expiry as in Redis. */
export function createMemoryStores(options: MemoryStoresOptions = {}): Stores {
  const retention: Retention = { ...DEFAULT_RETENTION, ...options.retention };
  const now = options.now ?? Date.now;
  const storage = new MemoryKeyValueStorage(retention.stateMs, now);
  const references = new MemoryReferenceStore(retention.transcriptMs, now);
  const transcripts = new MemoryTranscriptStore(now, {
    ttlMs: retention.transcriptMs,
    maxEntries: retention.transcriptMaxEntries,
    onAppend: (conversationId) => references.touch(conversationId),
  });
  const accountIndex = new MemoryAccountIndex(retention.transcriptMs, now);
  const handoffs = new MemoryHandoffQueue(retention.transcriptMs, now, accountIndex);
  const verifying = new MemoryVerificationMarkers();
  const desk = new MemoryDeskStore(20_000, now, retention.transcriptMs, retention.recordsMs);
  return {
    kind: "memory",
    storage,
    lock: new MemoryTurnLock(options.lock),
    transcripts,
    notifier: new MemoryNotifier(options.onHandlerError),
    references,
    agreements: new MemoryAgreementStore(retention.recordsMs, now, accountIndex),
    handoffs,
    audit: new MemoryAuditLog(retention.recordsMs, now),
    accountIndex,
    erasure: new MemoryErasure({ storage, transcripts, references, handoffs, accountIndex, verifying, desk }),
    lockout: createMemoryLockout(options.lockout),
    verifying,
    desk,
    healthy: async () => true,
    close: async () => {},
  };
}
