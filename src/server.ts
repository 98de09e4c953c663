import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import express from "express";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { Stores } from "./store/types.js";
import { createBotFrameworkChannel, assertChannelAuthSafe, type BotLike } from "./channels/botframework.js";
import { createDirectLine } from "./channels/directline/index.js";
import { createWidgetRouter } from "./web/index.js";
import { errorHandler } from "./http/errorHandler.js";
import { jsonBody } from "./http/json.js";
import { answerClientError } from "./http/clientError.js";
import { clientAddressResolver, publicOriginResolver } from "./http/publicOrigin.js";
import { allowedOriginsCors, securityHeaders } from "./http/security.js";
import { createRateLimits, limitSettings } from "./security/rateLimits.js";
import { isDirectLineUpgrade } from "./channels/directline/stream.js";
import { isLoopback } from "./channels/botframework.js";
import type { ConfigurationBotFrameworkAuthentication, ConversationReference, Middleware } from "botbuilder";
import { XieshangError } from "./errors.js";
import type { NegotiationBot } from "./bot/negotiationBot.js";
import { DeskTurns, type ChannelDoors } from "./bot/deskTurns.js";
import { createAgentDesk, DESK_API_PATH, DESK_STREAM_PATH, type AgentDesk } from "./handoff/desk/index.js";
import { mountAgentConsole } from "./web/agent/index.js";
import { decide, loadPolicy, type Policy } from "./rules/index.js";
import { listenMetrics, opsRoutes, requestLogs, type MetricsListener } from "./ops/http.js";
import type { Ops } from "./ops/instrument.js";

export interface ServerDeps {
  config: Config;
  log: Logger;
  stores: Stores;
  bot: BotLike;
  /** Middleware for the Bot Framework door (the transcript middleware); Direct Line appends itself. */
  channelMiddleware: Middleware[];
  /** Tests point Bot Framework auth at local stand-ins. */
  botFrameworkAuthentication?: ConfigurationBotFrameworkAuthentication;
  /** Metrics and in-flight turns (from compose); without them: no /metrics and no wait for turns on close. */
  ops?: Ops;
  /** The policy the agent desk's decisions use (default: POLICY_FILE / the built-in pack). */
  policy?: Policy;
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
  /** Where Prometheus scrapes, when METRICS_PORT is set. */
  metricsUrl?: string;
  /**
   * Graceful shutdown: /readyz turns 503 and new requests are refused, the listener stops,
   * in-flight turns finish (up to SHUTDOWN_GRACE_MS), Direct Line streams close with 1012
   * (service restart: reconnect), then every connection is closed.
   */
  close(): Promise<void>;
}

