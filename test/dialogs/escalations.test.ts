import { expect } from "chai";
import type { Locale } from "../../src/domain/classification.js";
import type { Escalation } from "../../src/domain/decision.js";
import { t } from "../../src/i18n/catalog.js";
import { type Expect, expectReplies, patternOf, startConversation } from "../support/conversation.js";
import { reach } from "./paths.js";

interface Story {
  account?: string;
  id?: string;
  story: string;
  duration?: string;
  income?: string;
  expenses?: string;
  affordable?: string;
  willing?: "button.yes" | "button.no";
}

/** The answers up to the summary's confirmation, for a story whose reason the classifier hears. */
function intake(locale: Locale, s: Story): string[] {
  return [
    t(locale, "disclosure.continue"),
    s.account ?? "8801",
    s.id ?? "1234",
    s.story,
    t(locale, "button.yes"),
    t(locale, s.duration ?? "duration.3_to_12_months"),
    s.income ?? "6000",
    s.expenses ?? "4000",
    s.affordable ?? "1500",
    t(locale, s.willing ?? "button.yes"),
    t(locale, "summary.confirm"),
  ];
}

interface Path {
  name: string;
  locale: Locale;
  /** Everything the borrower says; the last message triggers the escalation. */
  says: (locale: Locale) => string[];
  escalation: Escalation;
  expects: Expect[];
}

const PATHS: Path[] = [
  {
    name: "the borrower says they do not want to live",
    locale: "zh-CN",
    says: (l) => [t(l, "disclosure.continue"), "8801", "1234", "我不想活了"],
    escalation: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" },
    expects: ["handoff.crisis", "handoff.queue.welfare"],
  },
  {
    name: "the borrower speaks of ending their life while asked for an amount",
    locale: "en",
    says: (l) => [t(l, "disclosure.continue"), "8801", "1234", "I lost my job last month", t(l, "button.yes"), t(l, "duration.unknown"), "I want to end my life"],
    escalation: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" },
    expects: ["handoff.crisis", "handoff.queue.welfare"],
  },
  {
    name: "the borrower gives an amount together with a wish to be gone for good",
    locale: "zh-CN",
    says: (l) => [t(l, "disclosure.continue"), "8801", "1234", "生病住院了", t(l, "button.yes"), t(l, "duration.unknown"), "3000，反正活着好累，想解脱了"],
    escalation: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" },
    expects: ["handoff.crisis", "handoff.queue.welfare"],
  },
  {
    name: "the borrower answers the identity question and says their family would be better off without them",
    locale: "en",
    says: (l) => [t(l, "disclosure.continue"), "8801 — honestly my family would be better off without me"],
    escalation: { queue: "welfare", priority: "urgent", reason: "self_harm_risk" },
    expects: ["handoff.crisis", "handoff.queue.welfare"],
  },
  {
    name: "the borrower reports identity theft",
    locale: "zh-CN",
    says: (l) => [t(l, "disclosure.continue"), "8801", "1234", "这笔钱不是我借的，有人盗用了我的身份"],
    escalation: { queue: "disputes", priority: "high", reason: "fraud_claim" },
    expects: ["handoff.queue.disputes"],
  },
  {
    name: "the borrower disputes the fees",
    locale: "en",
    says: (l) => [t(l, "disclosure.continue"), "8801", "1234", "the fees are wrong, I don't owe this"],
    escalation: { queue: "disputes", priority: "high", reason: "dispute" },
    expects: ["handoff.queue.disputes"],
  },
  {
    name: "the borrower complains about how they were treated",
    locale: "en",
    says: (l) => [t(l, "disclosure.continue"), "8801", "1234", "I want to complain about your staff"],
    escalation: { queue: "complaints", priority: "normal", reason: "complaint" },
    expects: ["handoff.queue.complaints"],
  },
  {
    name: "identity cannot be verified three times",
    locale: "zh-CN",
    says: (l) => [t(l, "disclosure.continue"), "8801", "0000", "8801", "9999", "1111", "1234"],
    escalation: { queue: "general", priority: "normal", reason: "identity_unverified" },
    expects: ["handoff.queue.general"],
  },
  {
    name: "the borrower is not willing to repay",
    locale: "en",
    says: (l) => intake(l, { story: "I lost my job last month", willing: "button.no" }),
    escalation: { queue: "specialist", priority: "normal", reason: "unwilling_to_repay" },
    expects: ["handoff.queue.specialist", { not: "handoff.debtAdvice" }],
  },
  {
    name: "the account is over 180 days past due",
    locale: "zh-CN",
    says: (l) => intake(l, { account: "9904", id: "4567", story: "上个月公司裁员，我失业了" }),
    escalation: { queue: "recoveries", priority: "normal", reason: "beyond_recovery_threshold" },
    expects: ["handoff.queue.recoveries"],
  },
  {
    name: "no plan fits what the borrower can afford",
    locale: "en",
    says: (l) => intake(l, { story: "I was in hospital for two weeks and couldn't work", duration: "duration.over_12_months", affordable: "500" }),
    escalation: { queue: "specialist", priority: "normal", reason: "no_affordable_option" },
    expects: ["handoff.queue.specialist", "handoff.debtAdvice"],
  },
  {
    name: "the borrower has too many debts",
    locale: "zh-CN",
    says: (l) => intake(l, { story: "我欠了好多网贷，拆东墙补西墙" }),
    escalation: { queue: "specialist", priority: "normal", reason: "over_indebtedness" },
    expects: ["handoff.queue.specialist", "handoff.debtAdvice"],
  },
];

