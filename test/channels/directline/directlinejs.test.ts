import { expect } from "chai";
import { createRequire } from "node:module";
import { WebSocket as WsWebSocket } from "ws";
import { DirectLine } from "botframework-directlinejs";
import { api, startTestServer, texts, type Activity, type TestServer } from "../../support/directline.js";

/**
 * The real client Web Chat uses (botframework-directlinejs), in Node: its rxjs 5 ajax needs
 * XMLHttpRequest, so it gets a fetch-based `ajax` service; WebSocket comes from `ws`.
 */
const requireFromDirectLine = createRequire(createRequire(import.meta.url).resolve("botframework-directlinejs"));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rxjs 5 is untyped here
const { Observable } = requireFromDirectLine("rxjs/Observable") as { Observable: any };

interface AjaxRequest {
  method?: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

function fetchAjax(request: AjaxRequest) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rxjs 5 subscriber
  return Observable.create((subscriber: any) => {
    const controller = new AbortController();
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    fetch(request.url, { method: request.method ?? "GET", headers: request.headers ?? {}, body, signal: controller.signal }).then(
      async (res) => {
        const text = await res.text();
        const response = text ? JSON.parse(text) : null;
        if (res.ok) {
          subscriber.next({ status: res.status, response });
          subscriber.complete();
        } else {
          subscriber.error({ status: res.status, response, xhr: { getResponseHeader: (h: string) => res.headers.get(h) } });
        }
      },
      (error: unknown) => {
        if ((error as Error).name !== "AbortError") subscriber.error({ status: 0, error });
      },
    );
    return () => controller.abort();
  });
}

function collect(dl: DirectLine) {
  const activities: Activity[] = [];
  let waiters: Array<() => void> = [];
  const subscription = dl.activity$.subscribe((a) => {
    activities.push(a as Activity);
    const ws = waiters;
    waiters = [];
    for (const w of ws) w();
  });
  return {
    activities,
    subscription,
    async until(predicate: (a: Activity[]) => boolean) {
      while (!predicate(activities)) await new Promise<void>((resolve) => waiters.push(resolve));
      return activities;
    },
  };
}

function post(dl: DirectLine, activity: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the library's Activity union is narrower than the wire
    dl.postActivity(activity as any).subscribe(resolve, reject);
  });
}

describe("botframework-directlinejs against our Direct Line", () => {
  let srv: TestServer;
  const globals = globalThis as { WebSocket?: unknown };
  const hadWebSocket = "WebSocket" in globals;
  const originalWebSocket = globals.WebSocket;
  before(() => {
    // DirectLineJS decides on WebSocket by looking at the global.
    globals.WebSocket = WsWebSocket;
  });
  after(() => {
    if (hadWebSocket) globals.WebSocket = originalWebSocket;
    else delete globals.WebSocket;
  });
  beforeEach(async () => {
    srv = await startTestServer();
  });
  afterEach(async () => {
    await srv.close();
  });

  for (const mode of ["websocket", "polling"] as const) {
    it(`when DirectLineJS (${mode}) starts with a widget token and posts, then it sees the greeting, its own echo with the same clientActivityID, and the reply`, async () => {
      const minted = await api(srv.url, "/api/widget/token", { method: "POST", body: {}, headers: { Origin: srv.url } });
      const dl = new DirectLine({
        token: minted.body.token,
        domain: `${srv.url}/v3/directline`,
        webSocket: mode === "websocket",
        pollingInterval: 200,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see fetchAjax
        ajax: fetchAjax as any,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ws stands in for the browser's WebSocket
        WebSocket: WsWebSocket as any,
      });
      const seen = collect(dl);
      try {
        await seen.until((a) => texts(a).includes("hello"));
        const id = await post(dl, {
          type: "message",
          text: "收入减少了",
          from: { id: minted.body.userId },
          channelData: { clientActivityID: "cid-1" },
        });
        const activities = await seen.until((a) => texts(a).includes("echo: 收入减少了"));
        expect(texts(activities)).to.deep.equal(["hello", "收入减少了", "echo: 收入减少了"]);
        const mine = activities.find((a) => a.text === "收入减少了")!;
        expect(mine.id).to.equal(id);
        expect(mine.channelData.clientActivityID).to.equal("cid-1");
        expect(mine.from.id).to.equal(minted.body.userId);
      } finally {
        seen.subscription.unsubscribe();
        dl.end();
      }
    });
  }
});
