/**
 * The operations side of the HTTP server: request logs (pino-http, method + path + status +
 * time, never bodies, query strings or headers), liveness (`/healthz`), readiness (`/readyz`),
 * Prometheus `/metrics` (on a port of its own, or on the main port behind a bearer token), and
 * the gate that turns new requests away while the instance shuts down.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID, timingSafeEqual, createHash } from "node:crypto";
import { Router, type RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { Stores } from "../store/types.js";
import type { Metrics } from "./metrics.js";

/** Paths that probes and scrapers hit every few seconds: not worth a log line each. */
const QUIET = new Set(["/healthz", "/readyz", "/metrics"]);

/** The path of a request URL without its query string (tokens travel in `?t=` on stream URLs). */
export function pathOnly(url: string | undefined): string {
  const raw = url ?? "/";
  const q = raw.search(/[?#]/);
  return (q < 0 ? raw : raw.slice(0, q)).slice(0, 200);
}

/** Request logs through the instance's pino logger, or none when the logger has no pino behind it. */
export function requestLogs(log: Logger): RequestHandler | undefined {
  if (!log.pino) return undefined;
  return pinoHttp({
    logger: log.pino,
    genReqId: (req, res) => {
      const id = randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET.has(pathOnly(req.url)) },
    quietReqLogger: true,
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOnly(req.url) }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
      err: (err: { type?: string; name?: string }) => ({ type: err.type ?? err.name }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: () => "http.request",
    customErrorMessage: () => "http.request_failed",
  }) as unknown as RequestHandler;
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface OpsRoutes {
  router: Router;
  /** From now on: /readyz answers 503 and new requests get 503 with Connection: close. */
  beginShutdown(): void;
  readonly shuttingDown: boolean;
}

/** /healthz, /readyz, /metrics (token) and the shutdown gate; mount first. */
export function opsRoutes(deps: { config: Pick<Config, "METRICS_TOKEN">; stores: Stores; metrics?: Metrics }): OpsRoutes {
  let shuttingDown = false;
  const router = Router();
  // Liveness: the process answers. Nothing else is checked (a store outage is for /readyz).
  router.get("/healthz", (_req, res) => {
    res.status(200).json({ status: "ok" });
  });
  // Readiness: the store answers and the instance is not shutting down.
  router.get("/readyz", async (_req, res) => {
    if (shuttingDown) {
      res.status(503).json({ status: "shutting_down", store: deps.stores.kind });
      return;
    }
    const ok = await deps.stores.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "store_unavailable", store: deps.stores.kind });
  });
  router.use((req, res, next) => {
    if (!shuttingDown) return next();
    res.setHeader("Connection", "close");
    res.status(503).json({ error: { code: "ServiceUnavailable", message: "this instance is shutting down; retry" } });
  });
  const token = deps.config.METRICS_TOKEN;
  const metrics = deps.metrics;
  if (token && metrics) {
    router.get("/metrics", async (req, res) => {
      const header = req.headers.authorization ?? "";
      const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
      if (!sameSecret(given, token)) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        res.status(401).json({ error: { code: "Unauthorized", message: "metrics need Authorization: Bearer <METRICS_TOKEN>" } });
        return;
      }
      res.setHeader("Content-Type", metrics.contentType);
      res.send(await metrics.text());
    });
  }
  return {
    router,
    beginShutdown() {
      shuttingDown = true;
    },
    get shuttingDown() {
      return shuttingDown;
    },
  };
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** GET /metrics on a port of its own (METRICS_PORT on METRICS_HOST, loopback by default); anything else 404. */
export async function listenMetrics(metrics: Metrics, port: number, host: string): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || pathOnly(req.url) !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    metrics.text().then(
      (body) => res.writeHead(200, { "content-type": metrics.contentType }).end(body),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
