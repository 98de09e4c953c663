/** One checked condition of a rule and its wording in the trace, e.g. "daysPastDue 35 ≤ 90". */
export interface Condition {
  readonly ok: boolean;
  readonly text: string;
}

/** The result of checking a rule: whether it holds, and why (or why not) in short English. */
export interface Check {
  readonly holds: boolean;
  readonly detail: string;
}

export function atMost(name: string, value: number, max: number): Condition {
  const ok = value <= max;
  return { ok, text: `${name} ${value} ${ok ? "≤" : ">"} ${max}` };
}

export function isOneOf(name: string, value: string, allowed: readonly string[], kind: string): Condition {
  const ok = allowed.includes(value);
  return { ok, text: `${name} ${value} ${ok ? "is" : "is not"} ${kind}` };
}

/** Holds when every condition does; the detail lists all conditions when it holds, else only the failing ones. */
export function allOf(conditions: readonly Condition[]): Check {
  const failing = conditions.filter((c) => !c.ok);
  const shown = failing.length === 0 ? conditions : failing;
  return { holds: failing.length === 0, detail: shown.map((c) => c.text).join("; ") };
}
