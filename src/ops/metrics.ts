import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface MetricsOptions {
  /** Process metrics too (CPU, memory, event loop lag, GC), as `xieshang_process_*` etc. Default false (tests make many). */
  processMetrics?: boolean;
}

/**
 * Every Prometheus metric of one instance, in one registry (created in compose and injected;
 * never prom-client's global registry). Each method is what one call site needs; labels are
 * closed sets (activity types, queues, priorities, offer types, sources, store operation names),
 * never ids or text.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly turns: Counter<"type" | "outcome">;
  private readonly turnSeconds: Histogram<"type">;
  private readonly turnsInFlight: Gauge;
  private readonly handoffs: Counter<"queue" | "priority">;
  private readonly agreements: Counter<"type" | "status">;
  private readonly classifications: Counter<"source">;
  private readonly fallbacks: Counter<"cause">;
  private readonly redisErrors: Counter<"operation">;
  private sockets: () => number = () => 0;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.turns = new Counter({ name: "xieshang_turns_total", help: "Bot turns run, by activity type and outcome", labelNames: ["type", "outcome"], registers });
    this.turnSeconds = new Histogram({
      name: "xieshang_turn_duration_seconds",
      help: "Time from a turn's start (inside the channel) to its end, including the store and the classifier",
      labelNames: ["type"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.turnsInFlight = new Gauge({ name: "xieshang_turns_in_flight", help: "Turns running now", registers });
    this.handoffs = new Counter({ name: "xieshang_handoffs_total", help: "Handoff requests queued, by queue and priority", labelNames: ["queue", "priority"], registers });
    this.agreements = new Counter({ name: "xieshang_agreements_total", help: "Agreements stored, by offer type (one per offer) and status", labelNames: ["type", "status"], registers });
    this.classifications = new Counter({ name: "xieshang_classifications_total", help: "Messages classified, by the source of the answer", labelNames: ["source"], registers });
    this.fallbacks = new Counter({ name: "xieshang_classifier_fallbacks_total", help: "LLM answers replaced by the offline classifier, by cause", labelNames: ["cause"], registers });
    this.redisErrors = new Counter({ name: "xieshang_redis_errors_total", help: "Store operations that failed in Redis, by operation", labelNames: ["operation"], registers });
    const self = this;
    new Gauge({
      name: "xieshang_open_sockets",
      help: "Open Direct Line WebSocket streams",
      registers,
      collect() {
        this.set(self.sockets());
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "xieshang_" });
  }

  /** Call at a turn's start; call the returned function once with its outcome. */
  turnStarted(type: string): (outcome: "ok" | "error") => void {
    const label = TURN_TYPES.has(type) ? type : "other";
    const stop = this.turnSeconds.startTimer({ type: label });
    this.turnsInFlight.inc();
    return (outcome) => {
      stop();
      this.turnsInFlight.dec();
      this.turns.inc({ type: label, outcome });
    };
  }

  handoff(queue: string, priority: string): void {
    this.handoffs.inc({ queue, priority });
  }

  agreement(offerTypes: string[], status: string): void {
    for (const type of offerTypes) this.agreements.inc({ type, status });
  }

  classified(source: string): void {
    this.classifications.inc({ source });
  }

  classifierFallback(cause: string): void {
    this.fallbacks.inc({ cause });
  }

  redisError(operation: string): void {
    this.redisErrors.inc({ operation });
  }

  /** Where the open-socket gauge reads from (the Direct Line streams, once the server runs). */
  countSocketsWith(count: () => number): void {
    this.sockets = count;
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

const TURN_TYPES = new Set(["message", "conversationUpdate", "event", "invoke", "typing", "endOfConversation"]);
