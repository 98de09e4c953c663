/**
 * A small Direct Line 3.0 client for tests and the benchmark: start a conversation (through
 * `/v3/directline/tokens/generate` then `/conversations`, as Web Chat does, or straight at
 * `/conversations` with the secret), post activities carrying a `clientActivityID`, open the
 * WebSocket stream from a watermark, collect its frames, and reconnect with a watermark
 * (`GET /conversations/{id}?watermark=…`, as DirectLineJS does).
 *
 * It speaks only to the base URL it is given (loopback in tests). Every wait is bounded.
 */
import { randomUUID } from "node:crypto";
import WebSocket from "ws";

export interface DirectLineActivity {
  type: string;
  id?: string;
  text?: string;
  locale?: string;
  replyToId?: string;
  from?: { id: string; name?: string; role?: string };
  conversation?: { id: string };
  attachments?: Array<{ contentType: string; content?: unknown }>;
  suggestedActions?: { actions?: Array<{ type?: string; title?: string; value?: unknown }> };
  channelData?: Record<string, unknown> & { clientActivityID?: string };
  value?: unknown;
  [key: string]: unknown;
}

export interface ActivitySet {
  activities: DirectLineActivity[];
  watermark?: string;
}

export interface StartOptions {
  /** The shared DIRECT_LINE_SECRET. */
  secret: string;
  userId?: string;
  userName?: string;
  /** "tokens": secret → tokens/generate → token → POST /conversations (Web Chat's way). "conversations": secret straight to POST /conversations. */
  via?: "tokens" | "conversations";
  /** Sent in POST /conversations (as Web Chat's conversationStartProperties): the greeting's language. */
  locale?: string;
  /** Bounds every HTTP call. */
  timeoutMs?: number;
}

export class DirectLineHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 300)}`);
    this.name = "DirectLineHttpError";
  }
}

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

async function json<T>(res: Response, what: string): Promise<T> {
  const body = await res.text();
  if (!res.ok) throw new DirectLineHttpError(res.status, body, what);
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new DirectLineHttpError(res.status, body, `${what} (not JSON)`);
  }
}

export interface PostResult {
  status: number;
  /** The id the server gave the activity (the bot's replies carry it as replyToId). */
  id?: string;
  clientActivityID: string;
  body: string;
}

/** One borrower's Direct Line conversation. The token may be served by any instance. */
export class DirectLineConversation {
  private constructor(
    public baseUrl: string,
    readonly conversationId: string,
    public token: string,
    public streamUrl: string | undefined,
    readonly userId: string,
    readonly userName: string,
    readonly timeoutMs: number,
  ) {}

  static async start(baseUrl: string, options: StartOptions): Promise<DirectLineConversation> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const userId = options.userId ?? `dl_${randomUUID()}`;
    const userName = options.userName ?? "Borrower";
    let bearer = options.secret;
    if ((options.via ?? "tokens") === "tokens") {
      const res = await call(
        `${baseUrl}/v3/directline/tokens/generate`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${options.secret}`, "content-type": "application/json" },
          body: JSON.stringify({ user: { id: userId, name: userName } }),
        },
        timeoutMs,
      );
      const generated = await json<{ token: string; conversationId?: string }>(res, "POST tokens/generate");
      bearer = generated.token;
    }
    const res = await call(
      `${baseUrl}/v3/directline/conversations`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({ user: { id: userId, name: userName }, ...(options.locale ? { locale: options.locale } : {}) }),
      },
      timeoutMs,
    );
    const started = await json<{ conversationId: string; token?: string; streamUrl?: string }>(res, "POST conversations");
    return new DirectLineConversation(
      baseUrl,
      started.conversationId,
      started.token ?? bearer,
      started.streamUrl,
      userId,
      userName,
      timeoutMs,
    );
  }

  /** The same conversation, spoken to through another instance (no sticky sessions). */
  via(baseUrl: string): DirectLineConversation {
    return new DirectLineConversation(baseUrl, this.conversationId, this.token, undefined, this.userId, this.userName, this.timeoutMs);
  }

  private get conversationUrl(): string {
    return `${this.baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}`;
  }

  /** A message activity from the borrower, with a fresh clientActivityID. */
  message(text: string, extra: Partial<DirectLineActivity> = {}): DirectLineActivity {
    return {
      type: "message",
      text,
      from: { id: this.userId, name: this.userName, role: "user" },
      locale: "zh-CN",
      ...extra,
      channelData: { clientActivityID: `c_${randomUUID()}`, ...(extra.channelData ?? {}) },
    };
  }

  /** Posts an activity; never throws on an HTTP status (tests look at it), only on network errors. */
  async postActivity(activity: DirectLineActivity): Promise<PostResult> {
    const clientActivityID = activity.channelData?.clientActivityID ?? `c_${randomUUID()}`;
    const body: DirectLineActivity = {
      ...activity,
      from: activity.from ?? { id: this.userId, name: this.userName, role: "user" },
      channelData: { ...(activity.channelData ?? {}), clientActivityID },
    };
    const res = await call(
      `${this.conversationUrl}/activities`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      },
      this.timeoutMs,
    );
    const text = await res.text();
    let id: string | undefined;
    try {
      id = (JSON.parse(text) as { id?: string }).id;
    } catch {
      /* not JSON: an error page */
    }
    return { status: res.status, id, clientActivityID, body: text };
  }

  /** Posts a text message and insists on a 2xx. */
  async say(text: string, extra: Partial<DirectLineActivity> = {}): Promise<PostResult> {
    const result = await this.postActivity(this.message(text, extra));
    if (result.status < 200 || result.status >= 300 || !result.id) {
      throw new DirectLineHttpError(result.status, result.body, `POST activities (${JSON.stringify(text)})`);
    }
    return result;
  }

  /** GET /activities?watermark= (polling). */
  async getActivities(watermark?: string): Promise<ActivitySet> {
    const q = watermark === undefined ? "" : `?watermark=${encodeURIComponent(watermark)}`;
    const res = await call(
      `${this.conversationUrl}/activities${q}`,
      { headers: { authorization: `Bearer ${this.token}` } },
      this.timeoutMs,
    );
    return json<ActivitySet>(res, "GET activities");
  }

  /** GET /conversations/{id}?watermark= — a fresh streamUrl (and token) that resumes after the watermark. */
  async reconnect(watermark?: string): Promise<{ streamUrl: string; token: string }> {
    const q = watermark === undefined ? "" : `?watermark=${encodeURIComponent(watermark)}`;
    const res = await call(`${this.conversationUrl}${q}`, { headers: { authorization: `Bearer ${this.token}` } }, this.timeoutMs);
    const body = await json<{ streamUrl?: string; token?: string }>(res, "GET conversation (reconnect)");
    if (!body.streamUrl) throw new DirectLineHttpError(res.status, JSON.stringify(body), "reconnect without streamUrl");
    if (body.token) this.token = body.token;
    this.streamUrl = body.streamUrl;
    return { streamUrl: body.streamUrl, token: this.token };
  }

  /**
   * Opens the WebSocket stream. With a watermark (or on an instance that did not start the
   * conversation) it asks for a fresh streamUrl first, as DirectLineJS does on reconnect.
   */
  async openStream(watermark?: string): Promise<ActivityStream> {
    let url: string;
    if (watermark === undefined && this.streamUrl) url = this.streamUrl;
    else url = (await this.reconnect(watermark)).streamUrl;
    this.streamUrl = undefined; // a streamUrl is single-use in Direct Line
    return ActivityStream.open(url, this.timeoutMs, this.userId);
  }
}

