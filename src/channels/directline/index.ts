import type { Server } from "node:http";
import type { Router } from "express";
import { createLogger, type Logger } from "../../log.js";
import type { Stores } from "../../store/types.js";
import { DEFAULT_LIMITS, type ActivityLimits, type ChannelAccount } from "./activity.js";
import { DirectLineAdapter } from "./adapter.js";
import { createDirectLineRouter } from "./router.js";
import { DirectLineService, type DirectLineBot, type TokenResponse } from "./service.js";
import { DirectLineStreams } from "./stream.js";
import { DirectLineTokens, newConversationId, newUserId, type RefreshLimits } from "./tokens.js";
import type { ClientAddress, PublicOrigin } from "../../http/publicOrigin.js";
import type { RateLimits } from "../../security/rateLimits.js";

export { DirectLineAdapter, topicFor, type TurnLogic } from "./adapter.js";
export { DirectLineTokens, type Principal, type TokenClaims } from "./tokens.js";
export type { DirectLineBot, ConversationResponse, TokenResponse, ActivitySet } from "./service.js";

export interface DirectLineOptions {
  stores: Stores;
  bot: DirectLineBot;
  /** The Direct Line secret (≥ 16 characters; config asks for ≥ 32). Signs tokens; opens every conversation. */
  secret: string;
  tokenTtlSeconds: number;
  /** Where clients are told to connect (streamUrl/serviceUrl): PUBLIC_URL or a loopback Host. */
  publicOrigin?: PublicOrigin;
  /** Rate limits per address and per conversation (tokens, posts, WebSocket opens). */
  rateLimits?: RateLimits;
  /** The client's address for a WebSocket upgrade (TRUST_PROXY applied); default: the socket's peer. */
  clientAddress?: ClientAddress;
  /** A WebSocket that reads nothing for this long while 1 MiB is queued is dropped (default 10 s). */
  slowConsumerMs?: number;
  /** Open WebSockets per conversation on this instance (default 4). */
  maxSocketsPerConversation?: number;
  refreshLimits?: RefreshLimits;
  log?: Logger;
  /** WebSocket ping interval (default 30 s). */
  pingIntervalMs?: number;
  limits?: Partial<ActivityLimits>;
  botAccount?: ChannelAccount;
}

export interface WidgetTokenResponse extends TokenResponse {
  userId: string;
}

export interface DirectLine {
  /** Mount at the app root: its routes are under /v3/directline. */
  router: Router;
  /** Serves the WebSocket stream on this server's 'upgrade' event. */
  handleUpgrade(server: Server): void;
  /** Closes every stream with 1012 (service restart: the client reconnects, to another instance). */
  close(): Promise<void>;
  /** Open WebSocket streams on this instance (metrics). */
  openSockets(): number;
  /** The channel's adapter, for proactive messages (continueConversationById). */
  adapter: DirectLineAdapter;
  /** Mints a token for a NEW conversation without the secret leaving the server (the widget's backend). */
  issueConversationToken(user?: { id?: string; name?: string }): Promise<WidgetTokenResponse>;
}

export function createDirectLine(options: DirectLineOptions): DirectLine {
  const logger = options.log ?? createLogger("info");
  const limits: ActivityLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const botAccount: ChannelAccount = options.botAccount ?? { id: "xieshang", name: "xieshang" };
  const tokens = new DirectLineTokens(options.secret, options.tokenTtlSeconds, Date.now, options.refreshLimits);
  const adapter = new DirectLineAdapter({
    transcripts: options.stores.transcripts,
    notifier: options.stores.notifier,
    references: options.stores.references,
    logger,
    botAccount,
  });
  const service = new DirectLineService({ stores: options.stores, tokens, adapter, bot: options.bot, logger, botAccount });
  const router = createDirectLineRouter({
    service,
    tokens,
    limits,
    logger,
    ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  const streams = new DirectLineStreams({
    transcripts: options.stores.transcripts,
    notifier: options.stores.notifier,
    tokens,
    logger,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    maxSocketsPerConversation: options.maxSocketsPerConversation ?? 4,
    ...(options.slowConsumerMs !== undefined ? { slowConsumerMs: options.slowConsumerMs } : {}),
    clientAddress: options.clientAddress ?? ((req) => req.socket.remoteAddress ?? "unknown"),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  return {
    router,
    adapter,
    handleUpgrade: (server) => streams.attach(server),
    close: () => streams.close(),
    openSockets: () => streams.openCount,
    async issueConversationToken(user) {
      const conversationId = newConversationId();
      const userId = user?.id ?? newUserId();
      const issued = await tokens.issue({ conversationId, userId, ...(user?.name ? { userName: user.name } : {}) });
      return { conversationId, userId, ...issued };
    },
  };
}
