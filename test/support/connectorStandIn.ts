import http from "node:http";
import type { AddressInfo } from "node:net";

/** A local stand-in for the Bot Connector service: it records what the bot sends to a conversation. */
export interface ConnectorStandIn {
  serviceUrl: string;
  received: Array<{ path: string; authorization: string | undefined; activity: Record<string, unknown> }>;
  /** Resolves once `count` activities have arrived (bounded by the test's own timeout). */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** An activity a channel (Telegram) delivers to /api/messages, with replies going to `connector`. */
export function channelActivity(connector: Pick<ConnectorStandIn, "serviceUrl">, overrides: Record<string, unknown> = {}) {
  return {
    type: "message",
    id: "in-1",
    channelId: "telegram",
    serviceUrl: connector.serviceUrl,
    conversation: { id: "tg-conv-1" },
    from: { id: "tg-user-1", name: "Borrower" },
    recipient: { id: "xieshang-bot", name: "Xieshang" },
    locale: "en-US",
    text: "hello",
    ...overrides,
  };
}

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const received: ConnectorStandIn["received"] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let seq = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method === "POST" && /^\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? "")) {
        received.push({ path: req.url ?? "", authorization: req.headers.authorization, activity: JSON.parse(body) });
        for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: `reply-${++seq}` }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    waitFor: (count) =>
      received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
