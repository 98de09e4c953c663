/**
 * POLICY §8 on a real server and a real Redis: after whole conversations (an agreement, and a
 * verified borrower handed to a person), every key holding borrower text or facts has a TTL of
 * the configured kind, and only the documented keys (ids and counters only, or trimmed streams)
 * have none.
 */
import { expect } from "chai";
import { createClient } from "redis";
import { useRedisServer } from "../support/redis.js";
import { closeAll, startInstances, TEST_SECRET, type Instance } from "../support/instance.js";
import { agreementConversation, handoffConversation } from "../support/scripted.js";

const DAY = 86_400;

/** Keys that live without a TTL, and why (README "What expires when"). */
const NO_TTL: Record<string, string> = {
  "meta:etag": "a counter, no personal data",
  "handoff-open": "ids of open requests, pruned when their records expire",
  "agreements-by-time": "agreement ids and times, trimmed to the record-keeping period",
  audit: "the audit stream, trimmed by MINID to the record-keeping period",
  "desk-presence:agents": "agent ids and times only",
  "desk-approvals:ids": "approval ids only",
};

/** The kind of a key (its name without prefix and id) → the retention it must have, in seconds. */
function expectedTtl(kind: string, env: { state: number; transcript: number; records: number }): number | undefined {
  if (kind === "state") return env.state;
  if (["transcript", "ref", "handoff", "handoff-active", "handoffs-of", "account-convs"].includes(kind)) return env.transcript;
  if (["desk-events", "desk-notes", "desk-decision", "desk-outbox", "desk-outbox-due"].includes(kind)) return env.transcript;
  if (["agreement", "agreements-of", "agreements-of-account", "desk-approval"].includes(kind)) return env.records;
  if (kind === "lock") return 60;
  // Exactly once and verification (i7once): ids and stage names only, short-lived.
  if (kind === "once") return Math.min(DAY, env.transcript); // a delivered message's key → its watermark and activity id
  if (kind === "verifying") return 3600; // which verification question is open
  if (kind === "verify-lockout") return DAY; // failures per hashed account claim (POLICY §6)
  return undefined;
}

describe("Retention in Redis after real conversations (POLICY §8)", function () {
  this.timeout(120_000);
  const redis = useRedisServer();
  let instances: Instance[] = [];

  afterEach(async () => {
    await closeAll(instances);
  });

  it("when a borrower agrees and another is handed to a person, then every key of theirs has the TTL of its kind and only the documented keys have none", async () => {
    const env = { state: 3 * DAY, transcript: 20 * DAY, records: 2 * 365 * DAY };
    let prefix: string;
    ({ instances, prefix } = await startInstances(1, {
      redisUrl: redis().url,
      env: { RETENTION_STATE_DAYS: "3", RETENTION_TRANSCRIPT_DAYS: "20", RETENTION_RECORDS_YEARS: "2" },
    }));
    const url = instances[0]!.url;
    const agreed = await agreementConversation(url, TEST_SECRET);
    const handed = await handoffConversation(url, TEST_SECRET);

    const client = createClient({ url: redis().url });
    client.on("error", () => {});
    await client.connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch.map(String));
      const kinds = new Set<string>();
      const problems: string[] = [];
      for (const key of keys) {
        const rest = key.slice(prefix.length);
        const kind = rest in NO_TTL ? rest : rest.slice(0, rest.indexOf(":"));
        kinds.add(kind);
        const ttl = await client.ttl(key);
        if (rest in NO_TTL) {
          if (ttl !== -1) problems.push(`${rest}: documented as kept without TTL, has ${ttl}`);
          continue;
        }
        const want = expectedTtl(kind, env);
        if (want === undefined) problems.push(`${rest}: a key of unknown kind "${kind}" (TTL ${ttl})`);
        else if (!(ttl > 0 && ttl <= want && ttl > want - 600)) problems.push(`${rest}: TTL ${ttl}, expected about ${want}`);
      }
      expect(problems).to.deep.equal([]);
      // The conversations really left their data in each kind (so that the loop above checked something).
      for (const kind of ["state", "transcript", "ref", "agreement", "agreements-of", "handoff", "handoff-active", "handoffs-of", "account-convs", "agreements-by-time", "meta:etag"]) {
        expect([...kinds], `a key of kind ${kind}`).to.include(kind);
      }
      expect(await client.ttl(`${prefix}transcript:${agreed.conversationId}`)).to.be.greaterThan(env.transcript - 600);
      expect(await client.sMembers(`${prefix}account-convs:demo-card-8801`)).to.include.members([agreed.conversationId, handed.conversationId]);
      // Streams are bounded too: the transcript was appended with MAXLEN ~.
      expect(await client.xLen(`${prefix}transcript:${agreed.conversationId}`)).to.be.greaterThan(10);
    } finally {
      await client.close();
    }
  });
});
