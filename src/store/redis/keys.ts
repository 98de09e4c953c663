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
}
