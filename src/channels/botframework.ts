import express, { type Request, type Response, type NextFunction } from "express";
import { z } from "zod";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type Middleware,
  type ResourceResponse,
  type TurnContext,
} from "botbuilder";
import type { Config } from "../config.js";
import { XieshangError } from "../errors.js";
import { DIRECT_LINE_ID_PREFIX } from "./directline/tokens.js";
import type { Logger } from "../log.js";

/**
 * The Bot Framework door: `POST /api/messages`, as Azure Bot Service channels (Teams, Slack,
 * Telegram, …) speak it. The activity is validated before botbuilder sees it (CloudAdapter
 * answers a malformed one with 500); authentication is botbuilder's own.
 */
const InboundActivity = z
  .looseObject({
    type: z.string().min(1).max(64),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    conversation: z.looseObject({
      id: z
        .string()
        .min(1)
        .max(1024)
        .refine((id) => !id.startsWith(DIRECT_LINE_ID_PREFIX), "belongs to this server's own Direct Line; post it there"),
    }),
    from: z.looseObject({ id: z.string().min(1).max(1024), name: z.string().max(256).optional(), role: z.string().max(64).optional() }),
    recipient: z.looseObject({ id: z.string().min(1).max(1024) }).optional(),
    text: z.string().max(8000).optional(),
    membersAdded: z.array(z.looseObject({ id: z.string().min(1).max(1024) })).max(100).optional(),
  });

/** Set in turnState when a reply could not be sent to the channel (the request then answers 202). */
const DELIVERY_FAILED = Symbol("deliveryFailed");

export interface BotLike {
  run(context: TurnContext): Promise<void>;
}

/**
 * Exposes CloudAdapterBase.processActivity so that errors keep their type (processActivityDirect
 * wraps them), and bounds sending: a reply the channel's connector does not take within
 * `sendTimeoutMs` (unreachable serviceUrl, retries) is logged as not delivered, the rest of the
 * turn's replies are not attempted, and the turn (holding the conversation's lock) goes on.
 */
class ChannelAdapter extends CloudAdapter {
  constructor(
    authentication: ConfigurationBotFrameworkAuthentication,
    private readonly sendTimeoutMs: number,
    private readonly log: Logger,
  ) {
    super(authentication);
  }

  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const none = () => activities.map(() => ({ id: "" }));
    if (context.turnState.get(DELIVERY_FAILED)) return none();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error("send timed out"), { name: "SendTimeout" })), this.sendTimeoutMs);
      });
      return await Promise.race([super.sendActivities(context, activities), timeout]);
    } catch (error) {
      context.turnState.set(DELIVERY_FAILED, true);
      this.log.warn("channel.send_failed", {
        channelId: context.activity.channelId,
        errorName: (error as Error)?.name ?? typeof error,
        status: (error as { statusCode?: unknown })?.statusCode,
      });
      return none();
    } finally {
      if (timer) clearTimeout(timer);
    }
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
  const adapter = new ChannelAdapter(authentication, config.CHANNEL_SEND_TIMEOUT_MS, log);
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
    const inbound = parsed.data as unknown as Activity;
    // Nothing a channel sends speaks as the bot: the sender is a user, never under the bot's id or name.
    if (inbound.recipient && inbound.from.id === inbound.recipient.id) {
      return next(new XieshangError("bad_request", "invalid activity: from.id: is the bot's own id"));
    }
    const { name, ...sender } = inbound.from;
    const claimsBotName = name !== undefined && inbound.recipient?.name !== undefined && sameName(name, inbound.recipient.name);
    inbound.from = { ...sender, ...(name !== undefined && !claimsBotName ? { name } : {}), role: "user" } as Activity["from"];
    let undelivered = false;
    try {
      const invoke = await adapter.handle(auth, inbound, async (ctx) => {
        try {
          await bot.run(ctx);
        } finally {
          undelivered = ctx.turnState.get(DELIVERY_FAILED) === true;
        }
      });
      // 202: the message was taken and the turn ran, but its replies could not be delivered (logged).
      res.status(undelivered ? 202 : (invoke?.status ?? 200));
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

function sameName(a: string, b: string): boolean {
  return a.normalize("NFKC").trim().toLowerCase() === b.normalize("NFKC").trim().toLowerCase();
}

/** botframework-connector's AuthenticationError carries statusCode 401 (or 403 for a wrong audience). */
function isAuthFailure(err: unknown): boolean {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return !(err instanceof XieshangError) && (status === 401 || status === 403);
}
