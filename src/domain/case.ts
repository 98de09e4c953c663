import { z } from "zod";

/** Hardship reasons (POLICY.md §1), shared with the free-text classifier. */
export const REASONS = [
  "medical",
  "job_loss",
  "income_reduction",
  "business_difficulty",
  "disaster",
  "family_emergency",
  "bereavement",
  "over_indebtedness",
  "other",
] as const;
export const Reason = z.enum(REASONS);
export type Reason = z.infer<typeof Reason>;

export const PRODUCTS = ["credit_card", "consumer_loan", "business_loan"] as const;
export const Product = z.enum(PRODUCTS);
export type Product = z.infer<typeof Product>;

export const DURATIONS = ["under_3_months", "3_to_12_months", "over_12_months", "unknown"] as const;
export const ExpectedDuration = z.enum(DURATIONS);
export type ExpectedDuration = z.infer<typeof ExpectedDuration>;

const minor = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

export const Account = z
  .strictObject({
    product: Product,
    currency: z.literal("CNY"),
    outstandingMinor: minor,
    annualRateBps: count,
    daysPastDue: count,
    originalTermMonths: z.number().int().min(1).nullable(),
    remainingTermMonths: z.number().int().min(1).nullable(),
    contractualMonthlyPaymentMinor: minor,
    penaltyAccruedMinor: minor,
    secured: z.boolean(),
    arrangementsLast12m: count,
    brokenArrangementsLast12m: count,
  })
  .superRefine((a, ctx) => {
    const isCard = a.product === "credit_card";
    for (const key of ["originalTermMonths", "remainingTermMonths"] as const) {
      if (isCard && a[key] !== null) {
        ctx.addIssue({ code: "custom", path: [key], message: "must be null for a credit card" });
      }
      if (!isCard && a[key] === null) {
        ctx.addIssue({ code: "custom", path: [key], message: "is required (an integer ≥ 1) for a loan" });
      }
    }
  });
export type Account = z.infer<typeof Account>;

export const Hardship = z.strictObject({
  reason: Reason,
  expectedDuration: ExpectedDuration,
  monthlyIncomeMinor: minor,
  essentialExpensesMinor: minor,
  affordableMonthlyMinor: minor,
  willingToRepay: z.boolean(),
});
export type Hardship = z.infer<typeof Hardship>;

export const Flags = z.strictObject({
  requestsHuman: z.boolean(),
  selfHarmRisk: z.boolean(),
  dispute: z.boolean(),
  fraudClaim: z.boolean(),
  complaint: z.boolean(),
  legalRepresentation: z.boolean(),
  bankruptcy: z.boolean(),
  borrowerDeceased: z.boolean(),
});
export type Flags = z.infer<typeof Flags>;

export const NO_FLAGS: Flags = Object.freeze({
  requestsHuman: false,
  selfHarmRisk: false,
  dispute: false,
  fraudClaim: false,
  complaint: false,
  legalRepresentation: false,
  bankruptcy: false,
  borrowerDeceased: false,
});

/** The facts the rules engine decides on (POLICY.md §1). Unknown fields are rejected. */
export const HardshipCase = z.strictObject({
  identityVerified: z.boolean(),
  account: Account,
  hardship: Hardship,
  flags: Flags,
});
export type HardshipCase = z.infer<typeof HardshipCase>;
