import type { Locale } from "../domain/classification.js";
import { ActivityHandler, type ConversationState, type TurnContext, type UserState, TurnContext as Turn } from "botbuilder";
import { type Dialog, DialogSet, type DialogState, DialogTurnStatus } from "botbuilder-dialogs";
import type { StatePropertyAccessor } from "botbuilder";
import { XieshangError } from "../errors.js";
import type { Stores } from "../store/types.js";
import { newSession, type Session } from "../../dialogs/session.js";
import type { HandoffRequest } from "../domain/agreement.js";
import type { HandoffGate } from "./handoffGate.js";
import type { HandoffProtocol } from "./handoffProtocol.js";
import { messageKey } from "./messageKey.js";
import { beginTurnScope } from "./turnScope.js";
import { prepareStableReplies } from "./stableReplies.js";

/** How many handled message keys a conversation remembers (a retry comes within seconds). */
const HANDLED_KEPT = 16;

/** turnState key: the conversation's open handoff request, read at the start of the turn. */
const ACTIVE_HANDOFF = Symbol("xieshang.activeHandoff");

/**
 * What identifies a conversation reference apart from the activity it came with: when this is
 * unchanged since the reference was last saved, saving it again would only cost a round trip.
 */
export function referenceKey(reference: Partial<ReturnType<typeof Turn.getConversationReference>>): string {
  const { activityId: _activityId, ...rest } = reference;
  return JSON.stringify(rest);
}

export interface NegotiationBotDeps {
  stores: Stores;
  conversationState: ConversationState;
  userState: UserState;
  dialogState: StatePropertyAccessor<DialogState>;
  session: StatePropertyAccessor<Session>;
  dialog: Dialog;
  /** The borrower's side of a handoff (relay, honest status, self-harm → crisis + urgent). */
  handoffGate: HandoffGate;
  /** Bot Framework handoff protocol: handoff.status events from an external hub. */
  handoffProtocol?: HandoffProtocol;
  /** The locale of a channel that sends none (DEFAULT_LOCALE). */
  defaultLocale: Locale;
}

/**
 * The one bot behind every channel. Each turn runs inside the conversation's lock (load state →
 * gate → dialogs → save state). The gate comes first: while a person handles the conversation the
 * bot does not negotiate — it passes the message on (once acknowledging it) and stays silent.
 */
