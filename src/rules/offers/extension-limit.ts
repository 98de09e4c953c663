import type { Policy } from "../policy.js";

/**
 * The longest extension 《贷款通则》第十二条 allows, from the ORIGINAL term:
 * short-term (≤ 12 months) → the original term; medium-term (13–60) → half, rounded down;
 * long-term (> 60) → 36 months. The bands and the long-term cap come from the policy pack.
 */
export function maxExtensionMonths(originalTermMonths: number, limits: Policy["extension"]): number {
  if (originalTermMonths <= limits.shortTermMaxOriginalMonths) return originalTermMonths;
  if (originalTermMonths <= limits.mediumTermMaxOriginalMonths) return Math.floor(originalTermMonths / 2);
  return limits.longTermMaxExtensionMonths;
}

/** The trace's wording of the band, e.g. "maxExt 6 (original 13 months: half)". */
export function maxExtensionText(originalTermMonths: number, limits: Policy["extension"]): string {
  const band =
    originalTermMonths <= limits.shortTermMaxOriginalMonths
      ? "short-term: original term"
      : originalTermMonths <= limits.mediumTermMaxOriginalMonths
        ? "medium-term: half"
        : "long-term: cap";
  return `maxExt ${maxExtensionMonths(originalTermMonths, limits)} (originalTermMonths ${originalTermMonths}, ${band})`;
}
