/**
 * A conversation with the real bot (real rules engine, offline classifier, memory stores, demo
 * accounts) through botbuilder's TestAdapter, so a test reads like the conversation:
 * `await talk(c, [["8801", ["verify.askId"]], ...])`.
 */
import { expect } from "chai";
import { type Activity, ActivityTypes, TestAdapter } from "botbuilder";
import { loadAccountDirectory, type AccountDirectory } from "../../src/accounts/index.js";
import { createBot, transcriptMiddleware } from "../../src/bot/index.js";
import { type Config, loadConfig } from "../../src/config.js";
import type { Locale } from "../../src/domain/classification.js";
import { type Params, t, template } from "../../src/i18n/catalog.js";
import { loadPolicy, type Policy } from "../../src/rules/index.js";
import { createMemoryStores } from "../../src/store/memory/index.js";
import type { Stores } from "../../src/store/types.js";
import type { Classifier } from "../../src/understanding/classifier.js";
import { OfflineClassifier } from "../../src/understanding/index.js";

/** What the borrower saw in one reply: text, card titles/texts, and every button label. */
export interface Reply {
  text: string;
  buttons: string[];
  /** Every button with what pressing it sends (messageBack: its text and value). */
  actions: Array<{ title: string; text: string; value?: unknown }>;
  cards: Array<{ title: string; text: string; buttons: string[] }>;
  /** Everything visible, joined: for scanning replies for content. */
  all: string;
}

export interface Conversation {
  locale: Locale;
  stores: Stores;
  adapter: TestAdapter;
  conversationId: string;
  config: Config;
  policy: Policy;
  /** Every reply so far. */
  history: Reply[];
  /** The borrower joins: the bot greets. */
  join(): Promise<Reply[]>;
  /** The borrower sends one message; returns the bot's replies to it. */
  say(text: string): Promise<Reply[]>;
  /** The borrower presses a button shown earlier (the last one with this title, unless `nth` from the end says otherwise). */
  press(title: string, nth?: number): Promise<Reply[]>;
}

export interface ConversationOptions {
  locale?: Locale;
  classifier?: Classifier;
  accounts?: AccountDirectory;
  env?: Record<string, string>;
  /** Stores shared with other conversations (default: fresh memory stores). */
  stores?: Stores;
}

let counter = 0;

type Action = { type?: string; title?: string; text?: string; value?: unknown };
function actionOf(a: Action): Reply["actions"][number] {
  const title = String(a.title ?? a.value ?? "");
  return a.type === "messageBack" ? { title, text: String(a.text ?? title), value: a.value } : { title, text: String(a.value ?? title) };
}

function toReply(activity: Partial<Activity>): Reply {
  const buttons = (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value ?? ""));
  const actions = [
    ...((activity.suggestedActions?.actions ?? []) as Action[]),
    ...(activity.attachments ?? []).flatMap((a) => ((a.content ?? {}) as { buttons?: Action[] }).buttons ?? []),
  ].map(actionOf);
  const cards = (activity.attachments ?? []).map((a) => {
    const content = (a.content ?? {}) as { title?: string; text?: string; buttons?: Array<{ title?: string }> };
    return { title: content.title ?? "", text: content.text ?? "", buttons: (content.buttons ?? []).map((b) => b.title ?? "") };
  });
  const all = [activity.text ?? "", ...buttons, ...cards.flatMap((c) => [c.title, c.text, ...c.buttons])].join("\n");
  return { text: activity.text ?? "", buttons, actions, cards, all };
}

export async function startConversation(options: ConversationOptions = {}): Promise<Conversation> {
  const locale = options.locale ?? "en";
  const config = loadConfig(options.env ?? {});
  const stores = options.stores ?? createMemoryStores();
  const policy = loadPolicy();
  const bot = createBot(
    { stores, classifier: options.classifier ?? new OfflineClassifier(), policy, accounts: options.accounts ?? loadAccountDirectory(), config },
    { now: () => new Date("2026-03-02T10:00:00.000Z") },
  );
  const conversationId = `test-conversation-${++counter}`;
  const reference = TestAdapter.createConversation(conversationId);
  const adapter = new TestAdapter(reference, { locale: locale === "zh-CN" ? "zh-CN" : "en-US" });
  adapter.use(transcriptMiddleware(stores));
  const history: Reply[] = [];
  const drain = (): Reply[] => {
    const replies: Reply[] = [];
    for (let next = adapter.getNextReply(); next !== undefined; next = adapter.getNextReply()) {
      if (next.type === ActivityTypes.Message) replies.push(toReply(next));
    }
    history.push(...replies);
    return replies;
  };
  const logic = (context: Parameters<typeof bot.run>[0]) => bot.run(context);
  return {
    locale,
    stores,
    adapter,
    conversationId,
    config,
    policy,
    history,
    async join() {
      await adapter.processActivity(
        { type: ActivityTypes.ConversationUpdate, membersAdded: [reference.user, reference.bot] } as Partial<Activity> as Activity,
        logic,
      );
      return drain();
    },
    async say(text: string) {
      await adapter.processActivity({ type: ActivityTypes.Message, text } as Partial<Activity> as Activity, logic);
      return drain();
    },
    async press(title: string, nth = 1) {
      const found = history.flatMap((r) => r.actions).filter((a) => a.title === title);
      const action = found[found.length - nth];
      if (!action) throw new Error(`no button ${JSON.stringify(title)} was shown`);
      const activity = { type: ActivityTypes.Message, text: action.text, ...(action.value === undefined ? {} : { value: action.value }) };
      await adapter.processActivity(activity as Partial<Activity> as Activity, logic);
      return drain();
    },
  };
}

/** A pattern for a catalog message whose placeholders may hold anything. */
export function patternOf(locale: Locale, key: string): RegExp {
  const parts = template(locale, key).split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join("[\\s\\S]*?"));
}

/** An expectation on a turn's replies: a catalog key (any parameters), a key with exact parameters, or literal text. */
export type Expect = string | { key: string; params: Params } | { text: string } | { not: string };

export function matches(replies: Reply[], locale: Locale, want: Expect): boolean {
  const all = replies.map((r) => r.all).join("\n");
  if (typeof want === "string") return patternOf(locale, want).test(all);
  if ("key" in want) return all.includes(t(locale, want.key, want.params));
  if ("text" in want) return all.includes(want.text);
  return !patternOf(locale, want.not).test(all);
}

export function expectReplies(replies: Reply[], locale: Locale, wants: readonly Expect[], said = ""): void {
  for (const want of wants) {
    expect(matches(replies, locale, want), `after the borrower said ${JSON.stringify(said)}, expected ${JSON.stringify(want)} in:\n${replies.map((r) => r.all).join("\n---\n")}`).to.equal(true);
  }
}

/** A conversation as a table: [what the borrower says, what the replies must contain]. */
export type Script = ReadonlyArray<readonly [says: string, expects: readonly Expect[]]>;

export async function talk(conversation: Conversation, script: Script): Promise<Reply[]> {
  let last: Reply[] = [];
  for (const [says, wants] of script) {
    last = await conversation.say(says);
    expectReplies(last, conversation.locale, wants, says);
  }
  return last;
}

/** A button label in the conversation's locale. */
export function button(conversation: Conversation, key: string, params?: Params): string {
  return t(conversation.locale, key, params);
}
