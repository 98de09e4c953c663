import type { Server } from "node:http";
import express, { type Router } from "express";
import type { Config } from "../../config.js";
import type { HardshipCase } from "../../domain/case.js";
import type { Decision } from "../../domain/decision.js";
import type { Logger } from "../../log.js";
import type { Stores } from "../../store/types.js";
import { OfflineClassifier } from "../../understanding/index.js";
import { AgentDirectory, demoAgents, loadAgentsFile } from "../agents.js";
import { Approvals } from "../approvals.js";
import { deskAvailability } from "../availability.js";
import type { BorrowerPort } from "../port.js";
import { HandoffService } from "../service.js";
import { AgentSessions } from "../sessions.js";
import { SignInThrottle } from "../throttle.js";
import type { DeskDeps } from "./deps.js";
import { OutboxPump } from "./outbox.js";
import { createDeskRouter } from "./router.js";
import { DeskStreams } from "./stream.js";

export const DESK_API_PATH = "/agent/api";
export { STREAM_PATH as DESK_STREAM_PATH } from "./stream.js";

export interface AgentDeskOptions {
  config: Config;
  log: Logger;
  stores: Stores;
  port: BorrowerPort;
  decide(input: HardshipCase): Decision;
  now?: () => Date;
  /** WebSocket ping interval (default 30 s). */
  pingIntervalMs?: number;
  /** Outbox poll interval (default 15 s). */
  outboxIntervalMs?: number;
}

export interface AgentDesk {
  /** Mount at DESK_API_PATH. */
  router: Router;
  handleUpgrade(server: Server): void;
  /** Delivers held-back messages now (tests; the pump also runs on a timer). */
  flushOutbox(): Promise<number>;
  on: boolean;
  close(): Promise<void>;
}

/**
 * The agent desk's server side: agents (AGENTS_FILE or the demo users on a loopback HOST), the
 * REST API and the WebSocket stream, and the outbox pump. With the desk off every API route
 * answers 503 DeskOff with the reason, which is also logged once at start-up.
 */
export function createAgentDesk(options: AgentDeskOptions): AgentDesk {
  const { config, log, stores } = options;
  const availability = deskAvailability(config);
  if (!availability.on) {
    log.warn("desk.off", { reason: availability.reason });
    const router = express.Router();
    router.use((_req, res) => {
      res.status(503).json({ error: { code: "DeskOff", message: `the agent desk is off: ${availability.reason}` } });
    });
    return { router, handleUpgrade: () => {}, flushOutbox: async () => 0, on: false, close: async () => {} };
  }
  const entries = config.AGENTS_FILE ? loadAgentsFile(config.AGENTS_FILE) : demoAgents();
  log.info("desk.on", { agents: entries.length, demo: availability.demo });
  const now = options.now ?? (() => new Date());
  const service = new HandoffService({ stores, now, audit: stores.audit });
  const directory = new AgentDirectory(entries);
  const sessions = new AgentSessions(
    stores.desk,
    { idleMs: config.AGENT_SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.AGENT_SESSION_MAX_HOURS * 3_600_000 },
    () => now().getTime(),
    (agentId) => directory.get(agentId),
  );
  const throttle = new SignInThrottle({ redisUrl: config.REDIS_URL });
  const deps: DeskDeps = {
    config,
    log,
    stores,
    service,
    approvals: new Approvals(stores.desk, service.events, stores.audit, now),
    audit: stores.audit,
    directory,
    sessions,
    throttle,
    port: options.port,
    decide: options.decide,
    suggestions: new OfflineClassifier(),
    now,
  };
  const streams = new DeskStreams({
    desk: stores.desk,
    notifier: stores.notifier,
    sessions,
    logger: log,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    allowedOrigins: config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).origin] : [],
  });
  const pump = new OutboxPump(stores.desk, options.port, log, now, options.outboxIntervalMs);
  pump.start();
  return {
    router: createDeskRouter(deps),
    handleUpgrade: (server) => streams.attach(server),
    flushOutbox: () => pump.tick(),
    on: true,
    async close() {
      pump.stop();
      await streams.close();
      await throttle.close();
    },
  };
}