/** Builds the HTTP app — widget, Direct Line, /api/messages, health — and listens. Port 0 in tests. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const { config, log, stores } = deps;
  assertChannelAuthSafe(config);
  const secret = config.DIRECT_LINE_SECRET ?? randomBytes(32).toString("base64url");

  const app = express();
  app.disable("x-powered-by");
  // Security (issue 7): req.ip behind a load balancer, headers and CSP, CORS, rate limits.
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(securityHeaders({ publicUrl: config.PUBLIC_URL }));
  const crossOrigin = allowedOriginsCors(config.ALLOWED_ORIGINS);
  app.use(["/v3/directline", "/api/widget/token"], crossOrigin);
  const rateLimits = createRateLimits(limitSettings(config), { log, redisUrl: config.REDIS_URL });
  if (!config.PUBLIC_URL && !isLoopback(config.HOST)) log.warn("server.public_url_missing", { host: config.HOST });
  const refreshLimits = { maxAgeSeconds: config.DIRECT_LINE_TOKEN_MAX_AGE_SECONDS, maxRefreshes: config.DIRECT_LINE_TOKEN_MAX_REFRESHES };
  // No ETag hashing of JSON bodies: Direct Line answers are no-store (static files keep their own ETags).
  app.set("etag", false);
  // Operations: request logs, /healthz, /readyz, /metrics (token), the shutdown gate.
  const requestLog = requestLogs(log);
  if (requestLog) app.use(requestLog);
  const ops = opsRoutes({ config, stores, ...(deps.ops ? { metrics: deps.ops.metrics } : {}) });
  app.use(ops.router);

  const directLine = createDirectLine({
    stores,
    bot: deps.bot,
    secret,
    tokenTtlSeconds: config.DIRECT_LINE_TOKEN_TTL_SECONDS,
    log,
    publicOrigin: publicOriginResolver(config.PUBLIC_URL),
    rateLimits,
    clientAddress: clientAddressResolver(config.TRUST_PROXY),
    maxSocketsPerConversation: config.MAX_SOCKETS_PER_CONVERSATION,
    limits: { maxTextLength: config.MAX_MESSAGE_CHARS },
    refreshLimits,
  });
  app.use(
    createWidgetRouter({
      secret,
      tokenTtlSeconds: config.DIRECT_LINE_TOKEN_TTL_SECONDS,
      log,
      rateLimits,
      allowedOrigins: config.ALLOWED_ORIGINS,
      publicUrl: config.PUBLIC_URL,
      refreshLimits,
    }),
  );
  app.use(directLine.router);

  const channel = createBotFrameworkChannel({
    config,
    bot: deps.bot,
    middleware: deps.channelMiddleware,
    log,
    authentication: deps.botFrameworkAuthentication,
  });
  // The agent desk (issue 8): the console page (i8ui) and its API (REST + WebSocket). Agent
  // replies go out through the adapter that owns the borrower's channel.
  mountAgentConsole(app);
  let desk: AgentDesk | undefined;
  // Structural, not instanceof: a test harness may load the bot module twice (CJS and ESM).
  if (typeof (deps.bot as Partial<NegotiationBot>).deskTurn === "function") {
    const bot = deps.bot as NegotiationBot;
    const policy = deps.policy ?? loadPolicy(config.POLICY_FILE);
    const doors: ChannelDoors = async (conversationId, logic) => {
      const reference = (await stores.references.get(conversationId)) as Partial<ConversationReference> | null;
      if (!reference) throw new XieshangError("not_found", "no conversation reference for this conversation");
      if (reference.channelId === "directline") return directLine.adapter.continueConversation(reference, logic);
      await channel.adapter.continueConversationAsync(config.MicrosoftAppId ?? "", reference, logic);
    };
    desk = createAgentDesk({
      config,
      log,
      stores,
      port: new DeskTurns(bot, doors, policy.waiver.approvalAboveMinor),
      decide: (input) => decide(input, policy),
    });
    app.use(DESK_API_PATH, desk.router);
  }
  app.use(jsonBody({ limit: "256kb" }), channel.router);
  app.use(errorHandler(log));

  const server = http.createServer(app);
  server.on("clientError", answerClientError);
  directLine.handleUpgrade(server);
  desk?.handleUpgrade(server);
  server.on("upgrade", (req, socket) => {
    // Only Direct Line (every upgrade under /v3/directline/) and the desk's stream speak WebSocket
    // here; anything else is answered, not left hanging.
    if (!isDirectLineUpgrade(req) && !(desk && (req.url ?? "").split("?")[0] === DESK_STREAM_PATH)) {
      socket.on("error", () => socket.destroy());
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  deps.ops?.metrics.countSocketsWith(() => directLine.openSockets());
  let metricsListener: MetricsListener | undefined;
  if (config.METRICS_PORT !== undefined && deps.ops) {
    try {
      metricsListener = await listenMetrics(deps.ops.metrics, config.METRICS_PORT, config.METRICS_HOST);
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw err;
    }
  }
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host}:${port}`;
  log.info("server.listening", { url, store: stores.kind, ...(metricsListener ? { metrics: metricsListener.url } : {}) });

  return {
    url,
    port,
    server,
    ...(metricsListener ? { metricsUrl: metricsListener.url } : {}),
    async close() {
      ops.beginShutdown();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drained = deps.ops ? await deps.ops.inFlight.idle(config.SHUTDOWN_GRACE_MS) : true;
      if (!drained) log.warn("server.shutdown_turns_cut", { inFlight: deps.ops?.inFlight.size ?? 0 });
      await directLine.close();
      await desk?.close();
      await rateLimits.close();
      server.closeAllConnections();
      await closed;
      await metricsListener?.close();
      log.info("server.closed", {});
    },
  };
}
