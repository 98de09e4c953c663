import type { Account, Flags, Hardship, HardshipCase } from "../../src/domain/case.js";
import { NO_FLAGS } from "../../src/domain/case.js";
import { loadPolicy } from "../../src/rules/index.js";

/** The built-in policy pack, as the engine's users load it. */
export const policy = loadPolicy();

/** Section-wise overrides of a case: each given section is shallow-merged into the base. */
export interface CaseChanges {
  identityVerified?: boolean;
  account?: Partial<Account>;
  hardship?: Partial<Hardship>;
  flags?: Partial<Flags>;
}

export function withChanges(base: HardshipCase, changes: CaseChanges = {}): HardshipCase {
  return {
    identityVerified: changes.identityVerified ?? base.identityVerified,
    account: { ...base.account, ...changes.account },
    hardship: { ...base.hardship, ...changes.hardship },
    flags: { ...base.flags, ...changes.flags },
  };
}

/** The POLICY.md §1 example: a credit card, medical, short hardship — offerable (deferral, instalment, waiver). */
export function cardCase(changes?: CaseChanges): HardshipCase {
  return withChanges(
    {
      identityVerified: true,
      account: {
        product: "credit_card",
        currency: "CNY",
        outstandingMinor: 4800000,
        annualRateBps: 1800,
        daysPastDue: 35,
        originalTermMonths: null,
        remainingTermMonths: null,
        contractualMonthlyPaymentMinor: 240000,
        penaltyAccruedMinor: 32000,
        secured: false,
        arrangementsLast12m: 0,
        brokenArrangementsLast12m: 0,
      },
      hardship: {
        reason: "medical",
        expectedDuration: "under_3_months",
        monthlyIncomeMinor: 600000,
        essentialExpensesMinor: 400000,
        affordableMonthlyMinor: 150000,
        willingToRepay: true,
      },
      flags: { ...NO_FLAGS },
    },
    changes,
  );
}

/**
 * A consumer loan at 0 % so payments are easy to compute by hand: CNY 12,000 over 10 remaining
 * months of a 24-month loan (maxExt 12), affordable CNY 1,000 → needs 12 months → e = 2.
 */
export function loanCase(changes?: CaseChanges): HardshipCase {
  return withChanges(
    {
      identityVerified: true,
      account: {
        product: "consumer_loan",
        currency: "CNY",
        outstandingMinor: 1200000,
        annualRateBps: 0,
        daysPastDue: 20,
        originalTermMonths: 24,
        remainingTermMonths: 10,
        contractualMonthlyPaymentMinor: 120000,
        penaltyAccruedMinor: 0,
        secured: false,
        arrangementsLast12m: 0,
        brokenArrangementsLast12m: 0,
      },
      hardship: {
        reason: "job_loss",
        expectedDuration: "over_12_months",
        monthlyIncomeMinor: 500000,
        essentialExpensesMinor: 300000,
        affordableMonthlyMinor: 100000,
        willingToRepay: true,
      },
      flags: { ...NO_FLAGS },
    },
    changes,
  );
}

/** The trace entry of one rule (fails loudly when the rule is missing). */
export function traceOf(decision: { trace: { ruleId: string; outcome: string; detail: string }[] }, ruleId: string) {
  const entry = decision.trace.find((t) => t.ruleId === ruleId);
  if (!entry) throw new Error(`no trace entry for ${ruleId}`);
  return entry;
}

/** The offer of one type, or undefined. */
export function offerOf<T extends { type: string }, K extends T["type"]>(offers: T[], type: K): Extract<T, { type: K }> | undefined {
  return offers.find((o): o is Extract<T, { type: K }> => o.type === type);
}
