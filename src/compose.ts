import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { Stores } from "./store/types.js";
import { createStores } from "./store/index.js";
import { createClassifier } from "./understanding/index.js";
import { loadPolicy } from "./rules/index.js";
import { loadAccountDirectory } from "./accounts/index.js";
import { createBot } from "./bot/index.js";
import { TranscriptMiddleware } from "./bot/transcriptMiddleware.js";
import { startServer, type RunningServer } from "./server.js";
import { Metrics, type MetricsOptions } from "./ops/metrics.js";
import { InFlight } from "./ops/inflight.js";
import { instrumentBot, instrumentClassifier, instrumentStores, type Ops } from "./ops/instrument.js";

/** One instance's metrics registry and in-flight turn count (injected wherever they are needed). */
export function newOps(options: MetricsOptions = {}): Ops {
  return { metrics: new Metrics(options), inFlight: new InFlight() };
}

/**
 * Wires one Xieshang instance from its configuration: the only place that knows every part.
 * `serve`, `chat` and the end-to-end tests all come through here, so there is one code path.
 * Metrics are put around the parts here (turns, handoffs, agreements, classifier, Redis errors).
 */
export async function composeBot(config: Config, log: Logger, stores?: Stores, ops: Ops = newOps()) {
  const policy = loadPolicy(config.POLICY_FILE);
  const accounts = loadAccountDirectory(config.ACCOUNTS_FILE);
  const ownStores = instrumentStores(stores ?? (await createStores(config, log, (operation) => ops.metrics.redisError(operation))), ops.metrics);
  const classifier = instrumentClassifier(
    createClassifier(config, (cause) => ops.metrics.classifierFallback(cause)),
    ops.metrics,
  );
  const bot = instrumentBot(createBot({ stores: ownStores, classifier, policy, accounts, config }), ops);
  return { policy, accounts, stores: ownStores, classifier, bot, transcript: new TranscriptMiddleware(ownStores.transcripts, ownStores.verifying), ops };
}

export async function startInstance(config: Config, log: Logger): Promise<RunningServer & { stores: Stores }> {
  const parts = await composeBot(config, log, undefined, newOps({ processMetrics: true }));
  try {
    const running = await startServer({
      config,
      log,
      stores: parts.stores,
      bot: parts.bot,
      channelMiddleware: [parts.transcript],
      ops: parts.ops,
      policy: parts.policy,
    });
    return {
      ...running,
      stores: parts.stores,
      async close() {
        await running.close();
        await parts.stores.close();
      },
    };
  } catch (err) {
    await parts.stores.close();
    throw err;
  }
}
