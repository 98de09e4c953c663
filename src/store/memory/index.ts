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

export { KeyedMutex } from "./mutex.js";
export {
  MemoryKeyValueStorage,
  MemoryTurnLock,
  MemoryTranscriptStore,
  MemoryNotifier,
  MemoryReferenceStore,
  MemoryAgreementStore,
  MemoryHandoffQueue,
};

export interface MemoryStoresOptions {
  lock?: MemoryTurnLockOptions;
  /** Clock for transcript ids (tests). */
  now?: () => number;
  /** Per-account verification lockout thresholds (POLICY.md §6 defaults). */
  lockout?: LockoutOptions;
}

/** The embedded default: everything in this process, for one instance only. */
export function createMemoryStores(options: MemoryStoresOptions = {}): Stores {
  return {
    kind: "memory",
    storage: new MemoryKeyValueStorage(),
    lock: new MemoryTurnLock(options.lock),
    transcripts: new MemoryTranscriptStore(options.now),
    notifier: new MemoryNotifier(),
    references: new MemoryReferenceStore(),
    agreements: new MemoryAgreementStore(),
    handoffs: new MemoryHandoffQueue(),
    lockout: createMemoryLockout(options.lockout),
    verifying: new MemoryVerificationMarkers(),
    healthy: async () => true,
    close: async () => {},
  };
}
