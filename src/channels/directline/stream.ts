import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, WebSocket } from "ws";
import { XieshangError } from "../../errors.js";
import { HttpError, statusFor, errorBody } from "../../http/errorHandler.js";
import type { Logger } from "../../log.js";
import type { Notifier, TranscriptStore } from "../../store/types.js";
import { safeDecodeURIComponent, safeRequestUrl } from "../../http/decode.js";
import type { ClientAddress } from "../../http/publicOrigin.js";
import type { RateLimits } from "../../security/rateLimits.js";
import { isDeliverableType, normaliseWatermark } from "./activity.js";
import { topicFor } from "./adapter.js";
import { CONVERSATION_ID, requireConversationAccess, type DirectLineTokens } from "./tokens.js";

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream\/?$/;
const PAGE = 100;
/** A frame carries at most this many bytes of activities (at least one activity). */
export const FRAME_BYTES = 256 * 1024;
/** More than this queued and unread on a socket: nothing more is queued until the client reads. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
/** A socket over the limit that reads nothing for this long is a stalled consumer: dropped, and it may reconnect. */
export const DEFAULT_SLOW_CONSUMER_MS = 10_000;
/** Close code for a dropped slow consumer: 1013 "try again later" (reconnect with your watermark). */
export const SLOW_CONSUMER_CLOSE = 1013;

/** Upgrade requests under /v3/directline/ are Direct Line's to answer (the raw target, as sent). */
export function isDirectLineUpgrade(req: IncomingMessage): boolean {
  return (req.url ?? "").startsWith("/v3/directline/");
}

export interface StreamOptions {
  transcripts: TranscriptStore;
  notifier: Notifier;
  tokens: DirectLineTokens;
  logger: Logger;
  /** Protocol-level ping interval; a socket that misses one pong is closed. */
  pingIntervalMs: number;
  /** Open sockets per conversation on this instance; one more is refused with 429. */
  maxSocketsPerConversation: number;
  clientAddress: ClientAddress;
  rateLimits?: RateLimits;
  /** Unread bytes a socket may queue before sending waits (default 1 MiB). */
  maxBufferedBytes?: number;
  /** How long a socket over the limit may read nothing before it is dropped (default 10 s). */
  slowConsumerMs?: number;
}

/**
 * One WebSocket reader of one conversation. It subscribes first, then drains the transcript
 * strictly after its own watermark; every notification just triggers another drain. Because the
 * transcript (not the notification) is read, frames are in transcript order, none is doubled
 * (reads start after the last id sent) and none is lost in the replay/live hand-over.
 */
class StreamSession {
  private watermark: string | undefined;
  private running = false;
  private scheduled = false;
  private dirty = false;
  private closed = false;
  private alive = true;
  private unsubscribe: (() => Promise<void>) | undefined;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    readonly conversationId: string,
    watermark: string | undefined,
    private readonly options: StreamOptions,
    private readonly onEnd: (session: StreamSession) => void,
  ) {
    this.watermark = watermark;
  }

  async start(): Promise<void> {
    this.ws.on("close", () => void this.end());
    this.ws.on("error", () => void this.end());
    this.ws.on("pong", () => {
      this.alive = true;
    });
    // Clients may send "" keep-alives (DirectLineJS does); anything sent is ignored.
    this.ws.on("message", () => {});
    this.pinger = setInterval(() => {
      if (!this.alive) {
        this.ws.terminate();
        return;
      }
      this.alive = false;
      try {
        this.ws.ping();
      } catch {
        // closing anyway
      }
    }, this.options.pingIntervalMs);
    this.pinger.unref();
    const unsubscribe = await this.options.notifier.subscribe(topicFor(this.conversationId), () => this.kick());
    if (this.closed) {
      await unsubscribe();
      return;
    }
    this.unsubscribe = unsubscribe;
    this.kick();
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
    void this.end();
  }

  /**
   * Notifications only mark the session dirty; the read runs on the next setImmediate, so that a
   * burst of notifications (several bot replies arriving together) costs one transcript read.
   */
  private kick(): void {
    this.dirty = true;
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.dirty && !this.closed) {
        this.dirty = false;
        await this.drain();
      }
    } catch (error) {
      const status = error instanceof XieshangError ? statusFor(error) : 500;
      this.options.logger.warn("directline.stream_failed", { conversationId: this.conversationId, status });
      // 1008: policy violation (e.g. a watermark that is not one of ours); 1011: server error.
      this.close(status === 400 ? 1008 : 1011, status === 400 ? "bad watermark" : "stream error");
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const entries = await this.options.transcripts.readJson(this.conversationId, this.watermark, PAGE);
      const last = entries[entries.length - 1];
      if (!last) return;
      // The stored JSON goes into the frame as it is (the same text JSON.stringify would make of
      // the parsed activities): nothing is parsed or serialised again per frame. A frame holds
      // about FRAME_BYTES at most; before each one the socket's unread backlog is checked.
      let activities = "";
      let bytes = 0;
      let frameEnd: string | undefined;
      for (const e of entries) {
        const size = Buffer.byteLength(e.json);
        if (bytes > 0 && bytes + size > FRAME_BYTES) {
          if (!(await this.send(activities, frameEnd!))) return;
          activities = "";
          bytes = 0;
        }
        frameEnd = e.id;
        if (!isDeliverableType(e.type)) continue;
        activities += activities === "" ? e.json : `,${e.json}`;
        bytes += size;
      }
      if (activities !== "" && !(await this.send(activities, last.id))) return;
      this.watermark = last.id;
      if (entries.length < PAGE) return;
    }
  }

  /**
   * Sends one frame, with backpressure: while more than maxBufferedBytes are queued unread, the
   * drain waits (nothing more is read from the transcript or queued); a client that reads nothing
   * for slowConsumerMs is dropped (1013: reconnect with your watermark) instead of the server
   * buffering the transcript for it. A slow but reading client just receives at its own pace.
   */
  private async send(activities: string, watermark: string): Promise<boolean> {
    const limit = this.options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    let waitedSince: number | undefined;
    let lastBuffered = Number.POSITIVE_INFINITY;
    while (this.ws.readyState === WebSocket.OPEN && this.ws.bufferedAmount > limit) {
      const buffered = this.ws.bufferedAmount;
      if (buffered < lastBuffered) waitedSince = Date.now(); // progress: the client reads
      lastBuffered = buffered;
      if (Date.now() - (waitedSince ?? Date.now()) >= (this.options.slowConsumerMs ?? DEFAULT_SLOW_CONSUMER_MS)) {
        this.options.logger.warn("directline.slow_consumer_dropped", { conversationId: this.conversationId });
        this.close(SLOW_CONSUMER_CLOSE, "slow consumer; reconnect with your watermark");
        // The close frame cannot reach a client that does not read: free the socket now.
        setTimeout(() => this.ws.terminate(), 1000).unref();
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (this.ws.readyState !== WebSocket.OPEN || this.closed) return false;
    this.ws.send(`{"activities":[${activities}],"watermark":${JSON.stringify(watermark)}}`);
    this.watermark = watermark;
    return true;
  }

  private async end(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pinger) clearInterval(this.pinger);
    this.onEnd(this);
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    if (unsubscribe) {
      try {
        await unsubscribe();
      } catch {
        // the subscription dies with the connection anyway
      }
    }
  }
}

