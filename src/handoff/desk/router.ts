import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import { HandoffOutcome, isOpenStatus, type HandoffRequest } from "../../domain/agreement.js";
import { HardshipCase, NO_FLAGS } from "../../domain/case.js";
import { Queue, type Decision } from "../../domain/decision.js";
import { AuditQuery } from "../../domain/audit.js";
import { XieshangError } from "../../errors.js";
import { errorHandler, notFoundHandler } from "../../http/errorHandler.js";
import { describeIssues, parseBody } from "../../http/validate.js";
import { HandoffConflict } from "../errors.js";
import type { Note } from "../events.js";
import type { Notice } from "../port.js";
import { quietState } from "../quiet.js";
import type { Actor } from "../service.js";
import { summaryOf } from "../summary.js";
import { authed, clearSessionCookie, requireSession, requireSupervisor, sessionIdFrom, setSessionCookie } from "./auth.js";
import type { DeskDeps } from "./deps.js";
import { canSee, detailOf, factsOf } from "./views.js";

const SignIn = z.strictObject({ agentId: z.string().min(1).max(64), password: z.string().min(1).max(200) });
/** The console's id for one send (reused when the same send is retried after a lost answer). */
const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, - or _").optional();
const Text = z.strictObject({ text: z.string().trim().min(1, "must not be empty").max(2000) });
const SendText = Text.extend({ requestId: RequestId });
const Decide = z.strictObject({
  facts: z.strictObject({
    identityVerified: z.boolean().optional(),
    account: z.record(z.string(), z.unknown()).optional(),
    hardship: z.record(z.string(), z.unknown()).optional(),
    flags: z.record(z.string(), z.unknown()).optional(),
  }),
});
const SendOffer = z.strictObject({ decisionId: z.string().min(1).max(100), offerIndex: z.number().int().min(0), requestId: RequestId });
/** How long a send's answer is kept for its retries. */
const REQUEST_TTL_MS = 10 * 60_000;
const Transfer = z.strictObject({ queue: Queue, note: z.string().trim().max(2000).optional() });
const Close = z.strictObject({ outcome: HandoffOutcome, note: z.string().trim().max(2000).optional() });
const Decision_ = z.strictObject({ decision: z.enum(["approve", "reject"]), reason: z.string().trim().min(1, "must not be empty").max(500) });
const ListQuery = z.strictObject({ scope: z.enum(["open", "mine"]).default("open") });
const ApprovalsQuery = z.strictObject({ status: z.enum(["pending", "all"]).default("pending") });
const AuditParams = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional(),
  conversationId: z.string().min(1).max(256).optional(),
  agentId: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

interface StoredDecision {
  id: string;
  handoffId: string;
  agentId: string;
  case: HardshipCase;
  decision: Decision;
  at: string;
}

/** An id that may go into the audit log (letters, digits, _-.:@/+), else a placeholder. */
function auditId(id: string): string {
  return /^[A-Za-z0-9_\-.:@/+]{1,128}$/.test(id) ? id : "invalid-id";
}

function query<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const parsed = schema.safeParse({ ...req.query });
  if (!parsed.success) throw new XieshangError("bad_request", describeIssues(parsed.error));
  return parsed.data;
}

/** The address a throttle counts (the socket's; a proxy in front would set trust proxy). */
function addressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

/**
 * The agent desk's REST API under /agent/api (notes/i8api-API.md): cookie sessions with CSRF,
 * zod on every body (400 naming the field), 403 for a wrong role, 409 for a refused transition.
 */
