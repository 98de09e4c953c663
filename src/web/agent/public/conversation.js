/* The conversation: header (queue, reason, language, holder, claim), the self-harm banner, the
 * live transcript (borrower/bot/agent/system lines, internal notes, the handoff divider), the
 * composer (Enter sends, Shift+Enter new line) and the actions (transfer, hand back, close).
 * Every piece of text is rendered as text: preact puts strings in text nodes, never HTML. */
import { html, useState, useEffect, useRef } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";
import { describeError } from "./api.js";
import { clock, duration, waitingNow } from "./format.js";
import { loadCatalog, translator } from "./i18n.js";
import { TransferDialog, ConfirmDialog, CloseDialog } from "./dialogs.js";
import { timeline } from "./store.js";

/** A button press arrives as its postBack value; the agree button of an agent's offer is said in words. */
export function pressedAgree(text) {
  if (!/^\{.*\}$/s.test(text ?? "")) return false;
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && value.choice === "agree" && typeof value.xsAgentOffer === "string";
  } catch {
    return false;
  }
}

function Line({ line }) {
  const { t, locale } = useDesk();
  const text = line.from === "borrower" && pressedAgree(line.text) ? t("conv.agreePressed") : line.text;
  return html`<li class=${`line from-${line.from}`} data-line-id=${line.id} data-from=${line.from}>
    <span class="who">${t(`conv.who.${line.from}`)}</span>
    <div class="bubble">
      ${text && html`<p class="text">${text}</p>`}
      ${(line.cards ?? []).map(
        (card, i) => html`<div class="card" key=${i}>
          <p class="card-title">${card.title}</p>
          ${card.text && html`<p class="card-text">${card.text}</p>`}
          ${card.buttons && card.buttons.length > 0 && html`<p class="card-buttons">${card.buttons.map((b, j) => html`<span class="chip" key=${j}>${b}</span>`)}</p>`}
        </div>`,
      )}
    </div>
    <time datetime=${line.at}>${clock(line.at, locale)}</time>
  </li>`;
}

function NoteLine({ note }) {
  const { t, locale } = useDesk();
  return html`<li class="line note" data-note-id=${note.id}>
    <span class="who">${t("conv.who.note")}</span>
    <div class="bubble"><p class="text">${note.text}</p><p class="internal">${t("notes.internal")} · ${note.agentId}</p></div>
    <time datetime=${note.at}>${clock(note.at, locale)}</time>
  </li>`;
}

export const SNIPPETS = ["greeting", "reading", "crisis", "closing"];

/** Approved snippets in the BORROWER's language (from that language's agent catalog). */
function useSnippets(borrowerLocale, agentName) {
  const [snippets, setSnippets] = useState(null);
  useEffect(() => {
    let live = true;
    loadCatalog(borrowerLocale)
      .then((c) => {
        const tb = translator(c);
        if (live) setSnippets(SNIPPETS.map((key) => ({ key, text: tb(`snippet.${key}`, { name: agentName }) })));
      })
      .catch(() => live && setSnippets([]));
    return () => {
      live = false;
    };
  }, [borrowerLocale, agentName]);
  return snippets ?? [];
}

function Composer({ detail, enabled, reload, children }) {
  const { t, api, locale, agent } = useDesk();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const box = useRef(null);
  const h = detail.handoff;
  const snippets = useSnippets(h.locale, agent.displayName);

  function insert(snippet) {
    const el = box.current;
    const at = el ? el.selectionStart ?? text.length : text.length;
    const end = el ? el.selectionEnd ?? at : at;
    const next = text.slice(0, at) + snippet.text + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.selectionStart = el.selectionEnd = at + snippet.text.length;
    });
  }

  async function send() {
    const body = text.trim();
    if (!body || busy || !enabled) return;
    setBusy(true);
    setError(null);
    try {
      await api.message(h.id, body);
      setText("");
      reload();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event) {
    if (event.altKey && /^Digit[1-4]$/.test(event.code)) {
      const snippet = snippets[Number(event.code.slice(5)) - 1];
      if (snippet) {
        event.preventDefault();
        insert(snippet);
      }
      return;
    }
    if (event.key !== "Enter" || event.shiftKey) return;
    if (event.isComposing || event.keyCode === 229) return; // an IME is choosing characters
    event.preventDefault();
    send();
  }

  const quiet = detail.quietHours;
  return html`<div class="composer">
    <div class="composer-meta">
      <span>${t("composer.borrowerLanguage", { language: t(`borrowerLocale.${h.locale.replace("-", "_")}`) })}</span>
      ${quiet?.now && html`<span class="quiet" role="status">${t("composer.quietHours", { time: clock(quiet.until, locale) })}</span>`}
      <span class="hint">${t("composer.hint")}</span>
    </div>
    ${!enabled && html`<p class="readonly">${h.status === "closed" ? t("conv.closed") : t("conv.readOnly")}</p>`}
    <div class="snippets" role="group" aria-label=${t("composer.snippets")}>
      ${snippets.map(
        (s, i) => html`<button type="button" key=${s.key} class="snippet" disabled=${!enabled} title=${s.text} onClick=${() => insert(s)}>${t(`snippet.name.${s.key}`)} <kbd>Alt+${i + 1}</kbd></button>`,
      )}
    </div>
    <textarea
      ref=${box}
      id="composer"
      aria-label=${t("composer.label")}
      placeholder=${t("composer.placeholder")}
      rows="3"
      disabled=${!enabled}
      value=${text}
      onInput=${(e) => setText(e.currentTarget.value)}
      onKeyDown=${onKeyDown}
    ></textarea>
    ${error && html`<p class="error" role="alert" data-role="composer-error">${error}</p>`}
    <div class="composer-actions">
      ${children}
      <span class="spacer"></span>
      <button type="button" class="primary" disabled=${!enabled || busy || !text.trim()} onClick=${send}>${busy ? t("composer.sending") : t("composer.send")}</button>
    </div>
  </div>`;
}