export function rejectUpgrade(socket: Duplex, status: number, message: string, wireCode?: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(errorBody(status, message, wireCode));
  const reason =
    { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 503: "Service Unavailable" }[status] ??
    "Error";
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The WebSocket side of Direct Line: `GET /v3/directline/conversations/{id}/stream`. */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Set<StreamSession>();
  private readonly attached: Array<{ server: Server; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];

  constructor(private readonly options: StreamOptions) {}

  /**
   * Listens on the server's 'upgrade' event and answers every upgrade under /v3/directline/ (a
   * stream, or a 4xx); other paths are left to other listeners. Nothing here may throw: an
   * exception in an 'upgrade' listener would end the process.
   */
  attach(server: Server): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!isDirectLineUpgrade(req)) return;
      socket.on("error", () => socket.destroy());
      try {
        const url = safeRequestUrl(req.url);
        const match = url ? STREAM_PATH.exec(url.pathname) : null;
        const conversationId = match ? safeDecodeURIComponent(match[1] ?? "") : undefined;
        if (!url || conversationId === undefined) {
          rejectUpgrade(socket, 404, "no WebSocket here; use /v3/directline/conversations/{id}/stream");
          return;
        }
        this.upgrade(req, socket, head, url, conversationId).catch((error: unknown) => this.refuse(socket, error));
      } catch (error) {
        this.refuse(socket, error);
      }
    };
    server.on("upgrade", listener);
    this.attached.push({ server, listener });
  }

  private refuse(socket: Duplex, error: unknown): void {
    if (error instanceof XieshangError) {
      const wire = error instanceof HttpError ? error.options.wireCode : undefined;
      const headers = error instanceof HttpError ? error.options.headers : undefined;
      rejectUpgrade(socket, statusFor(error), error.message, wire, headers);
    } else {
      this.options.logger.error("directline.upgrade_failed", { errorName: (error as Error)?.name });
      rejectUpgrade(socket, 503, "the stream is unavailable; try again");
    }
  }

  private openFor(conversationId: string): number {
    let n = 0;
    for (const s of this.sessions) if (s.conversationId === conversationId) n++;
    return n;
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, conversationId: string): Promise<void> {
    const t = url.searchParams.get("t");
    const principal = t
      ? await this.options.tokens.authenticateCredential(t)
      : await this.options.tokens.authenticate(req.headers.authorization);
    if (!CONVERSATION_ID.test(conversationId)) throw new XieshangError("not_found", "unknown conversation");
    requireConversationAccess(principal, conversationId);
    if (principal.kind === "token" && this.options.rateLimits) {
      await this.options.rateLimits.consume("sockets", { address: this.options.clientAddress(req), conversation: conversationId });
    }
    if (this.openFor(conversationId) >= this.options.maxSocketsPerConversation) {
      throw new HttpError("unavailable", "too many open connections to this conversation; close one first", {
        status: 429,
        wireCode: "TooManyRequests",
        headers: { "Retry-After": "30" },
      });
    }
    const watermark = normaliseWatermark(url.searchParams.get("watermark") ?? undefined);
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new StreamSession(ws, conversationId, watermark, this.options, (s) => this.sessions.delete(s));
      this.sessions.add(session);
      session.start().catch(() => session.close(1011, "stream error"));
    });
  }

  get openCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    for (const { server, listener } of this.attached.splice(0)) server.off("upgrade", listener);
    // 1012 "service restart": the client should reconnect (another instance answers).
    for (const session of [...this.sessions]) session.close(1012, "service restart; reconnect");
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
