/**
 * Whole conversations on a running instance, for the retention and erasure suites: one that ends
 * in an agreement, one where a verified borrower asks for a person (a handoff with their account).
 */
import { expect } from "chai";
import { DirectLineConversation } from "./directlineClient.js";
import { CARD_BORROWER_ZH, type BorrowerProfile } from "../multi-instance/borrower.js";
import { NegotiationSession } from "../multi-instance/session.js";
import { verifiedBorrowerAsksForPerson } from "./deskFlow.js";

/** The demo consumer loan's holder with the card holder's story (an agreement on another account). */
export const LOAN_BORROWER_ZH: BorrowerProfile = { ...CARD_BORROWER_ZH, accountLast4: "5502", idLast4: "2345" };

export async function agreementConversation(
  url: string,
  secret: string,
  profile: BorrowerProfile = CARD_BORROWER_ZH,
): Promise<{ conversationId: string; reference: string; userId: string }> {
  const conversation = await DirectLineConversation.start(url, { secret, locale: "zh-CN" });
  const stream = await conversation.openStream();
  try {
    const session = new NegotiationSession(conversation, stream, profile);
    await session.begin();
    await session.runUntil("agreement.agreed");
    const reference = session.reference();
    expect(reference, "the bot gave an agreement reference").to.be.a("string");
    return { conversationId: conversation.conversationId, reference: reference!, userId: conversation.userId };
  } finally {
    await stream.close();
  }
}

export async function handoffConversation(url: string, secret: string): Promise<{ conversationId: string; userId: string }> {
  // Verified by hand: after it the bot asks what happened — or, when the account already has an
  // arrangement (agreementConversation's), hands over at once (§5a). Either way "人工" follows.
  const { conversation, stream } = await verifiedBorrowerAsksForPerson(url, secret);
  try {
    return { conversationId: conversation.conversationId, userId: conversation.userId };
  } finally {
    await stream.close();
  }
}
