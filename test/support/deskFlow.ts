/** Helpers shared by the desk flow suites: a verified borrower who asked for a person, and clock windows. */
import { expect } from "chai";
import { DirectLineConversation, type ActivityStream } from "./directlineClient.js";
import { CARD_BORROWER_ZH } from "../multi-instance/borrower.js";
import { NegotiationSession } from "../multi-instance/session.js";

export interface Borrower {
  conversation: DirectLineConversation;
  stream: ActivityStream;
}

/** A borrower (card 8801) verified on Direct Line at `url`, who then asks for a person ("人工"). */
export async function verifiedBorrowerAsksForPerson(url: string, secret: string): Promise<Borrower> {
  const conversation = await DirectLineConversation.start(url, { secret, locale: "zh-CN" });
  const stream = await conversation.openStream();
  try {
    const session = new NegotiationSession(conversation, stream, CARD_BORROWER_ZH);
    await session.begin();
    await session.runUntil("verify.askId");
    const verify = await conversation.postActivity(conversation.message(CARD_BORROWER_ZH.idLast4, { locale: "zh-CN" }));
    await session.repliesTo(verify.id!);
    const post = await conversation.postActivity(conversation.message("人工", { locale: "zh-CN" }));
    expect(post.status).to.be.within(200, 299);
    await session.repliesTo(post.id!);
    return { conversation, stream };
  } catch (error) {
    // The caller closes the stream it gets back; on the way out with an error, close it here.
    await stream.close().catch(() => {});
    throw error;
  }
}

/** "HH:MM-HH:MM" in Asia/Shanghai around now (inside = true) or well away from now. */
export function windowAroundNow(inside: boolean): string {
  const fmt = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
  const now = Date.now();
  const h = 3_600_000;
  return inside ? `${fmt(new Date(now - h))}-${fmt(new Date(now + h))}` : `${fmt(new Date(now + 3 * h))}-${fmt(new Date(now + 4 * h))}`;
}

/** The agent-corrected facts that make the engine offer a plan and a waiver above the approval limit. */
export const CORRECTED_FACTS = {
  hardship: {
    reason: "medical",
    expectedDuration: "3_to_12_months",
    monthlyIncomeMinor: 600_000,
    essentialExpensesMinor: 400_000,
    affordableMonthlyMinor: 150_000,
    willingToRepay: true,
  },
  account: { penaltyAccruedMinor: 600_000 },
};
