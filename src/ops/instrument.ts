/**
 * Metrics and in-flight tracking put around the parts at compose level, so that the bot, the
 * handoff and the dialogs stay as they are: each wrapper is one call per event.
 */
import type { TurnContext } from "botbuilder";
import type { Stores } from "../store/types.js";
import type { Classifier } from "../understanding/classifier.js";
import type { InFlight } from "./inflight.js";
import type { Metrics } from "./metrics.js";

export interface Ops {
  metrics: Metrics;
  inFlight: InFlight;
}

/** A bot whose every turn is timed, counted and tracked (a shutdown waits for tracked turns). */
export function instrumentBot<B extends { run(context: TurnContext): Promise<void> }>(bot: B, ops: Ops): B {
  const run = bot.run.bind(bot);
  bot.run = async (context: TurnContext) => {
    const leave = ops.inFlight.enter();
    const done = ops.metrics.turnStarted(String(context.activity?.type ?? "other"));
    try {
      await run(context);
      done("ok");
    } catch (error) {
      done("error");
      throw error;
    } finally {
      leave();
    }
  };
  return bot;
}

/** Counts handoffs (queue, priority) and agreements (offer types, status) as they are stored. */
export function instrumentStores(stores: Stores, metrics: Metrics): Stores {
  const enqueue = stores.handoffs.enqueue.bind(stores.handoffs);
  stores.handoffs.enqueue = async (request) => {
    await enqueue(request);
    metrics.handoff(request.queue, request.priority);
  };
  const save = stores.agreements.save.bind(stores.agreements);
  stores.agreements.save = async (agreement) => {
    await save(agreement);
    metrics.agreement(
      agreement.offers.map((o) => o.type),
      agreement.status,
    );
  };
  return stores;
}

/** Counts classifications by the source of the answer (llm, offline, offline_fallback). */
export function instrumentClassifier(classifier: Classifier, metrics: Metrics): Classifier {
  return {
    async classify(text, locale) {
      const result = await classifier.classify(text, locale);
      metrics.classified(result.source);
      return result;
    },
  };
}
