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
