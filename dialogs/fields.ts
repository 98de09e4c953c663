import { DURATIONS, type Hardship, REASONS } from "../src/domain/case.js";
import type { Option } from "./prompts.js";

/** The hardship facts the borrower confirms, in the order they are asked. */
export const FIELDS = ["reason", "duration", "income", "expenses", "affordable", "willing"] as const;
export type Field = (typeof FIELDS)[number];

export const FIELD_OPTIONS: readonly Option<Field>[] = FIELDS.map((key) => ({ key, labelKey: `field.${key}` }));
export const REASON_OPTIONS: readonly Option<Hardship["reason"]>[] = REASONS.map((key) => ({ key, labelKey: `reason.${key}` }));
export const DURATION_OPTIONS: readonly Option<Hardship["expectedDuration"]>[] = DURATIONS.map((key) => ({
  key,
  labelKey: `duration.${key}`,
}));
export const YES_NO: readonly Option<"yes" | "no">[] = [
  { key: "yes", labelKey: "button.yes" },
  { key: "no", labelKey: "button.no" },
];
