import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";

interface Scope {
  seed: string;
  drawn: Map<string, number>;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs one turn of a keyed message (conversation + messageKey) so that turnBytes is reproducible in it. */
export function inTurnScope<T>(seed: string, fn: () => Promise<T>): Promise<T> {
  return scopes.run({ seed, drawn: new Map() }, fn);
}

/**
 * Bytes that are the same every time the same message's turn runs (the n-th draw for `kind`), so
 * that a turn re-run after its instance died before committing names things as the first run did
 * (the same agreement reference, not a second agreement). Undefined outside a keyed turn.
 */
export function turnBytes(kind: string): Buffer | undefined {
  const scope = scopes.getStore();
  if (!scope) return undefined;
  const n = scope.drawn.get(kind) ?? 0;
  scope.drawn.set(kind, n + 1);
  return createHash("sha256").update(`${scope.seed}\n${kind}\n${n}`, "utf8").digest();
}

/** True inside a keyed turn. */
export function inKeyedTurn(): boolean {
  return scopes.getStore() !== undefined;
}