export class NegotiationBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  /** The referenceKey of the reference last saved for this conversation (kept in conversation state). */
  private readonly savedReference: StatePropertyAccessor<string>;
  /** messageKeys of the conversation's last HANDLED_KEPT processed messages (kept in conversation state). */
  private readonly handled: StatePropertyAccessor<string[]>;

  constructor(private readonly deps: NegotiationBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.dialog);
    this.savedReference = deps.conversationState.createProperty<string>("savedReference");
    this.handled = deps.conversationState.createProperty<string[]>("handledMessages");

    this.onMessage(async (context, next) => {
      if (await this.gate(context)) await this.runDialog(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      const active = context.turnState.get(ACTIVE_HANDOFF) as HandoffRequest | null | undefined;
      await this.deps.handoffProtocol?.status(context, active ?? null);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => typeof m?.id === "string" && m.id !== botId);
      if (joined && (await this.gate(context))) await this.runDialog(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return super.run(context);
    // The locale follows activity.locale; a channel that sends none gets the configured default.
    if (!context.activity.locale) context.activity.locale = this.deps.defaultLocale;
    const { stores, conversationState, userState } = this.deps;
    const key = messageKey(context.activity);
    await stores.lock.withLock(conversationId, async (lease) => {
      // The reads at once (one round trip): the state and whether a person handles the conversation.
      // With a keyed Direct Line message, also what an earlier attempt of it stored (see stableReplies).
      const [, active, stableReplies] = await Promise.all([
        conversationState.load(context),
        stores.handoffs.activeFor(conversationId),
        key ? prepareStableReplies(context, stores.transcripts, conversationId) : undefined,
      ]);
      // Exactly once: a message whose turn already committed (a client's retry, a channel's
      // redelivery, on any instance) is not processed again; its replies are in the transcript.
      if (key && ((await this.handled.get(context)) ?? []).includes(key)) return;
      context.turnState.set(ACTIVE_HANDOFF, active);
      // A turn whose lock expired under it (a stalled process; another instance may now run this
      // conversation) stops before it sends anything more; it is not committed either (below).
      context.onSendActivities(async (_context, _activities, next) => {
        await lease.confirm();
        return next();
      });
      // The reference is saved when it changes (first turn, another serviceUrl, user or locale), not every turn.
      const reference = Turn.getConversationReference(context.activity);
      const referenceId = referenceKey(reference);
      if ((await this.savedReference.get(context)) !== referenceId) {
        await stores.references.save(conversationId, { ...reference });
        await this.savedReference.set(context, referenceId);
      }
      if (key) {
        stableReplies?.(context);
        beginTurnScope(context, `${conversationId}\n${key}`);
        await this.runUnwrapped(context);
        // Recorded in the conversation state itself: the one write below commits the turn's state
        // and "this message is handled" together (a crash before it leaves neither).
        const handled = ((await this.handled.get(context)) ?? []).filter((k) => k !== key);
        handled.push(key);
        await this.handled.set(context, handled.slice(-HANDLED_KEPT));
      } else {
        await this.runUnwrapped(context);
      }
      await lease.confirm(); // the lock is still ours: nobody else ran this conversation meanwhile
      try {
        // Conditional on the state as loaded: refused if another turn saved it meanwhile.
        await conversationState.saveChanges(context, false);
      } catch (error) {
        if (error instanceof XieshangError && error.code === "conflict") {
          throw new XieshangError("unavailable", "the conversation changed while this turn ran (its lock was lost); not committed, retry");
        }
        throw error;
      }
      await userState.saveChanges(context, false);
    });
  }

  /**
   * The handlers, with the store's errors as thrown: botbuilder-dialogs wraps a step's error in a
   * DialogContextError, which would hide an "unavailable" (Redis away, the lock lost) that must
   * reach the channel as 503 so that the client retries, not as a 200 with half a turn.
   */
  private async runUnwrapped(context: TurnContext): Promise<void> {
    try {
      await super.run(context);
    } catch (error) {
      let inner: unknown = error;
      for (let depth = 0; depth < 5 && !(inner instanceof XieshangError) && inner instanceof Error && "error" in inner; depth++) {
        inner = (inner as { error?: unknown }).error;
      }
      throw inner instanceof XieshangError ? inner : error;
    }
  }

  /**
   * False while a person handles this conversation: the bot does not negotiate; the handoff gate
   * relays the message to the desk and answers it honestly (never silent).
   */
  private async gate(context: TurnContext): Promise<boolean> {
    const conversationId = context.activity.conversation.id;
    const prefetched = context.turnState.get(ACTIVE_HANDOFF) as HandoffRequest | null | undefined;
    const active = prefetched !== undefined ? prefetched : await this.deps.stores.handoffs.activeFor(conversationId);
    if (!active) return true;
    await this.deps.handoffGate.handle(context, active);
    return false;
  }

  /**
   * A turn the desk starts (an agent's message, an offer, hand-back, close): under the
   * conversation's lock, with its state loaded and saved, like a borrower's turn. `context` comes
   * from the channel's continueConversation (src/bot/deskTurns.ts).
   */
  async deskTurn<T>(context: TurnContext, fn: (context: TurnContext, session: Session) => Promise<T>): Promise<T> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error("deskTurn: the reference has no conversation id");
    const { stores, conversationState, userState } = this.deps;
    return stores.lock.withLock(conversationId, async () => {
      await conversationState.load(context);
      const session = await this.deps.session.get(context, newSession());
      const result = await fn(context, session);
      await conversationState.saveChanges(context, false);
      await userState.saveChanges(context, false);
      return result;
    });
  }

  /** Forgets the dialog in progress and the session (close: a later message starts afresh). */
  async resetConversation(context: TurnContext, session: Session): Promise<void> {
    await this.deps.dialogState.delete(context);
    await this.deps.session.set(context, newSession(session.verifyFailures));
  }

  /** Continues the active dialog, or starts the flow (greeting and disclosure first). */
  private async runDialog(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.dialog.id);
  }
}
