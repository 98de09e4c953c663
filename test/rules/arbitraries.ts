import fc from "fast-check";
import { DURATIONS, NO_FLAGS, REASONS, type Flags, type HardshipCase } from "../../src/domain/case.js";
import { payment } from "../../src/rules/index.js";

/** Mostly false, sometimes true: flags are rare, so most generated cases reach the offer rules. */
const rareTrue = fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 });
const mostlyTrue = rareTrue.map((b) => !b);

const flags: fc.Arbitrary<Flags> = fc.record({
  requestsHuman: rareTrue,
  selfHarmRisk: rareTrue,
  dispute: rareTrue,
  fraudClaim: rareTrue,
  complaint: rareTrue,
  legalRepresentation: rareTrue,
  bankruptcy: rareTrue,
  borrowerDeceased: rareTrue,
});

/** Amounts around and across the policy's boundaries. */
const money = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.constantFrom(0, 1, 500000, 500001, 20000000, 20000001));
const term = fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constantFrom(1, 12, 13, 60, 61, 360));

const terms = fc.oneof(
  fc.record({ product: fc.constant("credit_card" as const), originalTermMonths: fc.constant(null), remainingTermMonths: fc.constant(null) }),
  fc.record({ product: fc.constantFrom("consumer_loan" as const, "business_loan" as const), originalTermMonths: term, remainingTermMonths: term }),
);

/** Any valid HardshipCase, biased toward cases the offer rules must size. */
export const anyCase: fc.Arbitrary<HardshipCase> = fc
  .record({
    identityVerified: mostlyTrue,
    terms,
    outstandingMinor: money(25000000),
    annualRateBps: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3600 })),
    daysPastDue: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constantFrom(90, 91, 180, 181)),
    contractualMonthlyPaymentMinor: money(1000000),
    penaltyAccruedMinor: money(1000000),
    secured: fc.boolean(),
    arrangementsLast12m: fc.integer({ min: 0, max: 3 }),
    brokenArrangementsLast12m: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
    reason: fc.constantFrom(...REASONS),
    expectedDuration: fc.constantFrom(...DURATIONS),
    monthlyIncomeMinor: money(5000000),
    essentialExpensesMinor: money(3000000),
    affordableMonthlyMinor: money(2000000),
    willingToRepay: mostlyTrue,
    flags,
  })
  .map((r) => ({
    identityVerified: r.identityVerified,
    account: {
      product: r.terms.product,
      currency: "CNY" as const,
      outstandingMinor: r.outstandingMinor,
      annualRateBps: r.annualRateBps,
      daysPastDue: r.daysPastDue,
      originalTermMonths: r.terms.originalTermMonths,
      remainingTermMonths: r.terms.remainingTermMonths,
      contractualMonthlyPaymentMinor: r.contractualMonthlyPaymentMinor,
      penaltyAccruedMinor: r.penaltyAccruedMinor,
      secured: r.secured,
      arrangementsLast12m: r.arrangementsLast12m,
      brokenArrangementsLast12m: r.brokenArrangementsLast12m,
    },
    hardship: {
      reason: r.reason,
      expectedDuration: r.expectedDuration,
      monthlyIncomeMinor: r.monthlyIncomeMinor,
      essentialExpensesMinor: r.essentialExpensesMinor,
      affordableMonthlyMinor: r.affordableMonthlyMinor,
      willingToRepay: r.willingToRepay,
    },
    flags: r.flags,
  }));

/**
 * A case that reaches the offer rules (no flag, verified, willing, within thresholds) whose
 * affordable amount is exactly the payment over `k` extra months (loans) or `k` months (cards),
 * give or take a fen — so the term searches land on and around their limits often.
 */
export const offerableCase: fc.Arbitrary<HardshipCase> = fc
  .tuple(anyCase, fc.integer({ min: 1, max: 70 }), fc.integer({ min: -1, max: 1 }))
  .map(([c, k, nudge]) => {
    const remaining = c.account.remainingTermMonths;
    const months = remaining === null ? k : remaining + k;
    const outstandingMinor = Math.min(c.account.outstandingMinor, 20000000);
    const affordable = Math.max(0, payment(outstandingMinor, c.account.annualRateBps, months) + nudge);
    return {
      identityVerified: true,
      account: {
        ...c.account,
        outstandingMinor,
        daysPastDue: Math.min(c.account.daysPastDue, 180),
        brokenArrangementsLast12m: 0,
      },
      hardship: {
        ...c.hardship,
        reason: c.hardship.reason === "over_indebtedness" ? ("other" as const) : c.hardship.reason,
        affordableMonthlyMinor: affordable,
        monthlyIncomeMinor: c.hardship.essentialExpensesMinor + affordable,
        willingToRepay: true,
      },
      flags: { ...NO_FLAGS },
    };
  });
