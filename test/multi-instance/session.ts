/**
 * One borrower's negotiation over Direct Line, step by step: post the scripted answer (through
 * whichever instance the test chooses), read the turn's replies from the transcript (the POST
 * answers once the turn has run), and wait until the borrower's WebSocket has delivered them.
 */
import { expect } from "chai";
import type { ActivityStream, DirectLineActivity, DirectLineConversation, PostResult } from "../support/directlineClient.js";
import { answer, type Answer, type BorrowerProfile, type QuestionKey, lastQuestion } from "./borrower.js";

export const STREAM_WAIT_MS = 15_000;

export interface Step {
  answer: Extract<Answer, { kind: "click" | "type" }>;
  post: PostResult;
  replies: DirectLineActivity[];
  /** The question the bot asked after this step (undefined at the end). */
  next: QuestionKey | undefined;
}

export class NegotiationSession {
  /** The bot's replies to the last turn (at first: everything the bot said so far). */
  replies: DirectLineActivity[] = [];
  readonly steps: Step[] = [];

  constructor(
    readonly conversation: DirectLineConversation,
    public stream: ActivityStream,
    readonly profile: BorrowerProfile,
  ) {}

  /** Waits for the greeting (the bot's answer to conversationUpdate) on the stream. */
  async begin(timeoutMs = STREAM_WAIT_MS): Promise<QuestionKey | undefined> {
    await this.stream.waitUntil(
      () => lastQuestion(this.stream.botMessages, this.profile.locale) !== undefined,
      timeoutMs,
      "the greeting with its first question",
    );
    this.replies = [...this.stream.botMessages];
    return this.question();
  }

  question(): QuestionKey | undefined {
    return lastQuestion(this.replies, this.profile.locale)?.key;
  }

  /** Answers the current question through `via` (default: the conversation's own instance). */
  async step(via: DirectLineConversation = this.conversation, options: { waitForStream?: boolean } = {}): Promise<Step> {
    const a = answer(this.profile, this.replies);
    if (a.kind === "stuck") throw new Error(`the scripted borrower is stuck: ${a.why}`);
    if (a.kind === "done") throw new Error("the negotiation is already finished");
    const activity =
      a.kind === "type"
        ? via.message(a.text, { locale: this.profile.locale })
        : via.message(String(a.payload.text ?? ""), { ...a.payload, locale: this.profile.locale });
    if (a.kind === "click" && a.payload.text === undefined) delete activity.text;
    const post = await via.postActivity(activity);
    expect(post.status, `POST for ${a.key}: ${post.body}`).to.be.within(200, 299);
    expect(post.id, "the POST answers with the activity id").to.be.a("string");
    const replies = await this.repliesTo(post.id!, via, options.waitForStream ?? true);
    this.replies = replies;
    const step: Step = { answer: a, post, replies, next: this.question() };
    this.steps.push(step);
    return step;
  }

  /** The turn's replies (from the transcript), once the stream has delivered every one of them. */
  async repliesTo(activityId: string, via: DirectLineConversation = this.conversation, waitForStream = true): Promise<DirectLineActivity[]> {
    const transcript = (await via.getActivities()).activities;
    const replies = transcript.filter((x) => x.replyToId === activityId && x.type === "message" && x.from?.role !== "user");
    expect(replies.length, `the bot replied to ${activityId}`).to.be.greaterThan(0);
    if (!waitForStream) return replies;
    const ids = replies.map((r) => r.id);
    await this.stream.waitUntil(
      () => ids.every((id) => this.stream.activities.some((s) => s.id === id)),
      STREAM_WAIT_MS,
      `the stream to deliver the replies to ${activityId}`,
    );
    return replies;
  }

  /** Steps until the bot asks `key` (or the agreement is saved); bounded by maxSteps. */
  async runUntil(key: QuestionKey, via: () => DirectLineConversation = () => this.conversation, maxSteps = 25): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      if (this.question() === key) return;
      await this.step(via());
    }
    throw new Error(`did not reach ${key} within ${maxSteps} steps (at ${this.question()})`);
  }

  /** The agreement reference once the bot has said it. */
  reference(): string | undefined {
    const a = answer(this.profile, this.replies);
    return a.kind === "done" ? a.reference : undefined;
  }
}
