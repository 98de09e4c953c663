import type { Hardship } from "../domain/case.js";

/**
 * The level monthly payment repaying `principalMinor` over `months` at `annualRateBps`
 * (POLICY.md §2), rounded UP to a whole minor unit. Computed in double precision exactly as the
 * policy writes it, so every implementation agrees to the fen:
 * `Math.ceil(P * r / (1 - (1 + r) ** -n))` with `r = rateBps / 10000 / 12`; `Math.ceil(P / n)` when r = 0.
 */
export function payment(principalMinor: number, annualRateBps: number, months: number): number {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be an integer ≥ 1, got ${months}`);
  const r = annualRateBps / 10000 / 12;
  if (r === 0) return Math.ceil(principalMinor / months);
  return Math.ceil((principalMinor * r) / (1 - (1 + r) ** -months));
}

/** What is left of income after essential expenses, never negative. */
export function disposableMinor(hardship: Hardship): number {
  return Math.max(0, hardship.monthlyIncomeMinor - hardship.essentialExpensesMinor);
}

/** What a plan may cost each month: the borrower's own figure, capped by income and expenditure. */
export function affordableMinor(hardship: Hardship): number {
  return Math.min(hardship.affordableMonthlyMinor, disposableMinor(hardship));
}

/** The smallest term in `from..to` whose payment fits `budgetMinor`, with that payment; null if none. */
export function smallestAffordableTerm(
  principalMinor: number,
  annualRateBps: number,
  from: number,
  to: number,
  budgetMinor: number,
): { months: number; paymentMinor: number } | null {
  for (let months = from; months <= to; months++) {
    const paymentMinor = payment(principalMinor, annualRateBps, months);
    if (paymentMinor <= budgetMinor) return { months, paymentMinor };
  }
  return null;
}
