import { createHash } from "node:crypto";
import { ErrorReply } from "redis";
import type { RedisClient } from "./connection.js";

/**
 * A Lua script sent by its SHA1 (EVALSHA) rather than as full text on every call. When Redis does
 * not know it (first use, SCRIPT FLUSH, a restarted or failed-over server) the NOSCRIPT reply is
 * answered by one EVAL with the text, which also puts it back in Redis' script cache.
 */
export class LuaScript {
  readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash("sha1").update(source).digest("hex");
  }

  async run(client: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    const options = { keys, arguments: args };
    try {
      return await client.evalSha(this.sha1, options);
    } catch (error) {
      if (error instanceof ErrorReply && error.message.startsWith("NOSCRIPT")) return client.eval(this.source, options);
      throw error;
    }
  }
}
