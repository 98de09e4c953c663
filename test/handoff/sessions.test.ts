import { expect } from "chai";
import type { Agent } from "../../src/handoff/agents.js";
import { AgentSessions } from "../../src/handoff/sessions.js";
import { createMemoryStores } from "../../src/store/memory/index.js";

describe("agent sessions follow the agent directory", () => {
  it("when an agent is demoted, moved to other queues or removed after signing in, then the session carries the directory's agent now, or ends", async () => {
    const stores = createMemoryStores();
    const directory = new Map<string, Agent>([["ana", { id: "ana", displayName: "Ana", role: "supervisor", queues: ["general", "welfare"] }]]);
    const sessions = new AgentSessions(stores.desk, { idleMs: 3_600_000, absoluteMs: 8 * 3_600_000 }, Date.now, (id) => directory.get(id) ?? null);
    const created = await sessions.create(directory.get("ana")!);
    expect((await sessions.get(created.id))?.agent).to.deep.equal({ id: "ana", displayName: "Ana", role: "supervisor", queues: ["general", "welfare"] });
    directory.set("ana", { id: "ana", displayName: "Ana", role: "agent", queues: ["general"] });
    expect((await sessions.get(created.id))?.agent).to.deep.equal({ id: "ana", displayName: "Ana", role: "agent", queues: ["general"] });
    directory.delete("ana");
    expect(await sessions.get(created.id)).to.equal(null);
    directory.set("ana", { id: "ana", displayName: "Ana", role: "agent", queues: ["general"] });
    expect(await sessions.get(created.id), "the ended session does not come back").to.equal(null);
  });
});
