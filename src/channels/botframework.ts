import express, { type Request, type Response, type NextFunction } from "express";
import { z } from "zod";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type Middleware,
  type TurnContext,
} from "botbuilder";
import type { Config } from "../config.js";
import { XieshangError } from "../errors.js";
import type { Logger } from "../log.js";

/**
 * The Bot Framework door: `POST /api/messages`, as Azure Bot Service channels (Teams, Slack,
 * Telegram, …) speak it. The activity is validated before botbuilder sees it (CloudAdapter
 * answers a malformed one with 500); authentication is botbuilder's own.
 */
const InboundActivity = z
  .looseObject({
    type: z.string().min(1),
    channelId: z.string().min(1),
    serviceUrl: z.url({ protocol: /^https?$/ }),
    conversation: z.looseObject({ id: z.string().min(1) }),
    from: z.looseObject({ id: z.string().min(1) }),
    recipient: z.looseObject({ id: z.string().min(1) }).optional(),
    text: z.string().max(8000).optional(),
  });

export interface BotLike {
  run(context: TurnContext): Promise<void>;
}

/** Exposes CloudAdapterBase.processActivity so that errors keep their type (processActivityDirect wraps them). */
class ChannelAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Anonymous access is only safe when nobody but this machine can reach the server. */
export function assertChannelAuthSafe(config: Config): void {
  if (config.MicrosoftAppId) {
    if (!config.MicrosoftAppPassword && config.MicrosoftAppType !== "UserAssignedMSI") {
      throw new XieshangError("config", "MicrosoftAppPassword: is required when MicrosoftAppId is set");
    }
    if (config.MicrosoftAppType === "SingleTenant" && !config.MicrosoftAppTenantId) {
      throw new XieshangError("config", "MicrosoftAppTenantId: is required for a SingleTenant app");
    }
    return;
  }
  if (isLoopback(config.HOST) || config.ALLOW_ANONYMOUS_DEV) return;
  throw new XieshangError(
    "config",
    `MicrosoftAppId: is empty, so /api/messages would accept unauthenticated requests, and HOST ${config.HOST} is not a loopback address — set MicrosoftAppId/MicrosoftAppPassword, listen on 127.0.0.1, or set ALLOW_ANONYMOUS_DEV=true for development`,
  );
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface BotFrameworkChannelOptions {
  config: Config;
  bot: BotLike;
  middleware: Middleware[];
  log: Logger;
  /** Tests point the connector's auth at local stand-ins; production leaves it to the config. */
  authentication?: ConfigurationBotFrameworkAuthentication;
}

export function createBotFrameworkChannel(options: BotFrameworkChannelOptions) {
  const { config, bot, log } = options;
  const authentication =
    options.authentication ??
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId ?? "",
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? "",
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? "",
      MicrosoftAppType: config.MicrosoftAppType,
    });
  const adapter = new ChannelAdapter(authentication);
  for (const m of options.middleware) adapter.use(m);
  adapter.onTurnError = async (_context, error) => {
    // Rethrown so the route answers with the right status; the channel retries or shows its own failure.
    throw error;
  };

  const router = express.Router();
  router.post("/api/messages", async (req: Request, res: Response, next: NextFunction) => {
    const parsed = InboundActivity.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join(".") || "body";
      return next(new XieshangError("bad_request", `invalid activity: ${field}: ${issue.message}`));
    }
    const auth = String(req.headers.authorization ?? "");
    try {
      const invoke = await adapter.handle(auth, parsed.data as unknown as Activity, (ctx) => bot.run(ctx));
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      res.end();
    } catch (err) {
      if (isAuthFailure(err)) {
        log.warn("channel.unauthorized", { channelId: parsed.data.channelId });
        return next(new XieshangError("unauthorized", "the request is not authorized for this bot"));
      }
      next(err);
    }
  });
  return { router, adapter };
}

/** botframework-connector's AuthenticationError carries statusCode 401 (or 403 for a wrong audience). */
function isAuthFailure(err: unknown): boolean {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return !(err instanceof XieshangError) && (status === 401 || status === 403);
}
