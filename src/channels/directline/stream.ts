import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, WebSocket } from "ws";
import { XieshangError } from "../../errors.js";
import { HttpError, statusFor, errorBody } from "../../http/errorHandler.js";
import type { Logger } from "../../log.js";
import type { Notifier, TranscriptStore } from "../../store/types.js";
import { isDeliverableType, normaliseWatermark } from "./activity.js";
import { topicFor } from "./adapter.js";
import { CONVERSATION_ID, requireConversationAccess, type DirectLineTokens } from "./tokens.js";

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream\/?$/;
const PAGE = 100;

export interface StreamOptions {
  transcripts: TranscriptStore;
  notifier: Notifier;
  tokens: DirectLineTokens;
  logger: Logger;
  /** Protocol-level ping interval; a socket that misses one pong is closed. */
  pingIntervalMs: number;
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
    private readonly conversationId: string,
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
      this.watermark = last.id;
      // The stored JSON goes into the frame as it is (the same text JSON.stringify would make of
      // the parsed activities): nothing is parsed or serialised again per frame.
      let activities = "";
      for (const e of entries) {
        if (!isDeliverableType(e.type)) continue;
        activities += activities === "" ? e.json : `,${e.json}`;
      }
      if (activities !== "" && this.ws.readyState === WebSocket.OPEN) {
        this.ws.send(`{"activities":[${activities}],"watermark":${JSON.stringify(last.id)}}`);
      }
      if (entries.length < PAGE) return;
    }
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

function reject(socket: Duplex, status: number, message: string, wireCode?: string): void {
  const body = JSON.stringify(errorBody(status, message, wireCode));
  const reason = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" }[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The WebSocket side of Direct Line: `GET /v3/directline/conversations/{id}/stream`. */
export class DirectLineStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Set<StreamSession>();
  private readonly attached: Array<{ server: Server; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];

  constructor(private readonly options: StreamOptions) {}

  /** Listens on the server's 'upgrade' event; other paths are left to other listeners. */
  attach(server: Server): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) return;
      void this.upgrade(req, socket, head, url, decodeURIComponent(match[1] ?? ""));
    };
    server.on("upgrade", listener);
    this.attached.push({ server, listener });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, conversationId: string): Promise<void> {
    socket.on("error", () => socket.destroy());
    try {
      if (!CONVERSATION_ID.test(conversationId)) throw new XieshangError("not_found", "unknown conversation");
      const t = url.searchParams.get("t");
      const principal = t
        ? await this.options.tokens.authenticateCredential(t)
        : await this.options.tokens.authenticate(req.headers.authorization);
      requireConversationAccess(principal, conversationId);
      const watermark = normaliseWatermark(url.searchParams.get("watermark") ?? undefined);
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new StreamSession(ws, conversationId, watermark, this.options, (s) => this.sessions.delete(s));
        this.sessions.add(session);
        session.start().catch(() => session.close(1011, "stream error"));
      });
    } catch (error) {
      if (error instanceof XieshangError) {
        const wire = error instanceof HttpError ? error.options.wireCode : undefined;
        reject(socket, statusFor(error), error.message, wire);
      } else {
        this.options.logger.error("directline.upgrade_failed", { errorName: (error as Error)?.name });
        socket.destroy();
      }
    }
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
