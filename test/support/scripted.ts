/**
 * Whole conversations on a running instance, for the retention and erasure suites: one that ends
 * in an agreement, one where a verified borrower asks for a person (a handoff with their account).
 */
import { expect } from "chai";
import { DirectLineConversation } from "./directlineClient.js";
import { CARD_BORROWER_ZH } from "../multi-instance/borrower.js";
import { NegotiationSession } from "../multi-instance/session.js";

export async function agreementConversation(url: string, secret: string): Promise<{ conversationId: string; reference: string; userId: string }> {
  const conversation = await DirectLineConversation.start(url, { secret, locale: "zh-CN" });
  const stream = await conversation.openStream();
  try {
    const session = new NegotiationSession(conversation, stream, CARD_BORROWER_ZH);
    await session.begin();
    await session.runUntil("agreement.saved");
    const reference = session.reference();
    expect(reference, "the bot gave an agreement reference").to.be.a("string");
    return { conversationId: conversation.conversationId, reference: reference!, userId: conversation.userId };
  } finally {
    await stream.close();
  }
}

export async function handoffConversation(url: string, secret: string): Promise<{ conversationId: string; userId: string }> {
  const conversation = await DirectLineConversation.start(url, { secret, locale: "zh-CN" });
  const stream = await conversation.openStream();
  try {
    const session = new NegotiationSession(conversation, stream, CARD_BORROWER_ZH);
    await session.begin();
    await session.runUntil("hardship.askWhatHappened");
    const post = await conversation.postActivity(conversation.message("人工", { locale: "zh-CN" }));
    expect(post.status).to.be.within(200, 299);
    await session.repliesTo(post.id!);
    return { conversationId: conversation.conversationId, userId: conversation.userId };
  } finally {
    await stream.close();
  }
}
