/**
 * An agent's side of the desk API over real HTTP and a real WebSocket: a cookie jar of one, the
 * CSRF token from sign-in, and the stream's frames collected in order.
 */
import WebSocket from "ws";

export interface DeskAnswer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
  status: number;
  body: T;
  headers: Headers;
}

export class DeskClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(public base: string) {}

  /** The same agent session on another instance (any instance accepts it). */
  via(base: string): DeskClient {
    const other = new DeskClient(base);
    other.cookie = this.cookie;
    other.csrfToken = this.csrfToken;
    return other;
  }

  async signIn(agentId: string, password: string): Promise<DeskAnswer> {
    const answer = await this.call("POST", "/session", { agentId, password }, { csrf: false });
    const set = answer.headers.get("set-cookie");
    if (answer.status === 200 && set) this.cookie = set.split(";")[0];
    if (answer.status === 200) this.csrfToken = answer.body.csrfToken;
    return answer;
  }

  async call(method: string, path: string, body?: unknown, options: { csrf?: boolean; csrfToken?: string; raw?: string } = {}): Promise<DeskAnswer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers["cookie"] = this.cookie;
    if (body !== undefined || options.raw !== undefined) headers["content-type"] = "application/json";
    const token = options.csrfToken ?? this.csrfToken;
    if (options.csrf !== false && token) headers["x-csrf-token"] = token;
    const res = await fetch(`${this.base}/agent/api${path}`, {
      method,
      headers,
      ...(options.raw !== undefined ? { body: options.raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new Error(`${method} ${path}: ${res.status} not JSON: ${text.slice(0, 300)}`);
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string): Promise<DeskAnswer> {
    return this.call("GET", path);
  }

  post(path: string, body: unknown = {}, options: { csrf?: boolean; csrfToken?: string } = {}): Promise<DeskAnswer> {
    return this.call("POST", path, body, options);
  }

  async stream(cursor?: string, origin = this.base): Promise<DeskStreamClient> {
    const url = `${this.base.replace(/^http/, "ws")}/agent/api/stream${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;
    return DeskStreamClient.open(url, { ...(this.cookie ? { cookie: this.cookie } : {}), origin });
  }
}

export interface DeskFrame {
  type: "hello" | "event" | "reset";
  cursor?: string;
  event?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
}

export class DeskStreamClient {
  readonly frames: DeskFrame[] = [];
  /** The text of every `line` event so far (a cheap membership test for long runs). */
  readonly lineTexts = new Set<string>();
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];
  closed = false;

  private constructor(private readonly ws: WebSocket) {}

  static async open(url: string, headers: Record<string, string>): Promise<DeskStreamClient> {
    const ws = new WebSocket(url, { headers });
    const client = new DeskStreamClient(ws);
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as DeskFrame;
      client.frames.push(frame);
      if (frame.type === "event" && frame.event?.kind === "line") client.lineTexts.add(String(frame.event.line?.text));
      client.wake();
    });
    ws.on("close", () => {
      client.closed = true;
      client.wake();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    ws.on("error", () => {});
    return client;
  }

  /** Events (not hello/reset), in order. */
  get events(): any[] { // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON
    return this.frames.filter((f) => f.type === "event").map((f) => f.event);
  }

  get lastCursor(): string | undefined {
    return [...this.frames].reverse().find((f) => f.cursor)?.cursor;
  }

  async waitFor(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (test()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`)), timeoutMs);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.test()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}
