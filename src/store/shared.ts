/**
 * Small pure helpers both backends share, so that they agree byte for byte on what the contract
 * tests check (conflict messages, id formats, queue order).
 */
import { XieshangError } from "../errors.js";
import { PRIORITIES } from "../domain/decision.js";
import type { HandoffRequest } from "../domain/agreement.js";
import type { StoreItems } from "./types.js";

export function requireKeys(keys: unknown): asserts keys is string[] {
  if (!Array.isArray(keys)) throw new ReferenceError("Keys are required when reading.");
}

export function requireChanges(changes: unknown): asserts changes is StoreItems {
  if (changes === null || typeof changes !== "object") {
    throw new ReferenceError("Changes are required when writing.");
  }
}

/** The item to store, without its eTag, as JSON (items are plain JSON objects, as in botbuilder). */
export function serialiseItem(key: string, item: unknown): { json: string; eTag: string | undefined } {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw new XieshangError("bad_request", `Storage: item "${key}" must be an object`);
  }
  const { eTag, ...rest } = item as Record<string, unknown>;
  return { json: JSON.stringify(rest), eTag: typeof eTag === "string" && eTag !== "" ? eTag : undefined };
}

/** True when a write with this eTag must be checked against the stored one. */
export function needsEtagCheck(eTag: string | undefined): eTag is string {
  return eTag !== undefined && eTag !== "*";
}

export function etagConflict(key: string): XieshangError {
  return new XieshangError("conflict", `Storage: error writing "${key}" due to eTag conflict.`);
}

/** A stream-style id "<ms>-<seq>" (or "<ms>"), as Redis accepts after "(" in XRANGE. */
const STREAM_ID = /^(\d{1,15})(?:-(\d{1,15}))?$/;

export interface StreamId {
  ms: number;
  seq: number;
}

export function parseStreamId(id: string): StreamId {
  const m = STREAM_ID.exec(id);
  if (!m) throw new XieshangError("bad_request", `not a transcript watermark: ${JSON.stringify(id.slice(0, 40))}`);
  return { ms: Number(m[1]), seq: m[2] === undefined ? 0 : Number(m[2]) };
}

export function compareStreamIds(a: StreamId, b: StreamId): number {
  return a.ms - b.ms || a.seq - b.seq;
}

/** Normalises a read limit: undefined = all; otherwise a whole number ≥ 0. */
export function normaliseLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isFinite(limit)) return undefined;
  return Math.max(0, Math.floor(limit));
}

export function priorityRank(priority: HandoffRequest["priority"]): number {
  const rank = PRIORITIES.indexOf(priority);
  return rank < 0 ? PRIORITIES.length : rank;
}

/** Milliseconds of an ISO timestamp; unparsable times sort last within their priority. */
export function createdAtMs(request: HandoffRequest): number {
  const ms = Date.parse(request.createdAt);
  return Number.isFinite(ms) ? ms : 9_999_999_999_999;
}

/** Most urgent first, then oldest first, then by id (so that both backends agree on ties). */
export function compareHandoffs(a: HandoffRequest, b: HandoffRequest): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    createdAtMs(a) - createdAtMs(b) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Deep copy through JSON, like a network store would (Dates become strings, undefined vanishes). */
export function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * A notification listener that can be switched off and never lets a handler's error escape
 * (into an EventEmitter, or node-redis's reply parser). Both notifier backends use it.
 */
export function guardedListener(handler: (message: string) => void, onHandlerError: (error: unknown) => void) {
  let active = true;
  const listener = (message: string): void => {
    if (!active) return;
    try {
      handler(message);
    } catch (error) {
      onHandlerError(error);
    }
  };
  return {
    listener,
    /** Stops delivery; true the first time. */
    deactivate(): boolean {
      const was = active;
      active = false;
      return was;
    },
  };
}

/** True when a desk event (JSON) belongs to the conversation. */
export function eventOf(json: string, conversationId: string): boolean {
  try {
    const e = JSON.parse(json) as { conversationId?: unknown; handoff?: { conversationId?: unknown }; approval?: { conversationId?: unknown } };
    return (e.conversationId ?? e.handoff?.conversationId ?? e.approval?.conversationId) === conversationId;
  } catch {
    return false;
  }
}
