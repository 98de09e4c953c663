import { expect } from "chai";
import type { Locale } from "../../src/domain/classification.js";
import type { OfferType } from "../../src/domain/decision.js";
import { t } from "../../src/i18n/catalog.js";
import { button, expectReplies, startConversation, talk } from "../support/conversation.js";

interface Borrower {
  name: string;
  accountLast4: string;
  idLast4: string;
  story: Record<Locale, string>;
  reasonKey: string;
  duration: string;
  income: Record<Locale, string>;
  expenses: Record<Locale, string>;
  affordable: Record<Locale, string>;
  /** Which option card to choose (1-based) and what it is. */
  option: number;
  offerType: OfferType;
  withWaiver: boolean;
  /** A phrase of the full terms that must be shown before agreeing. */
  termsKey: string;
  /** The agreement's status when it is not simply agreed (POLICY.md §5a). */
  status?: "pending_approval" | "pending_guarantor_consent";
}

const BORROWERS: Borrower[] = [
  {
    name: "the credit-card holder in hospital",
    accountLast4: "8801",
    idLast4: "1234",
    story: { en: "I was in hospital for two weeks and couldn't work", "zh-CN": "我住院了两个星期，没法上班" },
    reasonKey: "reason.medical",
    duration: "duration.3_to_12_months",
    income: { en: "6,000", "zh-CN": "六千" },
    expenses: { en: "¥4000", "zh-CN": "4千" },
    affordable: { en: "1.5k", "zh-CN": "1500元" },
    option: 2,
    offerType: "personalized_instalment",
    withWaiver: true,
    termsKey: "terms.personalized_instalment",
  },
  {
    name: "the consumer-loan borrower who lost a job",
    accountLast4: "5502",
    idLast4: "2345",
    story: { en: "I lost my job last month", "zh-CN": "上个月公司裁员，我失业了" },
    reasonKey: "reason.job_loss",
    duration: "duration.under_3_months",
    income: { en: "5000", "zh-CN": "五千" },
    expenses: { en: "3000", "zh-CN": "三千" },
    affordable: { en: "2000 yuan", "zh-CN": "两千" },
    option: 1,
    offerType: "payment_deferral",
    withWaiver: true,
    termsKey: "terms.payment_deferral",
  },
  {
    name: "the business-loan borrower whose shop is struggling",
    accountLast4: "7703",
    idLast4: "345x",
    story: { en: "my shop has had no customers, business is bad", "zh-CN": "生意不好做，店里没客人" },
    reasonKey: "reason.business_difficulty",
    duration: "duration.unknown",
    income: { en: "30000", "zh-CN": "3万" },
    expenses: { en: "18000", "zh-CN": "1万8" },
    affordable: { en: "8000", "zh-CN": "八千" },
    option: 1,
    offerType: "term_extension",
    withWaiver: false,
    termsKey: "terms.term_extension.guarantor",
    status: "pending_guarantor_consent",
  },
];

describe("the happy path, for each demo account in both languages", () => {
  for (const locale of ["zh-CN", "en"] as const) {
    for (const b of BORROWERS) {
      it(`when ${b.name} (${locale}) answers every question and agrees, then the agreement is stored with the full terms shown`, async () => {
        const c = await startConversation({ locale });
        expectReplies(await c.join(), locale, ["greeting.hello", "disclosure.text"]);
        await talk(c, [
          [button(c, "disclosure.continue"), ["verify.intro", "verify.askAccount"]],
          [b.accountLast4, ["verify.askId"]],
          [b.idLast4, ["verify.ok", "hardship.askWhatHappened"]],
          [b.story[locale], [{ key: "hardship.confirmReason", params: { reason: t(locale, b.reasonKey) } }]],
          [button(c, "button.yes"), ["hardship.askDuration"]],
          [button(c, b.duration), ["hardship.askIncome"]],
          [b.income[locale], ["hardship.askExpenses"]],
          [b.expenses[locale], ["hardship.askAffordable"]],
          [b.affordable[locale], ["hardship.askWilling"]],
          [button(c, "button.yes"), ["summary.title", "summary.ask"]],
          [button(c, "summary.confirm"), ["offers.intro", ...(b.withWaiver ? ["offers.penalty_waiver.title"] : [])]],
          [button(c, "offers.choose", { n: b.option }), ["terms.intro", b.termsKey, "terms.ask"]],
          [button(c, "terms.confirm"), [`agreement.${b.status ?? "agreed"}`]],
        ]);
        const agreements = await c.stores.agreements.listByConversation(c.conversationId);
        expect(agreements).to.have.length(1);
        const agreement = agreements[0]!;
        expect(agreement.offers[0]?.type).to.equal(b.offerType);
        expect(agreement.offers.some((o) => o.type === "penalty_waiver")).to.equal(b.withWaiver);
        expect(agreement.policyVersion).to.equal(c.policy.policyVersion);
        expect(agreement.locale).to.equal(locale);
        expect(agreement.accountId).to.match(new RegExp(b.accountLast4));
        expect(agreement.id).to.match(/^XS-[A-Z0-9]{8}$/);
        expect(agreement.trace.length).to.be.greaterThan(0);
        expect(agreement.case.identityVerified).to.equal(true);
        expect(agreement.status).to.equal(b.status ?? "agreed");
        // Proof of consent (POLICY.md §5a): the words, the time, every offer shown, when identity was verified.
        expect(agreement.consent.words).to.equal(t(locale, "terms.confirm"));
        expect(agreement.consent.at).to.be.a("string").and.not.equal("");
        expect(agreement.offersShown.length).to.be.at.least(agreement.offers.length);
        expect(agreement.verifiedAt).to.be.a("string");
        // The text stored is exactly the text the borrower confirmed.
        const shown = c.history.find((r) => r.text.startsWith(t(locale, "terms.intro")));
        expect(shown?.text).to.equal(agreement.textShown);
        // The reference is given to the borrower.
        expect(c.history.at(-1)?.text).to.include(agreement.id);
      });
    }
  }
});
