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
}

/** A short per-conversation mutual exclusion around one turn, across instances. */
export interface TurnLock {
  withLock<T>(conversationId: string, fn: () => Promise<T>): Promise<T>;
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
  setStatus(id: string, status: HandoffRequest["status"]): Promise<void>;
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
  audit: AuditLog;
  accountIndex: AccountIndex;
  erasure: Erasure;
  /** True when the backend answers (always true in memory). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