export function Conversation({ detail, now, claimRefusal, onClaim, reload, onLeft }) {
  const { t, api, agent, notify, locale } = useDesk();
  const [dialog, setDialog] = useState(null);
  const list = useRef(null);
  const h = detail.handoff;
  const mine = h.status === "claimed" && h.claimedBy?.id === agent.id;
  const items = timeline(detail.transcript, detail.notes, h.createdAt);

  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [items.length, h.id]);

  async function act(run, done, leaves) {
    try {
      await run();
      setDialog(null);
      notify("ok", t(done));
      if (leaves) onLeft();
      else reload();
    } catch (e) {
      notify("error", describeError(e, t));
    }
  }

  const crisis = h.reason === "self_harm_risk" || h.urgentReason === "self_harm_signal";
  const holder = h.claimedBy && h.claimedBy.id !== agent.id ? t("claim.taken", { name: h.claimedBy.displayName, time: clock(h.claimedAt, locale) }) : null;
  return html`<section class="conversation" aria-labelledby="conv-title">
    <header class="conv-head">
      <div>
        <h2 id="conv-title"><span class=${`badge prio-${h.priority}`}>${t(`priority.${h.priority}`)}</span> ${t(`queueName.${h.queue}`)} · ${t(`escalation.${h.reason}`)}</h2>
        <p class="conv-meta">
          ${[t(`status.${h.status}`), t(`borrowerLocale.${h.locale.replace("-", "_")}`), t("queue.waiting", { time: duration(waitingNow(h, now)) })].join(" · ")}
          ${" · "}<span class="mono">${h.conversationId}</span>
        </p>
      </div>
      <div class="conv-claim">
        ${h.status === "waiting" && html`<button type="button" class="primary" id="claim" onClick=${onClaim}>${t("claim.button")} <kbd>Alt+C</kbd></button>`}
        ${mine && html`<span class="held-by-me">${t("claim.done")}</span>`}
        ${holder && html`<span class="held-by-other">${holder}</span>`}
      </div>
    </header>
    ${claimRefusal && html`<p class="refusal" role="alert" data-role="claim-refusal">${claimRefusal}</p>`}
    ${crisis && html`<p class="crisis" role="note">${t("conv.crisisBanner")}</p>`}
    <ol class="transcript" ref=${list} aria-label=${t("conv.transcript")} aria-live="polite">
      ${items.map((item) =>
        item.kind === "divider"
          ? html`<li class="divider" key=${item.id} role="separator"><span>${t("conv.handoffDivider", { time: clock(h.createdAt, locale) })}</span></li>`
          : item.kind === "note"
            ? html`<${NoteLine} key=${item.id} note=${item.note} />`
            : html`<${Line} key=${item.id} line=${item.line} />`,
      )}
    </ol>
    <${Composer} detail=${detail} enabled=${mine} reload=${reload}>
      <button type="button" disabled=${!mine && agent.role !== "supervisor"} onClick=${() => setDialog("transfer")}>${t("actions.transfer")}</button>
      <button type="button" disabled=${!mine} onClick=${() => setDialog("return")}>${t("actions.return")}</button>
      <button type="button" disabled=${!mine && agent.role !== "supervisor"} onClick=${() => setDialog("close")}>${t("actions.close")}</button>
    </${Composer}>
    ${dialog === "transfer" &&
    html`<${TransferDialog} current=${h.queue} onCancel=${() => setDialog(null)} onConfirm=${(queue, note) => act(() => api.transfer(h.id, queue, note), "transfer.done", true)} />`}
    ${dialog === "return" &&
    html`<${ConfirmDialog} title=${t("return.title")} body=${t("return.body")} onCancel=${() => setDialog(null)} onConfirm=${() => act(() => api.handBack(h.id), "return.done", true)} />`}
    ${dialog === "close" && html`<${CloseDialog} onCancel=${() => setDialog(null)} onConfirm=${(outcome, note) => act(() => api.close(h.id, outcome, note), "close.done", true)} />`}
  </section>`;
}
