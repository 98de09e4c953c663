import type { Notifier } from "../types.js";
import { guardedListener } from "../shared.js";
import type { RedisConnection } from "./connection.js";
import type { RedisKeys } from "./keys.js";

/**
 * Redis pub/sub: publish on the command connection, subscribe on the dedicated subscriber
 * connection (node-redis re-subscribes by itself after a reconnect). Delivery is at most once:
 * a message published while an instance is disconnected is not seen by it.
 */
export class RedisNotifier implements Notifier {
  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
    private readonly onHandlerError: (error: unknown) => void,
  ) {}

  async publish(topic: string, message: string): Promise<void> {
    await this.conn.run("publish", () => this.conn.client.publish(this.keys.channel(topic), message));
  }

  async subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    const channel = this.keys.channel(topic);
    const { listener, deactivate } = guardedListener(handler, this.onHandlerError);
    await this.conn.run("subscribe", () => this.conn.subscriber.subscribe(channel, listener));
    return async () => {
      if (!deactivate()) return;
      try {
        await this.conn.guard("unsubscribe", () => this.conn.subscriber.unsubscribe(channel, listener));
      } catch {
        // Redis away: the listener is inert already; nothing the caller could do about it.
      }
    };
  }
}
