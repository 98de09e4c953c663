import type { ReferenceStore } from "../types.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/** References expire with the transcript (each transcript append refreshes both). */
export class RedisReferenceStore implements ReferenceStore {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  async save(conversationId: string, reference: Record<string, unknown>): Promise<void> {
    const json = JSON.stringify(reference);
    await this.conn.run("reference save", () =>
      this.conn.client.set(this.keys.reference(conversationId), json, { expiration: { type: "PX", value: this.ttlMs } }),
    );
  }

  async get(conversationId: string): Promise<Record<string, unknown> | null> {
    const json = await this.conn.run("reference get", () => this.conn.client.get(this.keys.reference(conversationId)));
    return json === null ? null : (JSON.parse(json) as Record<string, unknown>);
  }
}
