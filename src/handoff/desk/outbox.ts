import { z } from "zod";
import type { Logger } from "../../log.js";
import type { DeskStore } from "../../store/types.js";
import type { BorrowerPort } from "../port.js";

const Held = z.strictObject({ conversationId: z.string(), handoffId: z.string(), text: z.string() });

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
          this.log.warn("desk.outbox_failed", { conversationId: held.data.conversationId, errorName: (error as Error)?.name });
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
