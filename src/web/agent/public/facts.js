/* The facts form: confirmed facts as form text, and back as `facts.hardship` for /decide. Pure. */
import { parseYuan, yuanText } from "./format.js";

export const HARDSHIP_REASONS = ["medical", "job_loss", "income_reduction", "business_difficulty", "disaster", "family_emergency", "bereavement", "over_indebtedness", "other"];
export const DURATIONS = ["under_3_months", "3_to_12_months", "over_12_months", "unknown"];
export const MONEY_FIELDS = ["monthlyIncomeMinor", "essentialExpensesMinor", "affordableMonthlyMinor"];

/** The form's text values from confirmed facts. */
export function formFrom(hardship) {
  return {
    reason: hardship.reason ?? "",
    expectedDuration: hardship.expectedDuration ?? "",
    monthlyIncomeMinor: yuanText(hardship.monthlyIncomeMinor),
    essentialExpensesMinor: yuanText(hardship.essentialExpensesMinor),
    affordableMonthlyMinor: yuanText(hardship.affordableMonthlyMinor),
    willingToRepay: hardship.willingToRepay === undefined ? "" : String(hardship.willingToRepay),
  };
}

/** The form as `facts.hardship` for /decide: only fields with a value; a bad number names its field. */
export function hardshipFrom(form) {
  const hardship = {};
  const bad = [];
  if (form.reason) hardship.reason = form.reason;
  if (form.expectedDuration) hardship.expectedDuration = form.expectedDuration;
  for (const key of MONEY_FIELDS) {
    const v = parseYuan(form[key]);
    if (Number.isNaN(v)) bad.push(key);
    else if (v !== undefined) hardship[key] = v;
  }
  if (form.willingToRepay !== "") hardship.willingToRepay = form.willingToRepay === "true";
  return { hardship, bad };
}
