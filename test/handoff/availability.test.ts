import { expect } from "chai";
import { deskAvailability } from "../../src/handoff/availability.js";

describe("whether the agent desk is on", () => {
  it("when there is no AGENTS_FILE and HOST is public, then the desk is off and the reason says what to set", () => {
    const a = deskAvailability({ AGENTS_FILE: undefined, HOST: "0.0.0.0", HANDOFF_HUB: "console" });
    expect(a.on).to.equal(false);
    expect(a.reason).to.include("AGENTS_FILE");
    expect(a.reason).to.include("0.0.0.0");
  });
  it("when HOST is loopback without AGENTS_FILE, then the demo users serve; with AGENTS_FILE the file does, on any host", () => {
    expect(deskAvailability({ AGENTS_FILE: undefined, HOST: "127.0.0.1", HANDOFF_HUB: "console" })).to.include({ on: true, demo: true });
    expect(deskAvailability({ AGENTS_FILE: "/etc/agents.json", HOST: "0.0.0.0", HANDOFF_HUB: "console" })).to.include({ on: true, demo: false });
  });
});

describe("starting the desk on a public host without AGENTS_FILE", () => {
  it("when the desk is created, then it is off and the log says why", async () => {
    const { createAgentDesk } = await import("../../src/handoff/desk/index.js");
    const { loadConfig } = await import("../../src/config.js");
    const { createMemoryStores } = await import("../../src/store/memory/index.js");
    const lines: Array<{ event: string; fields?: Record<string, unknown> }> = [];
    const record = (event: string, fields?: Record<string, unknown>) => void lines.push({ event, ...(fields ? { fields } : {}) });
    const desk = createAgentDesk({
      config: loadConfig({ HOST: "0.0.0.0" }),
      log: { debug: record, info: record, warn: record, error: record },
      stores: createMemoryStores(),
      port: {} as never,
      decide: () => {
        throw new Error("not used");
      },
    });
    expect(desk.on).to.equal(false);
    const off = lines.find((l) => l.event === "desk.off");
    expect(String(off?.fields?.["reason"])).to.include("AGENTS_FILE");
    await desk.close();
  });
});
