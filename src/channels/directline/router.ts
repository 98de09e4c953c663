import express, { type Request, type RequestHandler, type Router } from "express";
import { jsonBody } from "../../http/json.js";
import { publicOriginResolver, type PublicOrigin } from "../../http/publicOrigin.js";
import type { LimitKind, RateLimits } from "../../security/rateLimits.js";
import { XieshangError } from "../../errors.js";
import { errorHandler, HttpError, notFoundHandler } from "../../http/errorHandler.js";
import type { Logger } from "../../log.js";
import { parseBody } from "../../http/validate.js";
import { clientActivitySchema, normaliseWatermark, startBodySchema, type ActivityLimits } from "./activity.js";
import type { DirectLineService } from "./service.js";
import { CONVERSATION_ID, requireConversationAccess, type DirectLineTokens, type Principal } from "./tokens.js";

export interface RouterDeps {
  service: DirectLineService;
  tokens: DirectLineTokens;
  limits: ActivityLimits;
  logger: Logger;
  /** Where clients are told to connect (PUBLIC_URL, or a loopback Host); default: loopback Host only. */
  publicOrigin?: PublicOrigin;
  /** Per address and per conversation; the secret's holder (the bank's backend) is not limited. */
  rateLimits?: RateLimits;
}

type Handler = (req: Request, principal: Principal) => Promise<{ status?: number; body: unknown }>;

/** The Direct Line 3.0 REST surface under /v3/directline, with its own JSON parser and error shape. */
export function createDirectLineRouter(deps: RouterDeps): Router {
  const router = express.Router();
  const { service, tokens, limits } = deps;
  const activitySchema = clientActivitySchema(limits);
  const json = jsonBody({ limit: limits.bodyLimit });
  const origin = deps.publicOrigin ?? publicOriginResolver(undefined);

  const limit = async (kind: LimitKind, req: Request, principal: Principal, conversationId?: string): Promise<void> => {
    if (!deps.rateLimits || principal.kind === "secret") return;
    await deps.rateLimits.consume(kind, { address: req.ip, conversation: conversationId ?? principal.conversationId });
  };

  const conversationId = (req: Request): string => {
    const id = String(req.params.conversationId ?? "");
    if (!CONVERSATION_ID.test(id)) throw new XieshangError("not_found", "unknown conversation");
    return id;
  };

  const watermarkOf = (req: Request): string | undefined => normaliseWatermark(req.query.watermark);

  const route = (handler: Handler): RequestHandler => async (req, res, next) => {
    try {
      const principal = await tokens.authenticate(req.get("authorization"));
      const { status, body } = await handler(req, principal);
      res.set("Cache-Control", "no-store");
      res.status(status ?? 200).json(body);
    } catch (error) {
      next(error);
    }
  };

  router.post(
    "/v3/directline/tokens/generate",
    json,
    route(async (req, principal) => ({ body: await service.generateToken(principal, parseBody(startBodySchema, req.body)) })),
  );

  router.post(
    "/v3/directline/tokens/refresh",
    route(async (req, principal) => {
      await limit("tokens", req, principal);
      return { body: await service.refreshToken(principal) };
    }),
  );

  router.post(
    "/v3/directline/conversations",
    json,
    route(async (req, principal) => {
      await limit("tokens", req, principal);
      const started = await service.start(principal, parseBody(startBodySchema, req.body), origin(req));
      return { status: started.created ? 201 : 200, body: started.body };
    }),
  );

  router.get(
    "/v3/directline/conversations/:conversationId",
    route(async (req, principal) => {
      const id = conversationId(req);
      await limit("tokens", req, principal, id);
      return { body: await service.reconnect(principal, id, watermarkOf(req), origin(req)) };
    }),
  );

  router.post(
    "/v3/directline/conversations/:conversationId/activities",
    json,
    route(async (req, principal) => {
      const id = conversationId(req);
      requireConversationAccess(principal, id);
      await limit("posts", req, principal, id);
      const activity = parseBody(activitySchema, req.body);
      return { body: await service.post(principal, id, activity, origin(req)) };
    }),
  );

  router.get(
    "/v3/directline/conversations/:conversationId/activities",
    route(async (req, principal) => ({ body: await service.activities(principal, conversationId(req), watermarkOf(req)) })),
  );

  // Attachments are not part of this assistant: the borrower types. Refused before any body is read.
  router.post(
    "/v3/directline/conversations/:conversationId/upload",
    route(async (req, principal) => {
      requireConversationAccess(principal, conversationId(req));
      throw new HttpError("bad_request", "uploads are not supported; send text", { status: 415, wireCode: "UploadNotSupported" });
    }),
  );

  router.use("/v3/directline", notFoundHandler());
  router.use("/v3/directline", errorHandler(deps.logger));
  return router;
}
