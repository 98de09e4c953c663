import type { Stores } from "../types.js";
import { MemoryKeyValueStorage } from "./storage.js";
import { MemoryTurnLock, type MemoryTurnLockOptions } from "./lock.js";
import { MemoryTranscriptStore } from "./transcript.js";
import { MemoryNotifier } from "./notifier.js";
import { MemoryReferenceStore } from "./references.js";
import { MemoryAgreementStore } from "./agreements.js";
import { MemoryHandoffQueue } from "./handoffs.js";
import { MemoryDeskStore } from "./desk.js";
import { MemoryAuditLog } from "./audit.js";
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
  /** How long each kind of data is kept (default: POLICY §8). */
  retention?: Partial<Retention>;
}

/** The embedded default: everything in this process, for one instance only. */
export function createMemoryStores(options: MemoryStoresOptions = {}): Stores {
  const retention: Retention = { ...DEFAULT_RETENTION, ...options.retention };
  return {
    kind: "memory",
    storage: new MemoryKeyValueStorage(),
    lock: new MemoryTurnLock(options.lock),
    transcripts: new MemoryTranscriptStore(options.now),
    notifier: new MemoryNotifier(),
    references: new MemoryReferenceStore(),
    agreements: new MemoryAgreementStore(),
    handoffs: new MemoryHandoffQueue(),
    desk: new MemoryDeskStore(),
    audit: new MemoryAuditLog(retention.recordsMs, options.now),
    healthy: async () => true,
    close: async () => {},
  };
}
