import type { Config } from "../config.js";

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Whether this product's agent desk is on, and why not: agents come from AGENTS_FILE; without it
 * only a loopback HOST gets the demo users (a developer's machine); anywhere else the desk is off.
 * With HANDOFF_HUB=external a contact-centre hub takes handoffs instead.
 */
export function deskAvailability(config: Pick<Config, "AGENTS_FILE" | "HOST" | "HANDOFF_HUB">): { on: boolean; demo: boolean; reason: string } {
  if (config.HANDOFF_HUB === "external") return { on: false, demo: false, reason: "HANDOFF_HUB=external: an external contact-centre hub takes handoffs" };
  if (config.AGENTS_FILE) return { on: true, demo: false, reason: "agents from AGENTS_FILE" };
  if (isLoopbackHost(config.HOST)) return { on: true, demo: true, reason: "no AGENTS_FILE and a loopback HOST: demo users demo-agent and demo-supervisor" };
  return { on: false, demo: false, reason: `no AGENTS_FILE and HOST ${config.HOST} is not a loopback address: the agent desk is off (set AGENTS_FILE; add agents with \`xieshang agent add\`)` };
}
