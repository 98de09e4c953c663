import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from "botbuilder";

export interface ConsoleAdapterOptions {
  input?: Readable;
  output?: Writable;
  /** The borrower's locale, sent as activity.locale (zh-CN or en). */
  locale: string;
  conversationId?: string;
  /** How the bot is named in front of its lines. */
  botName?: string;
}

type Logic = (context: TurnContext) => Promise<void>;

interface Button {
  title: string;
  /** The words sent (imBack: its value; messageBack: its text) and, for messageBack, its value. */
  text: string;
  value?: unknown;
}

/**
 * A terminal channel: each line on stdin is a message to the same bot every other channel runs;
 * replies are printed with suggested actions and card buttons as numbered choices (typing the
 * number presses the button). Cards are printed as text.
 */
export class ConsoleAdapter extends BotAdapter {
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly reference: ConversationReference;
  private readonly user: ChannelAccount = { id: "borrower", name: "borrower", role: "user" };
  private readonly bot: ChannelAccount;
  private buttons: Button[] = [];
  private nextId = 0;

  constructor(private readonly options: ConsoleAdapterOptions) {
    super();
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.bot = { id: "xieshang", name: options.botName ?? "Xieshang", role: "bot" };
    this.reference = {
      channelId: "console",
      serviceUrl: "",
      conversation: { id: options.conversationId ?? `console-${Date.now().toString(36)}`, isGroup: false, conversationType: "personal", name: "console" },
      user: this.user,
      bot: this.bot,
      locale: options.locale,
    };
  }

  get conversationId(): string {
    return this.reference.conversation.id;
  }

  /** Greets (conversationUpdate), then reads lines until the input ends or the borrower types /quit. */
  async listen(logic: Logic): Promise<void> {
    await this.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [this.user, this.bot] }, logic);
    const lines = createInterface({ input: this.input, terminal: false });
    this.prompt();
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === "/quit") break;
      if (line.length > 0) await this.receive({ type: ActivityTypes.Message, ...this.pressed(line) }, logic);
      this.prompt();
    }
    lines.close();
  }

  /** Runs one inbound activity through the middleware and the bot. */
  async receive(partial: Partial<Activity>, logic: Logic): Promise<void> {
    const activity = {
      ...partial,
      id: String(++this.nextId),
      channelId: this.reference.channelId,
      serviceUrl: this.reference.serviceUrl,
      conversation: this.reference.conversation,
      from: this.user,
      recipient: this.bot,
      locale: this.options.locale,
      timestamp: new Date(),
    } as Activity;
    this.buttons = [];
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message) this.print(activity);
      responses.push({ id: `out-${++this.nextId}` });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    throw new Error("the console cannot update a message");
  }

  async deleteActivity(): Promise<void> {
    throw new Error("the console cannot delete a message");
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: "continueConversation" }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity as Activity), logic);
  }

  /** A number typed after buttons were shown presses that button (its words, and a messageBack's value). */
  private pressed(line: string): Partial<Activity> {
    const button = /^\d{1,2}$/.test(line) ? this.buttons[Number(line) - 1] : undefined;
    if (!button) return { text: line };
    return button.value === undefined ? { text: button.text } : { text: button.text, value: button.value };
  }

  private numbered(actions: Array<{ type?: string; title?: string; text?: string; value?: unknown }>): string {
    return actions
      .map((a) => {
        const title = String(a.title ?? a.value ?? "");
        this.buttons.push(a.type === "messageBack" ? { title, text: String(a.text ?? title), value: a.value } : { title, text: String(a.value ?? title) });
        return `[${this.buttons.length}] ${title}`;
      })
      .join("   ");
  }

  private print(activity: Partial<Activity>): void {
    const name = this.bot.name;
    const lines: string[] = [];
    if (activity.text) lines.push(`${name}> ${activity.text.replace(/\n/g, "\n    ")}`);
    for (const attachment of activity.attachments ?? []) {
      const card = (attachment.content ?? {}) as { title?: string; text?: string; buttons?: Array<{ type?: string; title?: string; text?: string; value?: unknown }> };
      lines.push(`    ┌ ${card.title ?? ""}`);
      if (card.text) lines.push(...card.text.split("\n").map((l) => `    │ ${l}`));
      lines.push(`    └ ${card.buttons?.length ? this.numbered(card.buttons) : ""}`);
    }
    const actions = activity.suggestedActions?.actions ?? [];
    if (actions.length > 0) lines.push(`    ${this.numbered(actions)}`);
    this.output.write(`${lines.join("\n")}\n`);
  }

  private prompt(): void {
    this.output.write("> ");
  }
}
