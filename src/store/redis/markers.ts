import type { VerificationMarkers, VerificationStage } from "../types.js";
import { MARKER_TTL_MS } from "../memory/markers.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/** One small string key per conversation waiting on a verification answer, with a TTL. */
export class RedisVerificationMarkers implements VerificationMarkers {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number = MARKER_TTL_MS,
  ) {}

  async set(conversationId: string, stage: VerificationStage): Promise<void> {
    await this.conn.run("verification marker set", () =>
      this.conn.client.set(this.keys.verifying(conversationId), stage, { expiration: { type: "PX", value: this.ttlMs } }),
    );
  }

  async get(conversationId: string): Promise<VerificationStage | null> {
    const stage = await this.conn.run("verification marker get", () => this.conn.client.get(this.keys.verifying(conversationId)));
    return stage === "account" || stage === "id" ? stage : null;
  }

  async clear(conversationId: string): Promise<void> {
    await this.conn.run("verification marker clear", () => this.conn.client.del(this.keys.verifying(conversationId)));
  }
}
