/**
 * A scripted borrower that reads the bot's replies through the message catalogs
 * (prompts/<locale>.json) and answers the question asked last — so the tests and the benchmark
 * follow the real dialogs without hard-coding their wording. Buttons are "clicked" the way a
 * channel client does it (imBack → text, messageBack/postBack → text/value, Action.Submit → value).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DirectLineActivity } from "../support/directlineClient.js";

export type Locale = "zh-CN" | "en";
export type Catalog = Record<string, string>;

const catalogs = new Map<Locale, Catalog>();
export function catalog(locale: Locale): Catalog {
  let c = catalogs.get(locale);
  if (!c) {
    c = JSON.parse(readFileSync(fileURLToPath(new URL(`../../prompts/${locale}.json`, import.meta.url)), "utf8")) as Catalog;
    catalogs.set(locale, c);
  }
  return c;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A catalog template as a regex: `{id}` captures a reference, other placeholders match anything. */
export function templateRegExp(template: string): RegExp {
  let source = "";
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    source += escapeRegExp(template.slice(last, m.index)).replace(/\s+/g, "\\s+");
    source += m[1] === "id" ? "([A-Za-z0-9][A-Za-z0-9_./:-]*[A-Za-z0-9])" : "[\\s\\S]*?";
    last = m.index! + m[0].length;
  }
  source += escapeRegExp(template.slice(last)).replace(/\s+/g, "\\s+");
  return new RegExp(source);
}

/** The text of an activity as a reader sees it: text, then card texts. */
export function readable(a: DirectLineActivity): string {
  const parts: string[] = [];
  if (typeof a.text === "string") parts.push(a.text);
  for (const att of a.attachments ?? []) collectStrings(att.content, parts);
  return parts.join("\n");
}

function collectStrings(node: unknown, out: string[]): void {
  if (typeof node === "string") out.push(node);
  else if (Array.isArray(node)) for (const n of node) collectStrings(n, out);
  else if (node && typeof node === "object") for (const v of Object.values(node)) collectStrings(v, out);
}

export interface ClickableAction {
  title: string;
  type: string;
  value?: unknown;
  text?: string;
  displayText?: string;
  data?: unknown;
}

/** Every button of an activity: suggested actions, hero/thumbnail card buttons, Adaptive Card actions. */
export function actionsOf(a: DirectLineActivity): ClickableAction[] {
  const out: ClickableAction[] = [];
  for (const act of a.suggestedActions?.actions ?? []) {
    out.push({ title: String(act.title ?? act.value ?? ""), type: String(act.type ?? "imBack"), value: act.value, ...(act as object) } as ClickableAction);
  }
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.buttons)) {
      for (const b of o.buttons as Record<string, unknown>[]) {
        out.push({ ...b, title: String(b.title ?? b.value ?? ""), type: String(b.type ?? "imBack") } as ClickableAction);
      }
    }
    if (Array.isArray(o.actions)) {
      for (const b of o.actions as Record<string, unknown>[]) {
        if (typeof b.type === "string" && b.type.startsWith("Action.")) {
          out.push({ ...b, title: String(b.title ?? ""), type: b.type } as ClickableAction);
        }
      }
    }
    for (const [k, v] of Object.entries(o)) if (k !== "buttons" && k !== "actions") walk(v);
  };
  for (const att of a.attachments ?? []) walk(att.content);
  return out;
}

/** The activity a client posts when the borrower presses this button. */
export function clickPayload(action: ClickableAction): Partial<DirectLineActivity> & { text?: string } {
  switch (action.type) {
    case "imBack":
      return { text: String(action.value ?? action.title) };
    case "messageBack":
      return { text: action.text ?? action.displayText ?? "", value: action.value };
    case "postBack":
      return typeof action.value === "string" ? { text: action.value } : { value: action.value };
    case "Action.Submit":
    case "Action.Execute": {
      const data = action.data as Record<string, unknown> | string | undefined;
      if (typeof data === "string") return { text: data };
      const ms = (data as { msteams?: { type?: string; text?: string; value?: unknown } } | undefined)?.msteams;
      if (ms?.type === "imBack" && typeof ms.value === "string") return { text: ms.value };
      if (ms?.type === "messageBack") return { text: ms.text ?? "", value: ms.value };
      return { value: data };
    }
    default:
      return { text: String(action.value ?? action.title) };
  }
}

/** What a scripted borrower brings to the conversation. */
export interface BorrowerProfile {
  locale: Locale;
  accountLast4: string;
  idLast4: string;
  /** Free text for "what happened?" (read by the classifier). */
  story: string;
  income: string;
  expenses: string;
  affordable: string;
  /** 1-based option to choose. */
  option?: number;
}

