import type { Agreement, HandoffRequest } from "../domain/agreement.js";
import type { AuditEvent, AuditQuery, NewAuditEvent } from "../domain/audit.js";

/**
 * The seams every backend (in-memory default, Redis) implements, and the contract tests run
 * against both. Nothing here depends on botbuilder: KeyValueStorage is structurally the same as
 * botbuilder's `Storage`, so an implementation can be handed to ConversationState/UserState.
 */
export interface StoreItems {
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- botbuilder's Storage shape
}
export interface KeyValueStorage {
  read(keys: string[]): Promise<StoreItems>;
  /** eTag compare-and-set: an item whose eTag is neither missing, "*" nor current is rejected. */
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** One item as its stored JSON text (without the eTag) and its eTag, unparsed; undefined when absent. */
  readJson(key: string): Promise<StoredJson | undefined>;
  /** Writes one item from its JSON text (an object, without eTag), with `write`'s compare-and-set on `eTag`. */
  writeJson(key: string, json: string, eTag: string | undefined): Promise<void>;
}

/** An item as stored: its JSON text and its eTag. */
export interface StoredJson {
  json: string;
  eTag: string;
}

/** A short per-conversation mutual exclusion around one turn, across instances. */
export interface TurnLock {
  withLock<T>(conversationId: string, fn: (lease: TurnLease) => Promise<T>): Promise<T>;
}

/** The held lock, as the turn sees it. */
export interface TurnLease {
  /**
   * Resolves while the lock is still this turn's; rejects with XieshangError("unavailable") when
   * it may have expired (a stalled process) so that the turn does not commit over another's.
   * Costs a round trip only when the lease was not confirmed within its TTL.
   */
  confirm(): Promise<void>;
}

/** One activity in a conversation's transcript; `id` is its watermark (ordered, opaque). */
export interface TranscriptEntry {
  id: string;
  activity: Record<string, unknown>;
}
export interface TranscriptStore {
  /** Appends and returns the new entry's id (the Direct Line watermark). Resolves only once stored. */
  append(conversationId: string, activity: Record<string, unknown>): Promise<string>;
  /** Entries strictly after `after` (all when undefined), oldest first. */
  read(conversationId: string, after?: string, limit?: number): Promise<TranscriptEntry[]>;
  /** As `read`, but each activity as its stored JSON text and its type (nothing parsed). */
  readJson(conversationId: string, after?: string, limit?: number): Promise<TranscriptJsonEntry[]>;
  /**
   * Appends unless an activity was already appended under `onceKey` in this conversation (a
   * redelivered message: the same clientActivityID or channel activity id); then nothing is
   * appended and the first one's watermark and activity id are returned. Atomic across instances.
   */
  appendOnce(conversationId: string, onceKey: string, activity: Record<string, unknown>): Promise<OnceAppend>;
}

export interface OnceAppend {
  /** The entry's watermark. */
  id: string;
  /** `activity.id` of the entry (the first delivery's, when not fresh). */
  activityId: string;
  /** True when this call appended it. */
  fresh: boolean;
}

/**
 * Per-account verification lockout (POLICY.md §6): failed verifications counted per claimed
 * account (a keyed hash, never the digits), shared by every instance, expiring by itself.
 */
export interface VerificationLockout {
  /** True while self-service verification for this claim is locked. */
  isLocked(claimKey: string): Promise<boolean>;
  /** Counts one failed verification; true when this failure (or an earlier one) locked the claim. */
  recordFailure(claimKey: string): Promise<boolean>;
}

/** The verification question a conversation waits on: its next message is an answer, never stored in clear. */
export type VerificationStage = "account" | "id";
export interface VerificationMarkers {
  set(conversationId: string, stage: VerificationStage): Promise<void>;
  get(conversationId: string): Promise<VerificationStage | null>;
  clear(conversationId: string): Promise<void>;
}

/** One transcript entry as stored: `json` is JSON.stringify of the activity; `type` its activity type. */
export interface TranscriptJsonEntry {
  id: string;
  type: string;
  json: string;
}

