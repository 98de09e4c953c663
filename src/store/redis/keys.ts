/** Every Redis key and channel name in one place. `prefix` defaults to "xs:". */
export class RedisKeys {
  constructor(readonly prefix: string) {}
  state(key: string): string {
    return `${this.prefix}state:${key}`;
  }
  etagCounter(): string {
    return `${this.prefix}meta:etag`;
  }
  lock(conversationId: string): string {
    return `${this.prefix}lock:${conversationId}`;
  }
  transcript(conversationId: string): string {
    return `${this.prefix}transcript:${conversationId}`;
  }
  channel(topic: string): string {
    return `${this.prefix}notify:${topic}`;
  }
  reference(conversationId: string): string {
    return `${this.prefix}ref:${conversationId}`;
  }
  agreement(id: string): string {
    return `${this.prefix}agreement:${id}`;
  }
  agreementsOf(conversationId: string): string {
    return `${this.prefix}agreements-of:${conversationId}`;
  }
  agreementsOfAccount(accountId: string): string {
    return `${this.prefix}agreements-of-account:${accountId}`;
  }
  handoff(id: string): string {
    return `${this.prefix}handoff:${id}`;
  }
  handoffOpen(): string {
    return `${this.prefix}handoff-open`;
  }
  handoffActive(conversationId: string): string {
    return `${this.prefix}handoff-active:${conversationId}`;
  }
  /** rate-limiter-flexible's key prefix for the per-account verification lockout. */
  lockout(): string {
    return `${this.prefix}verify-lockout`;
  }
  verifying(conversationId: string): string {
    return `${this.prefix}verifying:${conversationId}`;
  }
  /** A delivered message's idempotency key (hashed client key) → "<watermark> <activity id>". */
  once(conversationId: string, hashedKey: string): string {
    return `${this.prefix}once:${conversationId}:${hashedKey}`;
  }
  audit(): string {
    return `${this.prefix}audit`;
  }
  /** The handoff request ids of one conversation (erasure finds the copies through it). */
  handoffsOf(conversationId: string): string {
    return `${this.prefix}handoffs-of:${conversationId}`;
  }
  /** The conversations linked to one account (erasure by account). */
  accountConversations(accountId: string): string {
    return `${this.prefix}account-convs:${accountId}`;
  }
  /** Agreement ids by creation time (export --since); ids and times only, trimmed to the record-keeping period. */
  agreementsByTime(): string {
    return `${this.prefix}agreements-by-time`;
  }
  /** Every state key (erasure scans for a conversation's). */
  statePattern(suffix: string): string {
    return `${this.prefix}state:${suffix}`;
  }

  /** The agent desk's keys (RedisDeskStore): `desk-<name>`, e.g. desk-notes:<handoff id>, desk-events:log. */
  desk(name: string): string {
    return `${this.prefix}desk-${name}`;
  }
}
