import { EventEmitter } from "node:events";
import type { Notifier } from "../types.js";
import { guardedListener } from "../shared.js";

/** In-process publish/subscribe; a handler that throws does not stop the others. */
export class MemoryNotifier implements Notifier {
  private readonly emitter = new EventEmitter();

  /** `onHandlerError`: where a handler's error goes (compose passes the structured log). Default: dropped. */
  constructor(private readonly onHandlerError: (error: unknown) => void = () => {}) {
    this.emitter.setMaxListeners(0);
  }

  async publish(topic: string, message: string): Promise<void> {
    // Deliver asynchronously, like a network round trip would: publish never runs handlers inline.
    const listeners = this.emitter.listeners(topic) as Array<(m: string) => void>;
    if (listeners.length === 0) return;
    queueMicrotask(() => {
      for (const listener of listeners) listener(message);
    });
  }

  async subscribe(topic: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    const { listener, deactivate } = guardedListener(handler, this.onHandlerError);
    this.emitter.on(topic, listener);
    return async () => {
      deactivate();
      this.emitter.off(topic, listener);
    };
  }
}
