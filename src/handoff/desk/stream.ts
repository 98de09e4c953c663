import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, WebSocket } from "ws";
import type { Logger } from "../../log.js";
import type { DeskStore, Notifier } from "../../store/types.js";
import type { Agent } from "../agents.js";
import { DESK_TOPIC, type DeskEvent } from "../events.js";
import type { AgentSessions } from "../sessions.js";
import { sessionIdFrom } from "./auth.js";
import { visibleTo } from "./views.js";

export const STREAM_PATH = "/agent/api/stream";
const PAGE = 200;
const CURSOR = /^\d{1,15}-\d{1,15}$/;

/** A read of the event log, parsed once and shared by every stream of this instance asking for the same page. */
type SharedRead = (after: string | undefined) => Promise<Array<{ id: string; event: DeskEvent }>>;

export interface DeskStreamOptions {
  desk: DeskStore;
  notifier: Notifier;
  sessions: AgentSessions;
  logger: Logger;
  pingIntervalMs: number;
  /** Origins allowed to open the stream (the page's own); empty = same host as the request. */
  allowedOrigins?: readonly string[];
}

/**
 * One agent's live stream: subscribe first, then read the desk's event log strictly after the
 * cursor (replay), then on every notification read again (live). Frames follow the log's order,
 * none is doubled or lost across reconnects: the client resumes with the last cursor it saw.
 */
class AgentStream {
  private cursor: string | undefined;
  private running = false;
  /** Set once hello is sent (the cursor is known): wake-ups before it only mark the stream dirty. */
  private ready = false;
  private dirty = false;
  private closed = false;
  private alive = true;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly agent: Agent,
    private readonly sessionId: string,
    cursor: string | undefined,
    private readonly options: DeskStreamOptions,
    private readonly read: SharedRead,
    private readonly onEnd: (s: AgentStream) => void,
  ) {
    this.cursor = cursor;
  }

  async start(): Promise<void> {
    this.ws.on("close", () => void this.end());
    this.ws.on("error", () => void this.end());
    this.ws.on("pong", () => (this.alive = true));
    this.ws.on("message", () => {});
    this.pinger = setInterval(() => void this.ping(), this.options.pingIntervalMs);
    this.pinger.unref();
    await this.options.desk.markPresent(this.agent.id, this.options.pingIntervalMs * 3);
    const first = await this.options.desk.firstEventId();
    const last = await this.options.desk.lastEventId();
    // The event the client last saw is no longer kept (the log is capped): what came after it may be gone too.
    if (this.cursor !== undefined && this.cursor !== "0-0" && first !== null && compare(this.cursor, first) < 0) {
      this.send({ type: "reset" });
      this.cursor = last ?? undefined;
    }
    if (this.cursor === undefined) this.cursor = last ?? "0-0";
    this.send({ type: "hello", cursor: this.cursor, agent: this.agent });
    this.ready = true;
    this.kick();
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
    void this.end();
  }

  private async ping(): Promise<void> {
    if (!this.alive) return void this.ws.terminate();
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      // closing anyway
    }
    // Signed out (or expired) elsewhere: the stream ends too.
    const session = await this.options.sessions.get(this.sessionId).catch(() => null);
    if (!session) return this.close(4401, "session ended");
    await this.options.desk.markPresent(this.agent.id, this.options.pingIntervalMs * 3).catch(() => undefined);
  }

  kick(): void {
    this.dirty = true;
    if (!this.ready || this.running) return;
    this.running = true;
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    try {
      while (this.dirty && !this.closed) {
        this.dirty = false;
        await this.drain();
      }
    } catch (error) {
      this.options.logger.warn("desk.stream_failed", { agentId: this.agent.id, errorName: (error as Error)?.name });
      this.close(1011, "stream error");
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const entries = await this.read(this.cursor);
      for (const e of entries) {
        this.cursor = e.id;
        if (visibleTo(this.agent, e.event)) this.send({ type: "event", cursor: e.id, event: e.event });
      }
      if (entries.length < PAGE) return;
    }
  }

  private send(frame: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private async end(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pinger) clearInterval(this.pinger);
    this.onEnd(this);
  }
}