/** The borrower every Direct Line suite and the benchmark uses: demo card 8801, job loss, an instalment plan. */
export const CARD_BORROWER_ZH: BorrowerProfile = {
  locale: "zh-CN",
  accountLast4: "8801",
  idLast4: "1234",
  story: "上个月公司裁员，我失业了，现在还不上信用卡",
  income: "6000",
  expenses: "4000",
  affordable: "1500",
  option: 1,
};

export type Answer =
  | { kind: "click"; key: string; title: string; payload: Partial<DirectLineActivity> }
  | { kind: "type"; key: string; text: string }
  | { kind: "done"; key: "agreement.agreed"; reference: string }
  | { kind: "stuck"; why: string };

/** The questions a borrower answers, in dialog order. */
export const QUESTION_KEYS = [
  "disclosure.text",
  "disclosure.retry",
  "verify.askAccount",
  "verify.askAccountRetry",
  "verify.askId",
  "verify.askIdRetry",
  "hardship.askWhatHappened",
  "hardship.confirmReason",
  "hardship.pickReason",
  "hardship.pickReasonUnsure",
  "hardship.askDuration",
  "hardship.askIncome",
  "hardship.askIncomeRetry",
  "hardship.askExpenses",
  "hardship.askExpensesRetry",
  "hardship.askAffordable",
  "hardship.askAffordableRetry",
  "hardship.askWilling",
  "summary.ask",
  "offers.pick",
  "terms.ask",
  "agreement.agreed",
] as const;
export type QuestionKey = (typeof QUESTION_KEYS)[number];

/** Where in the bot's messages the last recognised question is, and which one. */
export function lastQuestion(replies: DirectLineActivity[], locale: Locale): { key: QuestionKey; activity: DirectLineActivity; match: RegExpExecArray } | undefined {
  const c = catalog(locale);
  for (let i = replies.length - 1; i >= 0; i--) {
    const a = replies[i]!;
    if (a.type !== "message") continue;
    const text = readable(a);
    let best: { key: QuestionKey; match: RegExpExecArray } | undefined;
    for (const key of QUESTION_KEYS) {
      const template = c[key];
      if (!template) continue;
      const m = templateRegExp(template).exec(text);
      if (m && (!best || m.index >= best.match.index)) best = { key, match: m };
    }
    if (best) return { ...best, activity: a };
  }
  return undefined;
}

function findAction(replies: DirectLineActivity[], title: string): ClickableAction | undefined {
  for (let i = replies.length - 1; i >= 0; i--) {
    const hit = actionsOf(replies[i]!).find((x) => x.title.trim() === title.trim());
    if (hit) return hit;
  }
  return undefined;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

/** The borrower's answer to the bot's latest replies. */
export function answer(profile: BorrowerProfile, replies: DirectLineActivity[]): Answer {
  const c = catalog(profile.locale);
  const q = lastQuestion(replies, profile.locale);
  if (!q) return { kind: "stuck", why: `no known question in: ${replies.map(readable).join(" | ").slice(0, 400)}` };
  const click = (titleKey: string, values: Record<string, string | number> = {}): Answer => {
    const title = fill(c[titleKey] ?? titleKey, values);
    const action = findAction(replies, title);
    return { kind: "click", key: q.key, title, payload: action ? clickPayload(action) : { text: title } };
  };
  const type = (text: string): Answer => ({ kind: "type", key: q.key, text });
  switch (q.key) {
    case "disclosure.text":
    case "disclosure.retry":
      return click("disclosure.continue");
    case "verify.askAccount":
    case "verify.askAccountRetry":
      return type(profile.accountLast4);
    case "verify.askId":
    case "verify.askIdRetry":
      return type(profile.idLast4);
    case "hardship.askWhatHappened":
      return type(profile.story);
    case "hardship.confirmReason":
      return click("button.yes");
    case "hardship.pickReason":
    case "hardship.pickReasonUnsure":
      return click("reason.job_loss");
    case "hardship.askDuration":
      return click("duration.3_to_12_months");
    case "hardship.askIncome":
    case "hardship.askIncomeRetry":
      return type(profile.income);
    case "hardship.askExpenses":
    case "hardship.askExpensesRetry":
      return type(profile.expenses);
    case "hardship.askAffordable":
    case "hardship.askAffordableRetry":
      return type(profile.affordable);
    case "hardship.askWilling":
      return click("button.yes");
    case "summary.ask":
      return click("summary.confirm");
    case "offers.pick":
      return click("offers.choose", { n: profile.option ?? 1 });
    case "terms.ask":
      return click("terms.confirm");
    case "agreement.agreed":
      return { kind: "done", key: "agreement.agreed", reference: q.match[1] ?? "" };
  }
}
