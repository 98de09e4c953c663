import { ConversationState, type TurnContext } from "botbuilder";
import type { AccountIndex, KeyValueStorage } from "../store/types.js";

interface Cached {
  state: Record<string, unknown>;
  hash: string;
  /** The verified account when loaded or last saved (links are made when it changes). */
  account?: string;
}

/** The verified account of a conversation's state (the "session" property), if any. */
function accountOf(state: Record<string, unknown> | undefined): string | undefined {
  const session = state?.["session"] as { verified?: { accountId?: unknown } | null } | undefined;
  const id = session?.verified?.accountId;
  return typeof id === "string" ? id : undefined;
}

/** The state as stored (JSON without its eTag): what decides whether it changed. */
function jsonOf(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

/**
 * ConversationState whose change detection compares the state's JSON text with the JSON it had
 * when loaded, instead of botbuilder's calculateChangeHash (a replacer-based stringify and a
 * SHA-256, three times a turn: on load, before saving, after saving). The state is read and
 * written as JSON text (storage.readJson / writeJson), so a turn parses it once and stringifies
 * it once: the stored text is the "as loaded" JSON, and the one stringify before saving is both
 * the comparison and what is written. Same cache entry shape ({ state, hash }, here the "hash" is
 * the JSON). Every method that touches the per-turn cache (load, saveChanges, clear, delete, get)
 * is overridden and uses this class's own turnState key, so nothing reads BotState's private
 * fields; property accessors only call these public methods.
 * The first write of a turn is conditional on the eTag the state was loaded with (fencing
 * against a turn that lost its lock); later writes in the same turn use "*".
 * When a save first records a verified account, the conversation is linked to it in the account
 * index (erasure by account, POLICY §8).
 */
export class JsonConversationState extends ConversationState {
  constructor(
    private readonly store: KeyValueStorage,
    private readonly accountIndex?: AccountIndex,
  ) {
    super(store);
  }

  private readonly cacheKey = Symbol("xieshang.conversationState");

  override get(context: TurnContext): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- BotState's signature
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    return typeof cached === "object" && typeof cached.state === "object" ? cached.state : undefined;
  }

  override async clear(context: TurnContext): Promise<void> {
    // An empty "hash" forces the next saveChanges to write.
    context.turnState.set(this.cacheKey, { state: {}, hash: "" } satisfies Cached);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    const key = await this.storageKey(context);
    await this.store.delete([key]);
  }

  override async load(context: TurnContext, force = false): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- BotState's signature
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const stored = await this.store.readJson(key);
    const state = (stored ? JSON.parse(stored.json) : {}) as Record<string, unknown>;
    if (stored) state.eTag = stored.eTag;
    context.turnState.set(this.cacheKey, { state, hash: stored?.json ?? "{}", account: accountOf(state) } satisfies Cached);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    const json = jsonOf(cached?.state ?? {});
    if (!force && (!cached || cached.hash === json)) return;
    const account = accountOf(cached?.state);
    if (account !== undefined && this.accountIndex && cached && cached.account !== account) {
      const conversationId = context.activity.conversation?.id;
      if (conversationId) await this.accountIndex.link(account, conversationId);
      cached.account = account;
    }
    const key = await this.storageKey(context);
    if (!cached) cached = { state: {}, hash: "" };
    // Compare-and-set against the state as loaded: if another turn saved this conversation
    // meanwhile (its lock was lost to a stall and taken over), this save is refused ("conflict")
    // instead of overwriting it. A second save in the same turn writes unconditionally.
    const loaded = cached.state.eTag;
    await this.store.writeJson(key, json, typeof loaded === "string" && loaded !== "" ? loaded : "*");
    cached.state.eTag = "*";
    cached.hash = json;
    context.turnState.set(this.cacheKey, cached);
  }
}
