/**
 * `xieshang forget` and `xieshang export` as an operator runs them: separate processes against
 * the real Redis a running server uses, after real conversations over Direct Line.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";
import { useRedisServer } from "../support/redis.js";
import { closeAll, startInstances, TEST_SECRET, type Instance } from "../support/instance.js";
import { agreementConversation, handoffConversation, LOAN_BORROWER_ZH } from "../support/scripted.js";
import { DirectLineConversation } from "../support/directlineClient.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

type Client = ReturnType<typeof createClient>;

function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "REDIS_URL"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: ROOT, env: { ...clean, LOG_LEVEL: "silent", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

function lines(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A conversation's keys, except the rate limiter's counters (no personal data, gone within minutes). */
async function keysOf(client: Client, conversationId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `xs:*${conversationId}*`, COUNT: 1000 })) out.push(...batch.map(String));
  return out.filter((k) => !k.startsWith("xs:rl:")).sort();
}

interface StoredEvent {
  action: string;
  conversationId?: string;
  actor: { kind: string; id: string };
  details: Record<string, unknown>;
}

describe("xieshang forget and export (processes against a real Redis)", function () {
  this.timeout(180_000);
  const redis = useRedisServer({ needsOwnServer: true });
  let instances: Instance[] = [];
  let client: Client;

  beforeEach(async () => {
    // The CLI uses the default key prefix "xs:", so the server does too (on a Redis of its own).
    ({ instances } = await startInstances(1, { redisUrl: redis().url, prefix: "xs:" }));
    client = createClient({ url: redis().url });
    client.on("error", () => {});
    await client.connect();
  });

  afterEach(async () => {
    await closeAll(instances);
    await client.flushAll();
    await client.close();
  });

  it("when an account is forgotten, then its conversations' transcripts, state, references and handoff copies are gone, agreements and other conversations stay, and the erasure is audited", async () => {
    const url = instances[0]!.url;
    const agreed = await agreementConversation(url, TEST_SECRET);
    const handed = await handoffConversation(url, TEST_SECRET);
    const stranger = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: "zh-CN" });
    await stranger.postActivity(stranger.message("你好", { locale: "zh-CN" }));
    expect(await keysOf(client, agreed.conversationId)).to.include.members([`xs:transcript:${agreed.conversationId}`, `xs:ref:${agreed.conversationId}`]);
    expect(await keysOf(client, handed.conversationId)).to.include(`xs:handoffs-of:${handed.conversationId}`);
    const strangerKeys = await keysOf(client, stranger.conversationId);
    expect(strangerKeys).to.include(`xs:transcript:${stranger.conversationId}`);

    const { code, stdout, stderr } = await cli(["forget", "--account", "demo-card-8801", "--operator", "ops-42"], { REDIS_URL: redis().url });

    expect(stderr).to.contain("2 conversation(s) erased");
    expect(code).to.equal(0);
    const erased = lines(stdout);
    expect(erased.map((l) => l.conversationId).sort()).to.deep.equal([agreed.conversationId, handed.conversationId].sort());
    for (const line of erased) expect(line).to.include({ transcripts: 1, references: 1 });
    expect(erased.find((l) => l.conversationId === handed.conversationId)).to.include({ handoffs: 1 });
    // Gone: everything of both conversations but the agreement index (legal retention).
    expect(await keysOf(client, agreed.conversationId)).to.deep.equal([`xs:agreements-of:${agreed.conversationId}`]);
    expect(await keysOf(client, handed.conversationId)).to.deep.equal([]);
    expect(await client.keys("xs:handoff:*")).to.deep.equal([]);
    expect(await client.exists("xs:account-convs:demo-card-8801")).to.equal(0);
    expect(await client.exists(`xs:agreement:${agreed.reference}`)).to.equal(1);
    // The conversation of someone else is untouched.
    expect(await keysOf(client, stranger.conversationId)).to.deep.equal(strangerKeys);
    // The erasure is in the audit log (counts and ids only).
    const audit = (await client.xRange("xs:audit", "-", "+")) ?? [];
    const erasures = audit
      .map((e) => JSON.parse(String((e.message as Record<string, string>).data)) as StoredEvent)
      .filter((e) => e.action === "erasure");
    expect(erasures.map((e) => e.conversationId).sort()).to.deep.equal([agreed.conversationId, handed.conversationId].sort());
    for (const e of erasures) expect(e.actor).to.deep.equal({ kind: "operator", id: "ops-42" });
    expect(erasures[0]!.details).to.include({ scope: "account", accountId: "demo-card-8801" });
  });

  it("when one conversation is forgotten, then only it goes, and the export still lists its agreement and, with --kind audit, the erasure", async () => {
    const url = instances[0]!.url;
    const first = await agreementConversation(url, TEST_SECRET);
    // Another account: a second arrangement on one account needs a person (POLICY.md §5a).
    const second = await agreementConversation(url, TEST_SECRET, LOAN_BORROWER_ZH);
    const before = new Date(Date.now() - 60 * 60_000).toISOString();

    const forgot = await cli(["forget", "--conversation", first.conversationId], { REDIS_URL: redis().url });

    expect(forgot.code, forgot.stderr).to.equal(0);
    expect(lines(forgot.stdout)).to.deep.equal([{ conversationId: first.conversationId, transcripts: 1, states: 1, references: 1, handoffs: 0, notes: 0 }]);
    expect(await client.exists(`xs:transcript:${first.conversationId}`)).to.equal(0);
    expect(await client.exists(`xs:transcript:${second.conversationId}`)).to.equal(1);

    const agreements = await cli(["export", "--since", before], { REDIS_URL: redis().url });
    expect(agreements.code, agreements.stderr).to.equal(0);
    const exported = lines(agreements.stdout);
    expect(exported.map((a) => a.id)).to.deep.equal([first.reference, second.reference]);
    expect(exported[0]).to.include({ conversationId: first.conversationId, accountId: "demo-card-8801", status: "agreed" });

    const later = await cli(["export", "--since", new Date(Date.now() + 60 * 60_000).toISOString()], { REDIS_URL: redis().url });
    expect(later.code).to.equal(0);
    expect(later.stdout).to.equal("");

    const audit = await cli(["export", "--since", before, "--kind", "audit"], { REDIS_URL: redis().url });
    expect(audit.code, audit.stderr).to.equal(0);
    const events = lines(audit.stdout);
    expect(events.map((e) => e.action)).to.include.members(["erasure", "export"]);
    expect(events.find((e) => e.action === "erasure")).to.include({ conversationId: first.conversationId });
    for (const e of events) expect(JSON.stringify(e)).to.not.match(/[\u4e00-\u9fff]/);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ["forget has neither --conversation nor --account", ["forget"], /exactly one of --conversation and --account/],
    ["forget has both", ["forget", "--conversation", "a", "--account", "b"], /exactly one/],
    ["an id holds spaces", ["forget", "--conversation", "a b"], /--conversation/],
    ["export's --since is not a date-time", ["export", "--since", "yesterday"], /--since/],
    ["export's --kind is unknown", ["export", "--since", "2026-01-01T00:00:00Z", "--kind", "transcripts"], /--kind/],
    ["an argument is unknown", ["export", "--sinse", "2026-01-01T00:00:00Z"], /unknown argument/],
  ];
  for (const [what, args, message] of usage) {
    it(`when ${what}, then it exits 2 naming the problem and touches nothing`, async () => {
      const { code, stderr, stdout } = await cli(args, { REDIS_URL: redis().url });
      expect(code).to.equal(2);
      expect(stderr).to.match(message);
      expect(stdout).to.equal("");
      expect(await client.exists("xs:audit")).to.equal(0);
    });
  }

  it("when REDIS_URL is not set, then forget exits 2 saying it needs the shared store", async () => {
    const { code, stderr } = await cli(["forget", "--conversation", "abc"], {});
    expect(code).to.equal(2);
    expect(stderr).to.contain("REDIS_URL");
  });
});
