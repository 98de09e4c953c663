import { createHash } from "node:crypto";

/** What a turn scope lives on: botbuilder's per-turn state (no AsyncLocalStorage: its promise hooks cost every turn ~20 %). */
interface HasTurnState {
  turnState: Map<unknown, unknown>;
}

interface Scope {
  seed: string;
  drawn: Map<string, number>;
}

const SCOPE = Symbol("xieshang.turnScope");

/** Marks this turn as the turn of a keyed message (conversation + messageKey), so turnBytes is reproducible in it. */
export function beginTurnScope(context: HasTurnState, seed: string): void {
  context.turnState.set(SCOPE, { seed, drawn: new Map() } satisfies Scope);
}

/**
 * Bytes that are the same every time the same message's turn runs (the n-th draw for `kind`), so
 * that a turn re-run after its instance died before committing names things as the first run did
 * (the same agreement reference, not a second agreement). Undefined outside a keyed turn.
 */
export function turnBytes(context: HasTurnState, kind: string): Buffer | undefined {
  const scope = context.turnState.get(SCOPE) as Scope | undefined;
  if (!scope) return undefined;
  const n = scope.drawn.get(kind) ?? 0;
  scope.drawn.set(kind, n + 1);
  return createHash("sha256").update(`${scope.seed}\n${kind}\n${n}`, "utf8").digest();
}
