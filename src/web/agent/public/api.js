/* The console's only door to the server: /agent/api (REST, cookie session, X-CSRF-Token). */
import { clock } from "./format.js";
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? (status === 0 ? "Network" : "Error");
    this.body = body?.error ?? {};
    this.retryAfter = retryAfter ?? null;
  }
}

export function createApi({ onUnauthorized }) {
  let csrfToken = null;

  async function call(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
    let res;
    try {
      res = await fetch(`/agent/api${path}`, {
        method,
        headers,
        credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, null);
    }
    if (res.status === 204) return null;
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      const error = new ApiError(res.status, data, res.headers.get("Retry-After"));
      if (res.status === 401 && path !== "/session") onUnauthorized();
      throw error;
    }
    return data;
  }

  /**
   * Sends that must not happen twice (a message, an offer) carry a request id. A send that failed
   * keeps its id, so sending the same thing again — the agent's retry after a lost answer — is
   * answered by the server with the first result instead of reaching the borrower twice.
   */
  const unsettled = new Map();
  async function callOnce(path, body) {
    const key = `${path}\n${JSON.stringify(body)}`;
    const requestId = unsettled.get(key) ?? crypto.randomUUID();
    unsettled.set(key, requestId);
    const result = await call("POST", path, { ...body, requestId });
    unsettled.delete(key);
    return result;
  }

  const id = (x) => encodeURIComponent(x);
  return {
    setCsrf(token) {
      csrfToken = token ?? null;
    },
    session: () => call("GET", "/session"),
    signIn: (agentId, password) => call("POST", "/session", { agentId, password }),
    signOut: () => call("DELETE", "/session"),
    handoffs: () => call("GET", "/handoffs"),
    handoff: (h) => call("GET", `/handoffs/${id(h)}`),
    claim: (h) => call("POST", `/handoffs/${id(h)}/claim`),
    message: (h, text) => callOnce(`/handoffs/${id(h)}/messages`, { text }),
    decide: (h, facts) => call("POST", `/handoffs/${id(h)}/decide`, { facts }),
    offer: (h, decisionId, offerIndex) => callOnce(`/handoffs/${id(h)}/offers`, { decisionId, offerIndex }),
    note: (h, text) => call("POST", `/handoffs/${id(h)}/notes`, { text }),
    transfer: (h, queue, note) => call("POST", `/handoffs/${id(h)}/transfer`, note ? { queue, note } : { queue }),
    handBack: (h) => call("POST", `/handoffs/${id(h)}/return`),
    close: (h, outcome, note) => call("POST", `/handoffs/${id(h)}/close`, note ? { outcome, note } : { outcome }),
    approvals: () => call("GET", "/approvals"),
    decideApproval: (a, decision, reason) => call("POST", `/approvals/${id(a)}`, { decision, reason }),
    audit: (filter) => {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(filter ?? {})) if (v) query.set(k, v);
      const q = query.toString();
      return call("GET", `/audit${q ? `?${q}` : ""}`);
    },
  };
}

/** An ApiError as words for the agent (the server's message is already human). */
export function describeError(error, t) {
  if (!(error instanceof ApiError)) return t("error.network");
  if (error.status === 0) return t("error.network");
  if (error.code === "QuietHours") return t("error.quietHours", { time: error.body.until ? clock(error.body.until, document.documentElement.lang) : "—" });
  if (error.status === 403 && error.code === "Forbidden") return t("error.forbidden");
  // The server's codes in the agent's language (its English message only for a code not listed here).
  const who = (a) => a?.displayName ?? a?.id ?? a ?? "—";
  switch (error.code) {
    case "AlreadyClaimed":
      return t("error.alreadyClaimed", { name: who(error.body.claimedBy) });
    case "NotYours":
      return t("error.notYours", { name: who(error.body.claimedBy) });
    case "InvalidTransition":
      return t("error.invalidTransition", { status: ["waiting", "claimed", "returned", "closed"].includes(error.body.from) ? t(`status.${error.body.from}`) : "—" });
    case "NoDecision":
      return t("error.noDecision");
    case "NotVerified":
      return t("error.notVerified");
    case "InvalidOffer":
      return t("error.invalidOffer");
    case "AlreadyDecided":
      return t("error.alreadyDecided", { name: who(error.body.decidedBy) });
    case "InProgress":
      return t("error.inProgress");
    case "CsrfToken":
      return t("error.csrf");
    case "TooManyRequests":
      return t("error.tooMany");
    case "DeskOff":
      return t("error.deskOff");
  }
  if (error.status === 409) return t("error.conflict", { message: error.message });
  if (error.status === 400) return t("error.validation", { message: error.message });
  return t("error.generic", { status: error.status, message: error.message });
}