function compare(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am - bm || as - bs;
}

function reject(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 503: "Service Unavailable" }[status] ?? "Error";
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** `GET /agent/api/stream` (WebSocket, cookie-authenticated, same origin only). */
export class DeskStreams {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  private readonly streams = new Set<AgentStream>();
  private readonly attached: Array<{ server: Server; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }> = [];

  /**
   * Reads in flight by (notification generation, cursor): the streams that are up to date all ask
   * for the same page after the same notification, and share one read. A read started before a
   * notification is never shared with a stream woken by it (it might not hold the new event).
   */
  private readonly reads = new Map<string, Promise<Array<{ id: string; event: DeskEvent }>>>();
  private generation = 0;
  /** One subscription per instance; every local stream is woken from it. */
  private subscription: Promise<() => Promise<void>> | undefined;

  constructor(private readonly options: DeskStreamOptions) {}

  private readonly read: SharedRead = (after) => {
    const key = `${this.generation}:${after ?? ""}`;
    let pending = this.reads.get(key);
    if (!pending) {
      pending = this.options.desk
        .readEvents(after, PAGE)
        .then((entries) => entries.map((e) => ({ id: e.id, event: JSON.parse(e.json) as DeskEvent })))
        .finally(() => this.reads.delete(key));
      this.reads.set(key, pending);
    }
    return pending;
  };

  private subscribe(): Promise<() => Promise<void>> {
    // A failed subscription (Redis briefly away) is forgotten, so the next stream tries again
    // instead of every later upgrade on this instance getting the same rejection.
    this.subscription ??= this.options.notifier
      .subscribe(DESK_TOPIC, () => {
        this.generation += 1;
        for (const stream of this.streams) stream.kick();
      })
      .catch((error: unknown) => {
        this.subscription = undefined;
        throw error;
      });
    return this.subscription;
  }

  attach(server: Server): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://localhost");
      } catch {
        return;
      }
      if (url.pathname !== STREAM_PATH) return;
      void this.upgrade(req, socket, head, url);
    };
    server.on("upgrade", listener);
    this.attached.push({ server, listener });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    socket.on("error", () => socket.destroy());
    try {
      const origin = req.headers.origin;
      const host = req.headers.host;
      const allowed = this.options.allowedOrigins ?? [];
      const sameHost = origin !== undefined && host !== undefined && (() => {
        try {
          return new URL(origin).host === host;
        } catch {
          return false;
        }
      })();
      if (origin === undefined || !(sameHost || allowed.includes(origin))) return reject(socket, 403, "Forbidden", "the stream is only open to the console's own origin");
      const sessionId = sessionIdFrom(req.headers.cookie);
      const session = await this.options.sessions.get(sessionId);
      if (!session || !sessionId) return reject(socket, 401, "Unauthorized", "sign in first");
      const raw = url.searchParams.get("cursor");
      if (raw !== null && raw !== "" && !CURSOR.test(raw)) return reject(socket, 400, "BadArgument", "cursor: not a stream cursor");
      const cursor = raw === null || raw === "" ? undefined : raw;
      await this.subscribe();
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const stream = new AgentStream(ws, session.agent, sessionId, cursor, this.options, this.read, (s) => {
          this.streams.delete(s);
          if (![...this.streams].some((o) => o !== s && (o as unknown as { agent: Agent }).agent.id === session.agent.id)) {
            void this.options.desk.clearPresent(session.agent.id).catch(() => undefined);
          }
        });
        this.streams.add(stream);
        stream.start().catch(() => stream.close(1011, "stream error"));
      });
    } catch (error) {
      this.options.logger.warn("desk.upgrade_failed", { errorName: (error as Error)?.name });
      reject(socket, 503, "ServiceUnavailable", "try again");
    }
  }

  get openCount(): number {
    return this.streams.size;
  }

  async close(): Promise<void> {
    for (const { server, listener } of this.attached.splice(0)) server.off("upgrade", listener);
    for (const s of [...this.streams]) s.close(1001, "server shutting down");
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) await (await subscription.catch(() => async () => {}))().catch(() => undefined);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