describe("escalations reachable from the conversation", () => {
  for (const path of PATHS) {
    it(`when ${path.name} (${path.locale}), then the conversation goes to ${path.escalation.queue} (${path.escalation.reason})`, async () => {
      const c = await startConversation({ locale: path.locale });
      await c.join();
      const says = path.says(path.locale);
      let replies = await c.say(says[0]!);
      for (const text of says.slice(1)) replies = await c.say(text);
      expectReplies(replies, path.locale, path.expects);
      const request = await c.stores.handoffs.activeFor(c.conversationId);
      expect(request, "a handoff request is queued").to.not.equal(null);
      expect({ queue: request?.queue, priority: request?.priority, reason: request?.reason }).to.deep.equal(path.escalation);
      expect(request?.status).to.equal("waiting");
    });
  }

  it("when self-harm is mentioned, then the crisis-support message from the configuration comes first, before the handoff", async () => {
    const c = await startConversation({ locale: "zh-CN" });
    await reach(c, "hardship.askWhatHappened");
    const replies = await c.say("我不想活了");
    expect(replies[0]?.text).to.equal(t("zh-CN", "handoff.crisis", { support: c.config.CRISIS_SUPPORT_ZH }));
    expect(replies[1]?.text).to.match(patternOf("zh-CN", "handoff.queue.welfare"));
  });

  it("when the engine escalates after offers were computed, then the decision trace travels with the request", async () => {
    const c = await startConversation({ locale: "en" });
    await c.join();
    for (const text of intake("en", { story: "I lost my job last month", willing: "button.no" })) await c.say(text);
    const request = await c.stores.handoffs.activeFor(c.conversationId);
    expect(request?.trace.find((e) => e.outcome === "fired")?.ruleId).to.equal("ESC_UNWILLING");
    expect(request?.facts).to.include({ reason: "job_loss", willingToRepay: false });
  });

  it("when the borrower is over-indebted, then the free debt advice from the configuration is signposted", async () => {
    const c = await startConversation({ locale: "en" });
    await c.join();
    let replies = await c.say(t("en", "disclosure.continue"));
    for (const text of intake("en", { story: "I have too many debts with different lenders" }).slice(1)) replies = await c.say(text);
    expectReplies(replies, "en", [{ key: "handoff.debtAdvice", params: { advice: c.config.DEBT_ADVICE_EN } }]);
  });

  it("when the waiver is above the approval limit, then the agreement is stored pending approval, the borrower is told it is pending, and one approval task waits on the desk", async () => {
    const c = await startConversation({ locale: "en" });
    await c.join();
    const says = intake("en", { account: "6605", id: "5678", story: "I was in hospital for two weeks and couldn't work", duration: "duration.over_12_months", income: "12000", expenses: "6000", affordable: "3000" });
    let replies = await c.say(says[0]!);
    for (const text of says.slice(1)) replies = await c.say(text);
    expectReplies(replies, "en", ["offers.penalty_waiver.approval"]);
    expectReplies(await c.say(t("en", "offers.choose", { n: 1 })), "en", ["terms.personalized_instalment", "terms.penalty_waiver.approval"]);
    expectReplies(await c.say(t("en", "terms.confirm")), "en", ["agreement.pending_approval", { not: "agreement.agreed" }]);
    const [agreement] = await c.stores.agreements.listByConversation(c.conversationId);
    expect(agreement?.offers.map((o) => o.type)).to.deep.equal(["personalized_instalment", "penalty_waiver"]);
    expect(agreement?.status).to.equal("pending_approval");
    const task = JSON.parse((await c.stores.desk.getRecord("approval", `AP-${agreement!.id}`)) ?? "null") as { status: string; agreementId: string; handoffId: string | null } | null;
    expect(task).to.include({ status: "pending", agreementId: agreement!.id, handoffId: null });
  });
});
