import { ActivityTypes, type Activity } from "botbuilder";
import { XieshangError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Stores } from "../../store/types.js";
import { messageKey } from "../../bot/messageKey.js";
import { ECHO_WATERMARK } from "../../bot/stableReplies.js";
import { redactVerificationAnswer } from "../../privacy/verificationAnswer.js";
import { isDeliverableType, newActivityId, type ChannelAccount, type ClientActivity } from "./activity.js";
import type { DirectLineAdapter, TurnLogic } from "./adapter.js";
import { newConversationId, newUserId, requireConversationAccess, type DirectLineTokens, type Principal } from "./tokens.js";

/** What createDirectLine needs from the bot: an ActivityHandler fits. */
export interface DirectLineBot {
  run(context: Parameters<TurnLogic>[0]): Promise<void>;
}

export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

export interface TokenResponse {
  conversationId: string;
  token: string;
  expires_in: number;
}

export interface ActivitySet {
  activities: Record<string, unknown>[];
  watermark?: string;
}

export interface StartBody {
  user?: { id?: string; name?: string };
  locale?: string;
}

const POLL_PAGE = 100;
/** A history page stops after this many bytes of activities (at least one activity is returned). */
export const PAGE_BYTES = 256 * 1024;

/** The Direct Line operations, independent of express. `origin` is e.g. "https://bank.example". */
export class DirectLineService {
  constructor(
    private readonly deps: {
      stores: Pick<Stores, "transcripts" | "references" | "lock" | "verifying">;
      tokens: DirectLineTokens;
      adapter: DirectLineAdapter;
      bot: DirectLineBot;
      logger: Logger;
      botAccount: ChannelAccount;
    },
  ) {}

  static streamUrl(origin: string, conversationId: string, token: string, watermark?: string): string {
    const ws = origin.replace(/^http/i, "ws");
    const w = encodeURIComponent(watermark ?? "-");
    return `${ws}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?watermark=${w}&t=${encodeURIComponent(token)}`;
  }

  /** POST /tokens/generate: a token for a new conversation id (the conversation starts on first use). */
  async generateToken(principal: Principal, body: StartBody | undefined): Promise<TokenResponse> {
    if (principal.kind !== "secret") throw new XieshangError("forbidden", "generating a token needs the Direct Line secret");
    const conversationId = newConversationId();
    const issued = await this.deps.tokens.issue({
      conversationId,
      userId: body?.user?.id ?? newUserId(),
      ...(body?.user?.name ? { userName: body.user.name } : {}),
    });
    return { conversationId, ...issued };
  }

  /** POST /tokens/refresh: a fresh token for the same conversation and user. */
  async refreshToken(principal: Principal): Promise<TokenResponse> {
    if (principal.kind !== "token") throw new XieshangError("forbidden", "refreshing needs a Direct Line token, not the secret");
    const issued = await this.deps.tokens.renew(principal);
    return { conversationId: principal.conversationId, ...issued };
  }

