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
import { clientAddressResolver, publicOriginResolver } from "./http/publicOrigin.js";
import { allowedOriginsCors, securityHeaders } from "./http/security.js";
import { createRateLimits, limitSettings } from "./security/rateLimits.js";
import { isDirectLineUpgrade } from "./channels/directline/stream.js";
import { isLoopback } from "./channels/botframework.js";
import type { ConfigurationBotFrameworkAuthentication, Middleware } from "botbuilder";

export interface ServerDeps {
  config: Config;
  log: Logger;
  stores: Stores;
  bot: BotLike;
  /** Middleware for the Bot Framework door (the transcript middleware); Direct Line appends itself. */
  channelMiddleware: Middleware[];
  /** Tests point Bot Framework auth at local stand-ins. */
  botFrameworkAuthentication?: ConfigurationBotFrameworkAuthentication;
}

export interface RunningServer {
  url: string;
  port: number;
  server: http.Server;
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
  app.get("/healthz", async (_req, res) => {
    const ok = await stores.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "unavailable", store: stores.kind });
  });

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
  app.use(jsonBody({ limit: "256kb" }), channel.router);
  app.use(errorHandler(log));

  const server = http.createServer(app);
  directLine.handleUpgrade(server);
  server.on("upgrade", (req, socket) => {
    // Only Direct Line speaks WebSocket here (it answers every upgrade under /v3/directline/);
    // anything else is answered, not left hanging.
    if (!isDirectLineUpgrade(req)) {
      socket.on("error", () => socket.destroy());
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host}:${port}`;
  log.info("server.listening", { url, store: stores.kind });

  return {
    url,
    port,
    server,
    async close() {
      await directLine.close();
      await rateLimits.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
