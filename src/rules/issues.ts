import type { z } from "zod";

/** How many schema problems one message names before it says "and N more". */
const MAX_LISTED = 3;

/** Renders zod issues as one line: `account.daysPastDue: expected integer, received string`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED).map(formatIssue);
  const more = issues.length - MAX_LISTED;
  return more > 0 ? `${lines.join("; ")} (and ${more} more)` : lines.join("; ");
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".");
  return `${at}: ${problem(issue)}`;
}

function problem(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const expected = issue.expected === "int" ? "integer" : issue.expected;
      if (issue.input === undefined) return `missing (expected ${expected})`;
      return `expected ${expected}, received ${describe(issue.input)}`;
    }
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}${issue.input === undefined ? "" : `, received ${JSON.stringify(issue.input)}`}`;
    case "too_small":
      if (issue.origin === "string") return issue.minimum === 1 ? "must not be empty" : `must be at least ${String(issue.minimum)} characters`;
      if (issue.origin === "array") return `must have at least ${String(issue.minimum)} item(s)`;
      return `must be ${issue.inclusive === false ? ">" : "≥"} ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${String(issue.maximum)} characters`;
      if (issue.origin === "array") return `must have at most ${String(issue.maximum)} item(s)`;
      return `must be ${issue.inclusive === false ? "<" : "≤"} ${String(issue.maximum)}`;
    case "invalid_key":
      return `unknown key ${JSON.stringify(issue.path.at(-1) ?? "")}`;
    default:
      return issue.message.replace(/^Invalid input: /, "");
  }
}

/** A JSON-ish type name for a received value. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isInteger(value)) return `number ${value}`;
  return typeof value;
}
