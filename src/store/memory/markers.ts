import type { VerificationMarkers, VerificationStage } from "../types.js";

/** In this process; a marker expires after `ttlMs` like the Redis one. */
export class MemoryVerificationMarkers implements VerificationMarkers {
  private readonly markers = new Map<string, { stage: VerificationStage; until: number }>();

  constructor(
    private readonly ttlMs: number = MARKER_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async set(conversationId: string, stage: VerificationStage): Promise<void> {
    this.markers.set(conversationId, { stage, until: this.now() + this.ttlMs });
  }

  async get(conversationId: string): Promise<VerificationStage | null> {
    const marker = this.markers.get(conversationId);
    if (!marker) return null;
    if (marker.until <= this.now()) {
      this.markers.delete(conversationId);
      return null;
    }
    return marker.stage;
  }

  async clear(conversationId: string): Promise<void> {
    this.markers.delete(conversationId);
  }
}

/** How long a verification question stays "asked" without an answer (an hour). */
export const MARKER_TTL_MS = 3_600_000;
