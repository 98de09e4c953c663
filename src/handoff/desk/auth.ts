import type { NextFunction, Request, RequestHandler, Response } from "express";
import { HttpError } from "../../http/errorHandler.js";
import { XieshangError } from "../../errors.js";
import type { Agent } from "../agents.js";
import { AgentSessions, type AgentSession } from "../sessions.js";

export const COOKIE = "xs_agent";
export const COOKIE_PATH = "/agent";

/** The one cookie the desk reads (twenty lines do not need a library). */
export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() !== COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return undefined; // a malformed escape is no session (401), not a server fault
    }
  }
  return undefined;
}

export function setSessionCookie(req: Request, res: Response, session: AgentSession): void {
  res.cookie(COOKIE, session.id, {
    httpOnly: true,
    sameSite: "strict",
    secure: req.secure,
    path: COOKIE_PATH,
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(COOKIE, { httpOnly: true, sameSite: "strict", secure: req.secure, path: COOKIE_PATH });
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export interface Authed {
  session: AgentSession;
  agent: Agent;
}

/** res.locals.desk after `requireSession`. */
export function authed(res: Response): Authed {
  return res.locals["desk"] as Authed;
}

/** 401 without a live session; 403 `CsrfToken` when a state-changing request lacks the session's X-CSRF-Token. */
export function requireSession(sessions: AgentSessions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = await sessions.get(sessionIdFrom(req.headers.cookie));
      if (!session) throw new XieshangError("unauthorized", "sign in first (no session, or it expired)");
      if (!SAFE.has(req.method) && !AgentSessions.csrfMatches(session, req.get("x-csrf-token"))) {
        throw new HttpError("forbidden", "X-CSRF-Token: missing or wrong (use the csrfToken from POST /session or GET /session)", { wireCode: "CsrfToken" });
      }
      res.locals["desk"] = { session, agent: session.agent } satisfies Authed;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function requireSupervisor(agent: Agent): void {
  if (agent.role !== "supervisor") throw new XieshangError("forbidden", "supervisors only");
}