interface Waiter {
  predicate: () => boolean;
  resolve: () => void;
}

/** A WebSocket stream: every frame, every activity (in arrival order), the last watermark seen. */
export class ActivityStream {
  readonly frames: ActivitySet[] = [];
  readonly activities: DirectLineActivity[] = [];
  watermark: string | undefined;
  closed = false;
  closeCode: number | undefined;
  private waiters: Waiter[] = [];
  /** Called for every activity as it arrives (the benchmark timestamps here). */
  onActivity: ((activity: DirectLineActivity) => void) | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly userId: string,
  ) {}

  static async open(url: string, timeoutMs: number, userId: string): Promise<ActivityStream> {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const stream = new ActivityStream(ws, userId);
    ws.on("message", (data) => stream.onFrame(String(data)));
    ws.on("close", (code) => {
      stream.closed = true;
      stream.closeCode = code;
      stream.wake();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) =>
        reject(new Error(`WebSocket upgrade refused: ${res.statusCode} ${res.statusMessage ?? ""}`)),
      );
    });
    ws.on("error", () => {
      /* close follows; kept so that an error never crashes the test process */
    });
    return stream;
  }

  private onFrame(raw: string): void {
    if (raw.trim() === "") return; // heartbeat
    let set: ActivitySet;
    try {
      set = JSON.parse(raw) as ActivitySet;
    } catch {
      return;
    }
    this.frames.push(set);
    for (const a of set.activities ?? []) {
      this.activities.push(a);
      this.onActivity?.(a);
    }
    if (set.watermark !== undefined) this.watermark = set.watermark;
    this.wake();
  }

  private wake(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      if (w.predicate() || this.closed) w.resolve();
      else this.waiters.push(w);
    }
  }

  /** Activities sent by the bot (not echoes of the borrower's own). */
  get botActivities(): DirectLineActivity[] {
    return this.activities.filter((a) => a.from?.id !== this.userId && a.from?.role !== "user");
  }

  get botMessages(): DirectLineActivity[] {
    return this.botActivities.filter((a) => a.type === "message");
  }

  /** Waits until the predicate holds; rejects after timeoutMs, or if the socket closes first. */
  async waitUntil(predicate: () => boolean, timeoutMs: number, what = "condition"): Promise<void> {
    if (predicate()) return;
    if (this.closed) throw new Error(`stream closed (${this.closeCode}) before ${what}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push({ predicate, resolve })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (!predicate()) throw new Error(`stream closed (${this.closeCode}) before ${what}`);
  }

  /** The bot's message replies to one posted activity (by replyToId). */
  repliesTo(activityId: string): DirectLineActivity[] {
    return this.botMessages.filter((a) => a.replyToId === activityId);
  }

  async waitForReplyTo(activityId: string, timeoutMs = 10_000): Promise<DirectLineActivity[]> {
    await this.waitUntil(() => this.repliesTo(activityId).length > 0, timeoutMs, `a reply to ${activityId}`);
    return this.repliesTo(activityId);
  }

  /** The echo of the borrower's own activity (Web Chat needs it, with its clientActivityID). */
  echoOf(clientActivityID: string): DirectLineActivity | undefined {
    return this.activities.find((a) => a.channelData?.clientActivityID === clientActivityID);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000);
      this.ws.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close();
    });
    this.closed = true;
  }

  /** Drops the connection without a close handshake (a network loss). */
  drop(): void {
    this.ws.terminate();
  }
}

/** Plain text of an activity: its text plus card titles/texts and suggested-action titles. */
export function visibleText(a: DirectLineActivity): string {
  const parts: string[] = [];
  if (a.text) parts.push(a.text);
  for (const att of a.attachments ?? []) parts.push(JSON.stringify(att.content ?? ""));
  for (const act of a.suggestedActions?.actions ?? []) parts.push(String(act.title ?? act.value ?? ""));
  return parts.join("\n");
}
