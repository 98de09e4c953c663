/**
 * Memory per idle conversation in Redis, and what expires: starts a redis-server of its own and
 * one instance on it, opens N conversations the way Web Chat does (token, conversation, the
 * greeting, one borrower message), then reads every key: MEMORY USAGE summed per key kind and
 * divided by N, INFO used_memory before and after, and the TTL of each kind.
 *
 *   npx tsx bench/idle-memory.ts [N=200]
 */
import { createClient } from "redis";
import { startRedisServer } from "../test/support/redis.js";
import { closeAll, startInstances, TEST_SECRET } from "../test/support/instance.js";
import { DirectLineConversation } from "../test/support/directlineClient.js";

const n = Number(process.argv[2] ?? 200);
const server = await startRedisServer({ allowExternal: false });
if (!server) throw new Error("redis-server is needed");
const client = createClient({ url: server.url });
await client.connect();
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await client.info("memory"))![1]);
// One client address opens every conversation here: the per-address limits are switched off.
const { instances, prefix } = await startInstances(1, {
  redisUrl: server.url,
  env: { RATE_LIMIT_TOKENS_PER_MINUTE: "0", RATE_LIMIT_POSTS_PER_ADDRESS_PER_MINUTE: "0", RATE_LIMIT_SOCKETS_PER_ADDRESS_PER_MINUTE: "0" },
});
try {
  const before = await usedMemory();
  const url = instances[0]!.url;
  for (let i = 0; i < n; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, async () => {
        const c = await DirectLineConversation.start(url, { secret: TEST_SECRET, locale: "zh-CN" });
        const posted = await c.postActivity(c.message("你好", { locale: "zh-CN" }));
        if (posted.status !== 200) throw new Error(`POST ${posted.status}`);
      }),
    );
  }
  const after = await usedMemory();
  const kinds = new Map<string, { keys: number; bytes: number; ttl: Set<string> }>();
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    for (const key of batch.map(String)) {
      const rest = key.slice(prefix.length);
      const kind = rest.includes(":") ? rest.slice(0, rest.indexOf(":")) : rest;
      const entry = kinds.get(kind) ?? { keys: 0, bytes: 0, ttl: new Set<string>() };
      entry.keys++;
      entry.bytes += Number((await client.memoryUsage(key)) ?? 0);
      const ttl = await client.ttl(key);
      entry.ttl.add(ttl < 0 ? String(ttl) : `${Math.round(ttl / 86400)} d`);
      kinds.set(kind, entry);
    }
  }
  let total = 0;
  console.log(`${n} idle conversations (greeting + one message each)`);
  console.log("kind                     keys   bytes/conversation   TTL");
  for (const [kind, e] of [...kinds].sort((a, b) => b[1].bytes - a[1].bytes)) {
    total += e.bytes;
    console.log(`${kind.padEnd(24)} ${String(e.keys).padStart(5)}   ${String(Math.round(e.bytes / n)).padStart(10)}           ${[...e.ttl].join(", ")}`);
  }
  console.log(`MEMORY USAGE sum: ${Math.round(total / n)} bytes per conversation`);
  console.log(`INFO used_memory: ${Math.round((after - before) / n)} bytes per conversation (${before} → ${after})`);
} finally {
  await closeAll(instances);
  await client.close();
  await server.close();
}