  /**
   * POST /conversations. With the secret: a new conversation (201). With a token: its own
   * conversation — 201 the first time (the bot gets conversationUpdate), 200 afterwards.
   */
  async start(principal: Principal, body: StartBody | undefined, origin: string): Promise<{ created: boolean; body: ConversationResponse }> {
    const conversationId = principal.kind === "token" ? principal.conversationId : newConversationId();
    const user: { id: string; name?: string } =
      principal.kind === "token"
        ? { id: principal.userId, ...(principal.userName ? { name: principal.userName } : {}) }
        : { id: body?.user?.id ?? newUserId(), ...(body?.user?.name ? { name: body.user.name } : {}) };
    const serviceUrl = `${origin}/v3/directline`;
    const reference = {
      bot: { ...this.deps.botAccount, role: "bot" },
      user: { ...user, role: "user" },
      conversation: { id: conversationId },
      channelId: "directline",
      serviceUrl,
      ...(body?.locale ? { locale: body.locale } : {}),
    };
    const { lock, references } = this.deps.stores;
    const created = await lock.withLock(conversationId, async () => {
      if (await references.get(conversationId)) return false;
      await references.save(conversationId, reference);
      return true;
    });
    if (created) {
      const update: Record<string, unknown> = {
        type: ActivityTypes.ConversationUpdate,
        id: newActivityId(conversationId),
        timestamp: new Date().toISOString(),
        channelId: "directline",
        serviceUrl,
        conversation: { id: conversationId },
        from: { ...user, role: "user" },
        recipient: { ...this.deps.botAccount, role: "bot" },
        membersAdded: [{ ...user, role: "user" }],
        ...(body?.locale ? { locale: body.locale } : {}),
      };
      await this.deps.adapter.deliver(conversationId, update);
      await this.runTurn(conversationId, update);
    }
    const issued =
      principal.kind === "token"
        ? await this.deps.tokens.renew(principal)
        : await this.deps.tokens.issue({ conversationId, userId: user.id, ...(user.name ? { userName: user.name } : {}) });
    return {
      created,
      body: { conversationId, ...issued, streamUrl: DirectLineService.streamUrl(origin, conversationId, issued.token) },
    };
  }

  /** GET /conversations/{id}?watermark=W: a fresh token and a streamUrl that resumes after W. */
  async reconnect(principal: Principal, conversationId: string, watermark: string | undefined, origin: string): Promise<ConversationResponse> {
    requireConversationAccess(principal, conversationId);
    const reference = await this.deps.stores.references.get(conversationId);
    // A valid token is our own signature on this conversation: it may reconnect even when the
    // stored reference is gone (Redis restarted empty); the next post stores it again.
    if (!reference && principal.kind !== "token") throw new XieshangError("not_found", "conversation not found; start a new one");
    let userId: string;
    let userName: string | undefined;
    if (principal.kind === "token") {
      userId = principal.userId;
      userName = principal.userName;
    } else {
      const u = reference?.user as { id?: unknown; name?: unknown } | undefined;
      userId = typeof u?.id === "string" ? u.id : newUserId();
      userName = typeof u?.name === "string" ? u.name : undefined;
    }
    const issued =
      principal.kind === "token"
        ? await this.deps.tokens.renew(principal)
        : await this.deps.tokens.issue({ conversationId, userId, ...(userName ? { userName } : {}) });
    return { conversationId, ...issued, streamUrl: DirectLineService.streamUrl(origin, conversationId, issued.token, watermark) };
  }