export function createDeskRouter(deps: DeskDeps): Router {
  const router = express.Router();
  const { service, approvals, audit, stores, port } = deps;
  const json = express.json({ limit: "64kb" });
  const session = requireSession(deps.sessions);
  const route =
    (handler: (req: Request, res: Response) => Promise<unknown>): RequestHandler =>
    async (req, res, next) => {
      try {
        res.set("Cache-Control", "no-store");
        const body = await handler(req, res);
        if (!res.headersSent) {
          if (body === undefined) res.status(204).end();
          else res.json(body);
        }
      } catch (error) {
        next(error);
      }
    };

  const actorOf = (res: Response): Actor => {
    const { agent } = authed(res);
    return { kind: agent.role, id: agent.id, displayName: agent.displayName };
  };

  /** The handoff, if this agent may see it (404 / 403). */
  const visible = async (req: Request, res: Response): Promise<HandoffRequest> => {
    const h = await service.get(String(req.params["id"]));
    if (!canSee(authed(res).agent, h)) throw new XieshangError("forbidden", "this handoff is not in your queues");
    return h;
  };

  /** The handoff, claimed by this agent (409 otherwise). */
  const held = async (req: Request, res: Response): Promise<HandoffRequest> => {
    const h = await visible(req, res);
    const { agent } = authed(res);
    if (h.status !== "claimed") {
      throw new HandoffConflict("InvalidTransition", h.status === "waiting" ? "claim this handoff first" : `this handoff is ${h.status}`, { from: h.status });
    }
    if (h.claimedBy?.id !== agent.id) {
      throw new HandoffConflict("NotYours", `held by ${h.claimedBy?.displayName ?? "another agent"}`, { claimedBy: h.claimedBy ?? null, claimedAt: h.claimedAt ?? null });
    }
    return h;
  };

  /**
   * Runs a send once per (agent, request id): a retry after a lost answer gets the first answer
   * and sends nothing again; one arriving while the first still runs gets 409 `InProgress`; a
   * failed attempt is released, so its retry runs afresh. Without a request id it just runs.
   */
  const once = async <T>(agentId: string, requestId: string | undefined, run: () => Promise<T>): Promise<T> => {
    if (requestId === undefined) return run();
    const key = `${agentId}:${requestId}`;
    const known = await stores.desk.beginRequest(key, REQUEST_TTL_MS);
    if (known === "pending") throw new HandoffConflict("InProgress", "this send is still being processed; retry in a moment");
    if (known !== null) return JSON.parse(known) as T;
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await stores.desk.dropRequest(key).catch(() => undefined);
      throw error;
    }
    await stores.desk.finishRequest(key, JSON.stringify(result), REQUEST_TTL_MS);
    return result;
  };

  /** One note: stored, on every desk's stream, audited (by id, never its text). The handoff is as it stands after the step. */
  const addNote = async (h: HandoffRequest, res: Response, text: string): Promise<Note> => {
    const { agent } = authed(res);
    const note: Note = { id: `NT-${randomUUID()}`, handoffId: h.id, agentId: agent.id, text, at: deps.now().toISOString() };
    await stores.desk.addNote(h.id, JSON.stringify(note));
    await service.events.publish({ kind: "note", handoffId: h.id, conversationId: h.conversationId, queue: h.queue, claimedBy: h.claimedBy?.id ?? null, note });
    await audit.append({ actor: { kind: agent.role, id: agent.id }, action: "note", conversationId: h.conversationId, handoffId: h.id, details: { noteId: note.id } });
    return note;
  };

  const refuseInQuietHours = (h: HandoffRequest): void => {
    const q = quietState(deps.now(), h, deps.config);
    if (q.blocked) {
      throw new HandoffConflict(
        "QuietHours",
        `quiet hours (${deps.config.QUIET_HOURS}, borrower's time): no message may be sent to a borrower who has not written in the last ${deps.config.BORROWER_ACTIVE_MINUTES} minutes; try after ${q.until}`,
        { until: q.until },
      );
    }
  };

  /** A notice to the borrower: sent now, or (quiet hours, borrower not active) held until the window ends. */
  const deliverNotice = async (h: Pick<HandoffRequest, "id" | "conversationId" | "locale" | "queue" | "claimedBy" | "lastBorrowerMessageAt">, notice: Notice): Promise<void> => {
    const q = quietState(deps.now(), h, deps.config);
    try {
      const { line, text } = await port.notice(h.conversationId, h.locale, notice, !q.blocked);
      if (line) {
        await service.events.publish({ kind: "line", handoffId: h.id, conversationId: h.conversationId, queue: h.queue, claimedBy: h.claimedBy?.id ?? null, line });
      } else if (q.until && notice.kind !== "joined") {
        // "A colleague has joined" is news only now; the rest is delivered when the window ends.
        await stores.desk.scheduleOutbox(randomUUID(), Date.parse(q.until), JSON.stringify({ conversationId: h.conversationId, handoffId: h.id, text }));
      }
    } catch (error) {
      // The change itself is stored; the borrower hears about it on their next message.
      deps.log.warn("desk.notice_failed", { handoffId: h.id, notice: notice.kind, errorName: (error as Error)?.name });
    }
  };

  router.use(json);

  // --- session ---
  router.post(
    "/session",
    route(async (req, res) => {
      const body = parseBody(SignIn, req.body);
      const address = addressOf(req);
      await deps.throttle.check(body.agentId, address);
      const agent = await deps.directory.verify(body.agentId, body.password);
      if (!agent) {
        await deps.throttle.failed(body.agentId, address);
        await audit.append({ actor: { kind: "agent", id: auditId(body.agentId) }, action: "sign_in_failed" });
        throw new XieshangError("unauthorized", "wrong agent id or password");
      }
      await deps.throttle.succeeded(agent.id);
      const created = await deps.sessions.create(agent);
      setSessionCookie(req, res, created);
      await audit.append({ actor: { kind: agent.role, id: agent.id }, action: "sign_in" });
      return { agent, csrfToken: created.csrfToken, expiresAt: created.expiresAt };
    }),
  );
  router.get(
    "/session",
    session,
    route(async (_req, res) => {
      const { agent, session: s } = authed(res);
      return { agent, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
    }),
  );
  router.delete(
    "/session",
    session,
    route(async (req, res) => {
      const { agent } = authed(res);
      const id = sessionIdFrom(req.headers.cookie);
      if (id) await deps.sessions.delete(id);
      await stores.desk.clearPresent(agent.id);
      clearSessionCookie(req, res);
      await audit.append({ actor: { kind: agent.role, id: agent.id }, action: "sign_out" });
      res.status(204).end();
    }),
  );

  // --- handoffs ---
  router.get(
    "/handoffs",
    session,
    route(async (req, res) => {
      const { scope } = query(ListQuery, req);
      const { agent } = authed(res);
      const cursor = await stores.desk.lastEventId();
      const now = deps.now();
      const open = await service.listOpen();
      const mine = (h: HandoffRequest) => h.claimedBy?.id === agent.id;
      const list = open.filter((h) => (scope === "mine" ? mine(h) : canSee(agent, h)));
      return { handoffs: list.map((h) => summaryOf(h, now)), cursor };
    }),
  );

  router.post(
    "/handoffs/:id/claim",
    session,
    route(async (req, res) => {
      const h = await visible(req, res);
      const { agent } = authed(res);
      const claimed = await service.claim(h.id, { id: agent.id, displayName: agent.displayName }, actorOf(res));
      await deliverNotice(claimed, { kind: "joined" });
      return { handoff: summaryOf(claimed, deps.now()) };
    }),
  );

  router.get(
    "/handoffs/:id",
    session,
    route(async (req, res) => detailOf(deps, await visible(req, res))),
  );

  router.post(
    "/handoffs/:id/messages",
    session,
    route(async (req, res) => {
      const { text, requestId } = parseBody(SendText, req.body);
      const h = await held(req, res);
      refuseInQuietHours(h);
      const { agent } = authed(res);
      return once(agent.id, requestId, async () => {
        const line = await port.agentMessage(h, agent, text);
        await service.events.line(h, line);
        await audit.append({ actor: { kind: agent.role, id: agent.id }, action: "message_sent", conversationId: h.conversationId, handoffId: h.id, details: { lineId: auditId(line.id) } });
        return { line };
      });
    }),
  );

  router.post(
    "/handoffs/:id/decide",
    session,
    route(async (req, res) => {
      const body = parseBody(Decide, req.body);
      const h = await held(req, res);
      const known = factsOf(h);
      const candidate = {
        identityVerified: body.facts.identityVerified ?? known.identityVerified,
        account: { ...(known.account ?? {}), ...(body.facts.account ?? {}) },
        hardship: { ...known.hardship, ...(body.facts.hardship ?? {}) },
        flags: { ...NO_FLAGS, ...(body.facts.flags ?? {}) },
      };
      const parsed = HardshipCase.safeParse(candidate);
      if (!parsed.success) throw new XieshangError("bad_request", `facts.${describeIssues(parsed.error)}`);
      const decision = deps.decide(parsed.data);
      const { agent } = authed(res);
      const stored: StoredDecision = { id: `DC-${randomUUID()}`, handoffId: h.id, agentId: agent.id, case: parsed.data, decision, at: deps.now().toISOString() };
      await stores.desk.putRecord("decision", stored.id, JSON.stringify(stored));
      await audit.append({
        actor: { kind: agent.role, id: agent.id },
        action: "decision_run",
        conversationId: h.conversationId,
        handoffId: h.id,
        details: { decisionId: stored.id, outcome: decision.decision, offers: decision.offers.length },
      });
      return { decisionId: stored.id, decision, case: parsed.data };
    }),
  );

  router.post(
    "/handoffs/:id/offers",
    session,
    route(async (req, res) => {
      const body = parseBody(SendOffer, req.body);
      const h = await held(req, res);
      const json = await stores.desk.getRecord("decision", body.decisionId);
      const stored = json ? (JSON.parse(json) as StoredDecision) : null;
      if (!stored || stored.handoffId !== h.id) throw new HandoffConflict("NoDecision", "decisionId: run POST /decide for this handoff first");
      if (stored.decision.decision !== "offer") throw new HandoffConflict("NoDecision", "the engine escalated this case: there is no offer to send");
      const offer = stored.decision.offers[body.offerIndex];
      if (!offer) throw new XieshangError("bad_request", `offerIndex: must be between 0 and ${stored.decision.offers.length - 1}`);
      if (offer.type === "penalty_waiver") throw new XieshangError("bad_request", "offerIndex: the penalty waiver goes with a primary offer; pick that one");
      refuseInQuietHours(h);
      const { agent } = authed(res);
      return once(agent.id, body.requestId, async () => {
        const offerId = `OF-${randomUUID()}`;
        const line = await port.offer(
          h,
          {
            offerId,
            decisionId: stored.id,
            agentId: agent.id,
            offer,
            offersShown: stored.decision.offers,
            case: stored.case,
            policyVersion: stored.decision.policyVersion,
            trace: stored.decision.trace,
            sentAt: deps.now().toISOString(),
          },
          async (pending) => {
            await service.setPendingOffer(h.id, pending);
          },
        );
        await service.events.line(h, line);
        await audit.append({ actor: { kind: agent.role, id: agent.id }, action: "offer_sent", conversationId: h.conversationId, handoffId: h.id, details: { offerId, decisionId: stored.id, offerType: offer.type } });
        return { offerId, line };
      });
    }),
  );

  router.post(
    "/handoffs/:id/notes",
    session,
    route(async (req, res) => {
      const { text } = parseBody(Text, req.body);
      const h = await visible(req, res);
      // Notes are for open handoffs (docs/agent-api.md); a closed one is the record as it ended.
      if (!isOpenStatus(h.status)) throw new HandoffConflict("InvalidTransition", `this handoff is ${h.status}`, { from: h.status });
      const note = await addNote(h, res, text);
      res.status(201);
      return { note };
    }),
  );

  router.post(
    "/handoffs/:id/transfer",
    session,
    route(async (req, res) => {
      const body = parseBody(Transfer, req.body);
      const h = await visible(req, res);
      // Already waiting on that queue (a retried transfer): nothing changes, nothing is noted twice.
      if (h.status === "waiting" && h.queue === body.queue) return { handoff: summaryOf(h, deps.now()) };
      const moved = await service.transfer(h.id, body.queue, actorOf(res));
      if (body.note) await addNote(moved, res, body.note);
      return { handoff: summaryOf(moved, deps.now()) };
    }),
  );

  router.post(
    "/handoffs/:id/return",
    session,
    route(async (req, res) => {
      const h = await visible(req, res);
      const back = await service.returnToBot(h.id, actorOf(res));
      await deliverNotice(back, { kind: "returned" });
      return { handoff: summaryOf(back, deps.now()) };
    }),
  );

  router.post(
    "/handoffs/:id/close",
    session,
    route(async (req, res) => {
      const body = parseBody(Close, req.body);
      const h = await visible(req, res);
      const closed = await service.close(h.id, body.outcome, actorOf(res));
      if (body.note) await addNote(closed, res, body.note);
      await deliverNotice(closed, { kind: "closed", outcome: body.outcome });
      return { handoff: summaryOf(closed, deps.now()) };
    }),
  );

  // --- approvals (supervisors) ---
  router.get(
    "/approvals",
    session,
    route(async (req, res) => {
      requireSupervisor(authed(res).agent);
      const { status } = query(ApprovalsQuery, req);
      return { approvals: await approvals.list(status) };
    }),
  );

  router.post(
    "/approvals/:id",
    session,
    route(async (req, res) => {
      const { agent } = authed(res);
      requireSupervisor(agent);
      const body = parseBody(Decision_, req.body);
      const decided = await approvals.decide(String(req.params["id"]), agent.id, body.decision, body.reason);
      const handoff = decided.handoffId ? await stores.handoffs.get(decided.handoffId) : null;
      await deliverNotice(
        {
          id: decided.handoffId ?? decided.id,
          conversationId: decided.conversationId,
          locale: decided.locale,
          queue: handoff?.queue ?? "general",
          claimedBy: handoff?.claimedBy ?? null,
          lastBorrowerMessageAt: handoff?.lastBorrowerMessageAt ?? null,
        },
        { kind: "approval", decision: decided.status === "approved" ? "approved" : "rejected", agreementId: decided.agreementId },
      );
      return { approval: decided, agreementStatus: decided.status === "approved" ? "agreed" : "rejected" };
    }),
  );

  // --- audit (supervisors) ---
  router.get(
    "/audit",
    session,
    route(async (req, res) => {
      requireSupervisor(authed(res).agent);
      const q = query(AuditParams, req);
      const read = AuditQuery.parse({
        ...(q.since ? { since: q.since } : {}),
        ...(q.conversationId ? { conversationId: q.conversationId } : {}),
        ...(q.agentId ? { actorId: q.agentId } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
      return { entries: await stores.audit.read(read) };
    }),
  );

  router.use(notFoundHandler());
  router.use(deskErrors(deps));
  return router;
}

/** Conflicts carry their details (who holds it, until when) next to code and message. */
function deskErrors(deps: DeskDeps): ErrorRequestHandler {
  const fallback = errorHandler(deps.log);
  return (err, req, res, next) => {
    if (err instanceof HandoffConflict && !res.headersSent) {
      res.status(409).json({ error: { code: err.options.wireCode ?? "Conflict", message: err.message, ...err.details } });
      return;
    }
    fallback(err, req, res, next);
  };
}