/** Wakes whichever instance holds a listener (a borrower's WebSocket, an agent console). */
export interface Notifier {
  publish(topic: string, message: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function unsubscribes. */
  subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>>;
}

/** Conversation references (opaque JSON) for proactive messages. */
export interface ReferenceStore {
  save(conversationId: string, reference: Record<string, unknown>): Promise<void>;
  get(conversationId: string): Promise<Record<string, unknown> | null>;
}

export interface AgreementStore {
  /** Append-only: saving an id that exists is an error. */
  save(agreement: Agreement): Promise<void>;
  get(id: string): Promise<Agreement | null>;
  listByConversation(conversationId: string): Promise<Agreement[]>;
  /** Every agreement on an account, oldest first (a second arrangement needs a person, POLICY.md §5a). */
  listByAccount(accountId: string): Promise<Agreement[]>;
  /** Agreements created at or after `sinceMs`, oldest first (ties by id), one page at a time (export). */
  listSince(sinceMs: number, page?: { offset: number; count: number }): Promise<Agreement[]>;
}

export interface HandoffQueue {
  enqueue(request: HandoffRequest): Promise<void>;
  get(id: string): Promise<HandoffRequest | null>;
  /** The open (waiting or claimed) request of a conversation, if any: the bot stays silent then. */
  activeFor(conversationId: string): Promise<HandoffRequest | null>;
  /** Open requests, most urgent first, then oldest first. */
  listOpen(): Promise<HandoffRequest[]>;
  /** Sets the status alone (low level; src/handoff/service.ts checks transitions and uses `replace`). */
  setStatus(id: string, status: HandoffRequest["status"]): Promise<void>;
  /** The request and its version (a counter bumped by every write), for compare-and-set. */
  getVersioned(id: string): Promise<{ request: HandoffRequest; version: number } | null>;
  /**
   * Compare-and-set: stores `request` (same id) only when the stored version is still
   * `expectedVersion`; false when another writer came first (re-read and decide again). Keeps the
   * open list and the conversation's active request in step with the status, atomically.
   */
  replace(request: HandoffRequest, expectedVersion: number): Promise<boolean>;
}

/** One desk event as stored: `id` is its cursor (ordered, opaque), `json` the event. */
export interface DeskEventEntry {
  id: string;
  json: string;
}

/**
 * What the agent desk keeps besides handoffs: its event log (the resumable stream), server-side
 * agent sessions, presence, notes, engine decisions an agent ran, approval tasks and the outbox
 * of messages held back by quiet hours. Both backends; nothing here is borrower-facing.
 */
export interface DeskStore {
  /** Appends an event (JSON) and returns its cursor. The log keeps the latest `maxEvents`. */
  appendEvent(json: string): Promise<string>;
  /** Events strictly after `after` (all kept when undefined), oldest first. */
  readEvents(after: string | undefined, limit: number): Promise<DeskEventEntry[]>;
  /** The newest cursor, or null when the log is empty. */
  lastEventId(): Promise<string | null>;
  /** The oldest cursor still kept, or null when empty (a client behind it must reload). */
  firstEventId(): Promise<string | null>;

  putSession(id: string, json: string, ttlSeconds: number): Promise<void>;
  getSession(id: string): Promise<string | null>;
  deleteSession(id: string): Promise<void>;

  /** Marks an agent present until now + ttlMs. */
  markPresent(agentId: string, ttlMs: number): Promise<void>;
  clearPresent(agentId: string): Promise<void>;
  /** Agents present at `nowMs`. */
  countPresent(nowMs: number): Promise<number>;

  addNote(handoffId: string, json: string): Promise<void>;
  listNotes(handoffId: string): Promise<string[]>;

  putRecord(kind: "decision" | "approval", id: string, json: string): Promise<void>;
  getRecord(kind: "decision" | "approval", id: string): Promise<string | null>;
  /** Replaces a record only if its JSON is still `expectedJson` (compare-and-set). */
  swapRecord(kind: "decision" | "approval", id: string, expectedJson: string, json: string): Promise<boolean>;
  /** Approval ids, oldest first. */
  listApprovalIds(): Promise<string[]>;
  addApprovalId(id: string): Promise<void>;

  /**
   * An agent's request id (a message or an offer sent again after a lost answer): claims it for
   * `ttlMs` and returns null, or returns what is already recorded under it — "pending" while the
   * first attempt runs, else its answer's JSON.
   */
  beginRequest(key: string, ttlMs: number): Promise<string | null>;
  /** Records the answer of a claimed request (kept for the rest of its `ttlMs`). */
  finishRequest(key: string, json: string, ttlMs: number): Promise<void>;
  /** Releases a claimed request whose attempt failed (a retry runs it afresh). */
  dropRequest(key: string): Promise<void>;

  /** Holds a message until `dueAtMs`. */
  scheduleOutbox(id: string, dueAtMs: number, json: string): Promise<void>;
  /** Takes (removes and returns) up to `limit` messages due at `nowMs`; each is taken by one caller only. */
  takeDueOutbox(nowMs: number, limit: number): Promise<string[]>;
}

/**
 * The audit log (POLICY.md §8): append-only, kept for the record-keeping period, never altered or
 * deleted by any route or by an erasure. Events carry ids and codes, never free text.
 */
export interface AuditLog {
  /** Validates (XieshangError "bad_request" naming the field), stores, and returns the event with its id and time. */
  append(event: NewAuditEvent): Promise<AuditEvent>;
  /** Oldest first; `since`/`after` bound the start, filters by conversation, actor and action; at most `limit` (default 100). */
  read(query?: AuditQuery): Promise<AuditEvent[]>;
}

/** Which conversations belong to an account (POLICY §8 erasure by account); kept as long as transcripts. */
export interface AccountIndex {
  link(accountId: string, conversationId: string): Promise<void>;
  conversationsOf(accountId: string): Promise<string[]>;
}

/** What an erasure deleted (counts of stored items, never their content). */
export interface ErasureResult {
  transcripts: number;
  states: number;
  references: number;
  handoffs: number;
  /** Agents' notes on those handoffs (the desk's copies of what was said). */
  notes: number;
}

/**
 * POLICY §8 erasure: a conversation's transcript, dialog and user state, reference and handoff
 * copies are deleted; agreements and the audit log are kept (legal retention).
 */
export interface Erasure {
  eraseConversation(conversationId: string): Promise<ErasureResult>;
  /** Forgets the account → conversations index itself (after its conversations were erased). */
  forgetAccount(accountId: string): Promise<void>;
}

export interface Stores {
  kind: "memory" | "redis";
  storage: KeyValueStorage;
  lock: TurnLock;
  transcripts: TranscriptStore;
  notifier: Notifier;
  references: ReferenceStore;
  agreements: AgreementStore;
  handoffs: HandoffQueue;
  lockout: VerificationLockout;
  verifying: VerificationMarkers;
  desk: DeskStore;
  audit: AuditLog;
  accountIndex: AccountIndex;
  erasure: Erasure;
  /** True when the backend answers (always true in memory). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
