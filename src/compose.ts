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

/**
 * Wires one Xieshang instance from its configuration: the only place that knows every part.
 * `serve`, `chat` and the end-to-end tests all come through here, so there is one code path.
 */
export async function composeBot(config: Config, log: Logger, stores?: Stores) {
  const policy = loadPolicy(config.POLICY_FILE);
  const accounts = loadAccountDirectory(config.ACCOUNTS_FILE);
  const ownStores = stores ?? (await createStores(config, log));
  const classifier = createClassifier(config);
  const bot = createBot({ stores: ownStores, classifier, policy, accounts, config });
  return { policy, accounts, stores: ownStores, classifier, bot, transcript: new TranscriptMiddleware(ownStores.transcripts, ownStores.verifying) };
}

export async function startInstance(config: Config, log: Logger): Promise<RunningServer & { stores: Stores }> {
  const parts = await composeBot(config, log);
  try {
    const running = await startServer({
      config,
      log,
      stores: parts.stores,
      bot: parts.bot,
      channelMiddleware: [parts.transcript],
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
