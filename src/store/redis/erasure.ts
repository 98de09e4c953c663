import type { AccountIndex, Erasure, ErasureResult } from "../types.js";
import { eventOf } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/** Escapes a literal for a SCAN MATCH pattern. */
function glob(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

export class RedisAccountIndex implements AccountIndex {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  async link(accountId: string, conversationId: string): Promise<void> {
    const key = this.keys.accountConversations(accountId);
    await this.conn.run("account link", () =>
      this.conn.client.multi().sAdd(key, conversationId).pExpire(key, this.ttlMs).exec(),
    );
  }

  async conversationsOf(accountId: string): Promise<string[]> {
    const ids = await this.conn.run("account conversations", () => this.conn.client.sMembers(this.keys.accountConversations(accountId)));
    return ids.map(String).sort();
  }
}

/**
 * Deletes what POLICY §8 says an erasure deletes. State keys are found by SCAN (botbuilder names
 * them "<channel>/conversations/<id>" and "<channel>/users/<user id>"; the user ids come from the
 * transcript), so this is an operator's command, not something to run per request.
 */
export class RedisErasure implements Erasure {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
  ) {}

  async eraseConversation(conversationId: string): Promise<ErasureResult> {
    const client = this.conn.client;
    return this.conn.run("erase conversation", async () => {
      const userIds = new Set<string>();
      const transcriptKey = this.keys.transcript(conversationId);
      for (const entry of (await client.xRange(transcriptKey, "-", "+")) ?? []) {
        try {
          const activity = JSON.parse(String((entry.message as Record<string, string>).data ?? "{}")) as { from?: { id?: unknown; role?: unknown } };
          if (activity.from?.role !== "bot" && typeof activity.from?.id === "string") userIds.add(activity.from.id);
        } catch {
          /* unreadable entry: deleted with the stream anyway */
        }
      }
      const stateKeys: string[] = [];
      // botbuilder: "<channel>/conversations/<id>/<namespace>" and "<channel>/users/<user id>/<namespace>".
      const ids = [`conversations/${glob(conversationId)}`, ...[...userIds].map((u) => `users/${glob(u)}`)];
      const patterns = ids.flatMap((id) => [`*/${id}`, `*/${id}/*`]);
      for (const pattern of patterns) {
        for await (const batch of client.scanIterator({ MATCH: this.keys.statePattern(pattern), COUNT: 1000 })) {
          for (const key of batch.map(String)) if (!stateKeys.includes(key)) stateKeys.push(key);
        }
      }
      // Delivery records (idempotency keys) and a pending verification marker of the conversation.
      const perConversation = [this.keys.verifying(conversationId)];
      for await (const batch of client.scanIterator({ MATCH: `${glob(this.keys.once(conversationId, ""))}*`, COUNT: 1000 })) {
        perConversation.push(...batch.map(String));
      }
      const handoffIds = (await client.sMembers(this.keys.handoffsOf(conversationId))).map(String);
      const transcripts = await client.del(transcriptKey);
      const references = await client.del(this.keys.reference(conversationId));
      const states = stateKeys.length > 0 ? await client.del(stateKeys) : 0;
      let handoffs = 0;
      let notes = 0;
      if (handoffIds.length > 0) {
        await client.zRem(this.keys.handoffOpen(), handoffIds);
        handoffs = await client.del(handoffIds.map((id) => this.keys.handoff(id)));
        // The desk's notes on each request.
        notes = await client.del(handoffIds.map((id) => this.keys.desk(`notes:${id}`)));
      }
      await client.del([this.keys.handoffActive(conversationId), this.keys.handoffsOf(conversationId), ...perConversation]);
      // The desk's event log (RedisDeskStore, a capped Stream) holds the conversation's lines too.
      const log = this.keys.desk("events:log");
      let after = "-";
      for (;;) {
        const page = (await client.xRange(log, after, "+", { COUNT: 1000 })) ?? [];
        const mine = page.filter((e) => eventOf(String((e.message as Record<string, string>).json ?? ""), conversationId)).map((e) => String(e.id));
        if (mine.length > 0) await client.xDel(log, mine);
        if (page.length < 1000) break;
        after = `(${String(page[page.length - 1]!.id)}`;
      }
      return { transcripts: Number(transcripts), states: Number(states), references: Number(references), handoffs: Number(handoffs), notes: Number(notes) };
    });
  }

  async forgetAccount(accountId: string): Promise<void> {
    await this.conn.run("forget account", () => this.conn.client.del(this.keys.accountConversations(accountId)));
  }
}
