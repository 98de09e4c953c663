import type { Config } from "../../config.js";
import type { HardshipCase } from "../../domain/case.js";
import type { Decision } from "../../domain/decision.js";
import type { Logger } from "../../log.js";
import type { Stores } from "../../store/types.js";
import type { Classifier } from "../../understanding/classifier.js";
import type { AgentDirectory } from "../agents.js";
import type { Approvals } from "../approvals.js";
import type { DeskAudit } from "../audit.js";
import type { BorrowerPort } from "../port.js";
import type { HandoffService } from "../service.js";
import type { AgentSessions } from "../sessions.js";
import type { SignInThrottle } from "../throttle.js";

/** Everything the agent desk's API needs (wired in src/handoff/desk/index.ts). */
export interface DeskDeps {
  config: Config;
  log: Logger;
  stores: Stores;
  service: HandoffService;
  approvals: Approvals;
  audit: DeskAudit;
  directory: AgentDirectory;
  sessions: AgentSessions;
  throttle: SignInThrottle;
  port: BorrowerPort;
  /** The rules engine with the policy bound. */
  decide(input: HardshipCase): Decision;
  /** Machine suggestions on the borrower's lines (the offline classifier: no cost per view). */
  suggestions: Classifier;
  now(): Date;
}
