import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { ActivityHandler, type TurnContext } from "botbuilder";
import { WebSocket } from "ws";
import { createDirectLine, type DirectLine } from "../../src/channels/directline/index.js";
import { createWidgetRouter } from "../../src/web/index.js";
import { errorHandler } from "../../src/http/errorHandler.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import { createRateLimits } from "../../src/security/rateLimits.js";
import type { Logger } from "../../src/log.js";
import type { Stores } from "../../src/store/types.js";

export const SECRET = "test-direct-line-secret-0123456789abcdef";

export type Activity = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

/** Greets on start; echoes "echo: <text>"; "typing" → a typing activity then "done"; "boom" → throws. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity("hello");
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = context.activity.text ?? "";
      if (text === "boom") throw new Error("the bot failed");
      if (text === "typing") {
        await context.sendActivity({ type: "typing" });
        await context.sendActivity("done");
      } else {
        await context.sendActivity(`echo: ${text}`);
      }
      await next();
    });
  }
}

/** A logger that keeps every line, to check that nothing personal is written. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => {
    lines.push(JSON.stringify({ level, event, ...fields }));
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export interface TestServer {
  url: string;
  stores: Stores;
  directLine: DirectLine;
  log: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: {
    bot?: { run(context: TurnContext): Promise<void> };
    tokenTtlSeconds?: number;
    /** Tokens per minute per address on /api/widget/token. */
    widgetRateLimit?: { max: number };
    pingIntervalMs?: number;
    /** How long a stalled WebSocket is kept before it is dropped. */
    slowConsumerMs?: number;
  } = {},
): Promise<TestServer> {
  const stores = createMemoryStores();
  const log = recordingLogger();
  const directLine = createDirectLine({
    stores,
    bot: options.bot ?? new EchoBot(),
    secret: SECRET,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 1800,
    log,
    ...(options.pingIntervalMs ? { pingIntervalMs: options.pingIntervalMs } : {}),
    ...(options.slowConsumerMs ? { slowConsumerMs: options.slowConsumerMs } : {}),
  });
  const app = express();
  app.use(
    createWidgetRouter({
      secret: SECRET,
      tokenTtlSeconds: options.tokenTtlSeconds ?? 1800,
      log,
      ...(options.widgetRateLimit
        ? {
            rateLimits: createRateLimits(
              { tokensPerAddress: options.widgetRateLimit.max, tokensPerConversation: 0, postsPerAddress: 0, postsPerConversation: 0, socketsPerAddress: 0, socketsPerConversation: 0 },
              { log },
            ),
          }
        : {}),
    }),
  );
  app.use(directLine.router);
  app.use(errorHandler(log));
  const server = http.createServer(app);
  directLine.handleUpgrade(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stores,
    directLine,
    log,
    async close() {
      await directLine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ApiResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
}

/** fetch with a Bearer credential; `body` is JSON-encoded unless `raw` is given. */
export async function api(
  base: string,
  path: string,
  options: { method?: string; auth?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) headers.Authorization = `Bearer ${options.auth}`;
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers["Content-Type"] ??= "application/json";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(base + path, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export interface Started {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

export async function startConversation(base: string, auth = SECRET, body?: unknown): Promise<Started> {
  const res = await api(base, "/v3/directline/conversations", { method: "POST", auth, ...(body !== undefined ? { body } : {}) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Started;
}

export async function postMessage(base: string, started: Started, text: string, clientActivityID = `c-${Math.random()}`): Promise<ApiResult> {
  return api(base, `/v3/directline/conversations/${started.conversationId}/activities`, {
    auth: started.token,
    body: { type: "message", text, from: { id: "ignored-by-token" }, channelData: { clientActivityID } },
  });
}

export interface Frame {
  activities: Activity[];
  watermark: string;
}

/** A real `ws` client that records every frame and lets a test wait for activities. */
export class StreamClient {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number }>;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const text = data.toString();
      if (text === "") return;
      this.frames.push(JSON.parse(text) as Frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code) => resolve({ code })));
  }

  static open(url: string, headers?: Record<string, string>): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, headers ? { headers } : {});
      const client = new StreamClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
      ws.once("error", reject);
    });
  }

  get activities(): Activity[] {
    return this.frames.flatMap((f) => f.activities);
  }

  get lastWatermark(): string | undefined {
    return this.frames[this.frames.length - 1]?.watermark;
  }

  /** Resolves once `predicate` holds for the activities received so far. */
  async until(predicate: (activities: Activity[]) => boolean): Promise<Activity[]> {
    while (!predicate(this.activities)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.activities;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    await this.closed;
  }
}

export const texts = (activities: Activity[], type = "message"): string[] =>
  activities.filter((a) => a.type === type).map((a) => String(a.text));