  /**
   * POST /conversations/{id}/activities: stamp, store (before answering), wake the stream, run
   * the bot's turn under the conversation's lock, answer with the activity id.
   */
  async post(principal: Principal, conversationId: string, input: ClientActivity, origin: string): Promise<{ id: string }> {
    requireConversationAccess(principal, conversationId);
    const { references, verifying } = this.deps.stores;
    // Both at once: the reference, and whether this message answers a verification question.
    const [storedReference, stage] = await Promise.all([references.get(conversationId), verifying.get(conversationId)]);
    let reference = storedReference;
    if (!reference) {
      if (principal.kind !== "token") throw new XieshangError("not_found", "conversation not found; start it first");
      reference = {
        bot: { ...this.deps.botAccount, role: "bot" },
        user: { id: principal.userId, role: "user" },
        conversation: { id: conversationId },
        channelId: "directline",
        serviceUrl: `${origin}/v3/directline`,
      };
      await references.save(conversationId, reference);
    }
    if (reference.channelId !== undefined && reference.channelId !== "directline") {
      throw new XieshangError("forbidden", "this conversation belongs to another channel");
    }
    let userId: string;
    let userName: string | undefined;
    if (principal.kind === "token") {
      // The token decides who speaks and under which name, not the body (Web Chat shows from.name).
      userId = principal.userId;
      userName = principal.userName;
    } else {
      if (!input.from?.id) throw new XieshangError("bad_request", "from.id: is required when posting with the secret");
      userId = input.from.id;
      userName = input.from.name;
    }
    if (userId === this.deps.botAccount.id || (userName !== undefined && this.claimsBotName(userName))) {
      throw new XieshangError("forbidden", "from: a client cannot speak as the bot");
    }
    // `input` is the freshly parsed request body (plain JSON, owned by this request): no deep copy needed.
    const activity: Record<string, unknown> = {
      ...input,
      id: newActivityId(conversationId),
      timestamp: new Date().toISOString(),
      channelId: "directline",
      serviceUrl: typeof reference.serviceUrl === "string" ? reference.serviceUrl : `${origin}/v3/directline`,
      conversation: { id: conversationId },
      // Only the id, the server's name and the user role: nothing a client sends can claim the bot's role.
      from: { id: userId, ...(userName ? { name: userName } : {}), role: "user" },
      recipient: { ...this.deps.botAccount, role: "bot" },
    };
    // Stored (and echoed) redacted at a verification question; the turn sees what was typed.
    const stored = redactVerificationAnswer(activity, stage);
    const key = messageKey(activity);
    let echoWatermark: string | undefined;
    if (key) {
      // A retry of a message already delivered (same clientActivityID): the same echo, no second
      // copy. The turn then finds it handled (and does nothing) or, if the first attempt died
      // before committing, runs it once.
      const delivered = await this.deps.adapter.deliverOnce(conversationId, key, stored);
      if (!delivered.fresh) activity.id = delivered.activityId;
      echoWatermark = delivered.id;
    } else {
      await this.deps.adapter.deliver(conversationId, stored);
    }
    await this.runTurn(conversationId, activity, echoWatermark);
    return { id: activity.id as string };
  }

  private claimsBotName(name: string): boolean {
    const bot = (this.deps.botAccount.name ?? this.deps.botAccount.id).normalize("NFKC").trim().toLowerCase();
    return name.normalize("NFKC").trim().toLowerCase() === bot;
  }

  /**
   * GET /conversations/{id}/activities?watermark=W (polling): at most POLL_PAGE activities and
   * about PAGE_BYTES of them per page; the watermark says where the next page starts.
   */
  async activities(principal: Principal, conversationId: string, watermark: string | undefined): Promise<ActivitySet> {
    requireConversationAccess(principal, conversationId);
    const entries = await this.deps.stores.transcripts.readJson(conversationId, watermark, POLL_PAGE);
    const activities: Record<string, unknown>[] = [];
    let bytes = 0;
    let next = watermark;
    for (const e of entries) {
      const size = Buffer.byteLength(e.json);
      if (bytes > 0 && bytes + size > PAGE_BYTES) break;
      bytes += size;
      next = e.id;
      if (!isDeliverableType(e.type)) continue;
      activities.push(JSON.parse(e.json) as Record<string, unknown>);
    }
    return { activities, ...(next !== undefined ? { watermark: next } : {}) };
  }

  /**
   * One turn. The bot takes the conversation's turn lock itself (every door needs it, and the
   * lock is not re-entrant), so it is not taken here. A failing turn is logged without text; when
   * the store is unavailable the request fails with 503 so the client retries — the message was
   * stored, but no turn ran, and the borrower must not believe it was answered.
   */
  private async runTurn(conversationId: string, activity: Record<string, unknown>, echoWatermark?: string): Promise<void> {
    try {
      await this.deps.adapter.processActivity(activity as Partial<Activity>, (context) => {
        if (echoWatermark !== undefined) context.turnState.set(ECHO_WATERMARK, echoWatermark);
        return this.deps.bot.run(context);
      });
    } catch (error) {
      this.deps.logger.error("directline.turn_unhandled", {
        conversationId,
        activityType: activity.type,
        errorName: (error as Error)?.name ?? typeof error,
      });
      if (error instanceof XieshangError && error.code === "unavailable") throw error;
    }
  }

}
