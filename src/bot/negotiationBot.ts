import { ActivityHandler, type ConversationState, type TurnContext, type UserState, TurnContext as Turn } from "botbuilder";
import { type Dialog, DialogSet, type DialogState, DialogTurnStatus } from "botbuilder-dialogs";
import type { StatePropertyAccessor } from "botbuilder";
import { localeOf, t } from "../i18n/catalog.js";
import type { Stores } from "../store/types.js";
import { newSession, type Session } from "../../dialogs/session.js";
import { agentTopic } from "./handoff.js";

export interface NegotiationBotDeps {
  stores: Stores;
  conversationState: ConversationState;
  userState: UserState;
  dialogState: StatePropertyAccessor<DialogState>;
  session: StatePropertyAccessor<Session>;
  dialog: Dialog;
}

/**
 * The one bot behind every channel. Each turn runs inside the conversation's lock (load state →
 * gate → dialogs → save state). The gate comes first: while a person handles the conversation the
 * bot does not negotiate — it passes the message on (once acknowledging it) and stays silent.
 */
export class NegotiationBot extends ActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: NegotiationBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.dialogState);
    this.dialogs.add(deps.dialog);

    this.onMessage(async (context, next) => {
      if (await this.gate(context)) await this.runDialog(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== botId);
      if (joined && (await this.gate(context))) await this.runDialog(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return super.run(context);
    await this.deps.stores.lock.withLock(conversationId, async () => {
      await this.deps.stores.references.save(conversationId, { ...Turn.getConversationReference(context.activity) });
      await super.run(context);
      await this.deps.conversationState.saveChanges(context, false);
      await this.deps.userState.saveChanges(context, false);
    });
  }

  /** False while a person handles this conversation (the message is passed on, not answered). */
  private async gate(context: TurnContext): Promise<boolean> {
    const conversationId = context.activity.conversation.id;
    const active = await this.deps.stores.handoffs.activeFor(conversationId);
    if (!active) return true;
    if (context.activity.type !== "message") return false;
    await this.deps.stores.notifier.publish(agentTopic(conversationId), JSON.stringify({ type: "borrower_message", handoffId: active.id }));
    const session = await this.deps.session.get(context, newSession());
    if (session.acknowledgedHandoffId !== active.id) {
      session.acknowledgedHandoffId = active.id;
      await context.sendActivity(t(localeOf(context.activity.locale), "handoff.passedOn"));
    }
    return false;
  }

  /** Continues the active dialog, or starts the flow (greeting and disclosure first). */
  private async runDialog(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.dialog.id);
  }
}
