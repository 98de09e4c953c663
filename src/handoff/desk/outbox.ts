import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../../log.js";
import type { DeskStore } from "../../store/types.js";
import type { BorrowerPort } from "../port.js";

const Held = z.strictObject({ conversationId: z.string(), handoffId: z.string(), text: z.string(), attempts: z.number().int().min(0).optional() });

/** A held message whose delivery failed is tried again later (1, 2, 4 … minutes, at most an hour), this many times. */
const MAX_ATTEMPTS = 10;

/**
 * Delivers messages held back by quiet hours (hand-back, close, an approval's outcome) when the
 * window ends: every instance polls; each message is taken by exactly one (DeskStore.takeDueOutbox).
 */
export class OutboxPump {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly desk: DeskStore,
    private readonly port: BorrowerPort,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly intervalMs = 15_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass: delivers what is due (tests call it directly). Returns how many were delivered. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let delivered = 0;
    try {
      const due = await this.desk.takeDueOutbox(this.now().getTime(), 50);
      for (const json of due) {
        const held = Held.safeParse(JSON.parse(json));
        if (!held.success) continue;
        try {
          await this.port.systemMessage(held.data.conversationId, held.data.text);
          delivered += 1;
        } catch (error) {
          // Taken off the outbox already: put it back for later rather than lose it.
          const attempts = (held.data.attempts ?? 0) + 1;
          const fields = { conversationId: held.data.conversationId, attempts, errorName: (error as Error)?.name };
          if (attempts >= MAX_ATTEMPTS) {
            this.log.error("desk.outbox_dropped", fields);
            continue;
          }
          this.log.warn("desk.outbox_failed", fields);
          const retryAt = this.now().getTime() + Math.min(60_000 * 2 ** (attempts - 1), 3_600_000);
          await this.desk.scheduleOutbox(randomUUID(), retryAt, JSON.stringify({ ...held.data, attempts })).catch(() => undefined);
        }
      }
    } catch (error) {
      this.log.warn("desk.outbox_unavailable", { errorName: (error as Error)?.name });
    } finally {
      this.running = false;
    }
    return delivered;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
