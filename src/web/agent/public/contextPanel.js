/* The context column: the verified account, the facts the borrower confirmed (✓) next to the
 * classifier's suggestions (◌, machine, not facts), the engine's decision with its trace and
 * citations folded, agreements and approvals, the decision panel, and internal notes. */
import { html, useState } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";
import { describeError } from "./api.js";
import { money } from "./format.js";
import { offerText } from "./offers.js";
import { DecisionPanel } from "./decision.js";

const FACT_KEYS = ["reason", "expectedDuration", "monthlyIncomeMinor", "essentialExpensesMinor", "affordableMonthlyMinor", "willingToRepay"];

function factValue(key, value, t, locale) {
  if (value === undefined || value === null) return t("common.unset");
  if (key === "reason") return t(`hardship.${value}`);
  if (key === "expectedDuration") return t(`duration.${value}`);
  if (key === "willingToRepay") return t(value ? "common.yes" : "common.no");
  return money(value, locale);
}

function Facts({ detail }) {
  const { t, locale } = useDesk();
  const hardship = detail.facts?.hardship ?? {};
  const known = FACT_KEYS.filter((k) => hardship[k] !== undefined);
  // What the classifier says beyond "other": the labels worth an agent's glance, newest first.
  const suggestions = (detail.suggestions ?? []).filter((s) => s.intent !== "other" || s.reason || (s.vulnerabilities ?? []).length > 0).slice(-6).reverse();
  return html`<section class="panel" aria-labelledby="facts-title">
    <h3 id="facts-title">${t("ctx.facts")}</h3>
    ${known.length === 0 && html`<p class="muted">${t("ctx.noFacts")}</p>`}
    <dl class="facts">
      ${known.map(
        (k) => html`<div class="fact confirmed" key=${k} data-fact=${k}>
          <dt>${t(`fact.${k}`)}</dt>
          <dd><span class="mark" title=${t("ctx.confirmed")} aria-label=${t("ctx.confirmed")}>✓</span> ${factValue(k, hardship[k], t, locale)}</dd>
        </div>`,
      )}
    </dl>
    <h4 title=${t("ctx.suggestionsNote")}>${t("ctx.suggestionsTitle")}</h4>
    ${suggestions.length === 0 && html`<p class="muted">${t("ctx.noSuggestions")}</p>`}
    <ul class="suggestions">
      ${suggestions.map(
        (s) => html`<li class="suggestion machine" key=${s.lineId} data-line-id=${s.lineId} title=${t("ctx.suggested")}>
          <span class="mark" aria-hidden="true">◌</span>
          <span class="machine-label">${t("ctx.machineTag")}</span>
          <span>${[t(`intent.${s.intent}`), s.reason ? t(`hardship.${s.reason}`) : null, ...(s.vulnerabilities ?? []).map((v) => t(`vulnerability.${v}`))].filter(Boolean).join(" · ")}</span>
          <span class="muted conf">${t("ctx.confidence", { value: Number(s.confidence ?? 0).toFixed(2) })}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

function Account({ account }) {
  const { t, locale } = useDesk();
  return html`<section class="panel">
    <h3>${t("ctx.account")}</h3>
    ${account
      ? html`<p>${t("ctx.accountLine", { product: t(`product.${account.product}`), balance: money(account.outstandingMinor, locale), dpd: account.daysPastDue })}</p>`
      : html`<p class="muted">${t("ctx.noAccount")}</p>`}
  </section>`;
}

function DecisionSummary({ detail }) {
  const { t, locale } = useDesk();
  const decision = detail.decision;
  const trace = decision?.trace?.length ? decision.trace : (detail.trace ?? []);
  const citations = (decision?.offers ?? []).map((o) => ({ ruleId: o.ruleId, citation: o.citation, text: offerText(o, t, locale) }));
  return html`<section class="panel">
    <h3>${t("ctx.decision")}</h3>
    ${!decision && html`<p class="muted">${t("ctx.noDecision")}</p>`}
    ${decision?.decision === "offer" && html`<p>${t("ctx.decisionOffer", { count: decision.offers.length })}</p>`}
    ${decision?.decision === "escalate" && html`<p>${t("ctx.decisionEscalate", { reason: t(`escalation.${decision.escalation?.reason}`) })}</p>`}
    <details class="fold">
      <summary>${t("ctx.trace")} (${trace.length})</summary>
      <ol class="trace">${trace.map((e, i) => html`<li key=${i} class=${`trace-${e.outcome}`}><code>${e.ruleId}</code> ${e.outcome} — ${e.detail}</li>`)}</ol>
    </details>
    <details class="fold">
      <summary>${t("ctx.citations")} (${citations.length})</summary>
      <ul>${citations.map((c, i) => html`<li key=${i}><code>${c.ruleId}</code> ${c.citation} — ${c.text}</li>`)}</ul>
    </details>
  </section>`;
}

function Agreements({ detail }) {
  const { t, locale } = useDesk();
  const agreements = detail.agreements ?? [];
  const approvals = detail.approvals ?? [];
  return html`<section class="panel" aria-labelledby="agreements-title">
    <h3 id="agreements-title">${t("ctx.agreements")}</h3>
    ${agreements.length === 0 && html`<p class="muted">${t("ctx.noAgreements")}</p>`}
    <ul class="agreements">
      ${agreements.map(
        (a) => html`<li key=${a.id} data-agreement-id=${a.id} data-agent-id=${a.agentId ?? ""}>
          ${t("ctx.agreementLine", { id: a.id, status: t(`agreementStatus.${a.status}`), agent: a.agentId ?? t("common.unset") })}
        </li>`,
      )}
    </ul>
    ${approvals.length > 0 &&
    html`<ul class="agreements approvals-here">
      ${approvals.map(
        (a) => html`<li key=${a.id} data-approval-id=${a.id} data-status=${a.status}>
          ${t("ctx.approvalLine", { amount: money(a.waiverMinor, locale), status: t(`approvalStatus.${a.status}`) })}${a.reason ? ` · ${t("ctx.approvalReason", { reason: a.reason })}` : ""}
        </li>`,
      )}
    </ul>`}
  </section>`;
}

function Notes({ detail, reload }) {
  const { t, api } = useDesk();
  const [text, setText] = useState("");
  const [error, setError] = useState(null);
  async function add(event) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    try {
      await api.note(detail.handoff.id, body);
      setText("");
      setError(null);
      reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  }
  return html`<section class="panel notes-panel" aria-labelledby="notes-title">
    <h3 id="notes-title">${t("notes.title")}</h3>
    <p class="internal">${t("notes.internal")}</p>
    <form onSubmit=${add}>
      <textarea id="note" rows="2" aria-label=${t("notes.title")} placeholder=${t("notes.placeholder")} value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${!text.trim()}>${t("notes.add")}</button>
    </form>
  </section>`;
}

export function ContextPanel({ detail, reload }) {
  const { t } = useDesk();
  return html`<aside class="context" aria-label=${t("ctx.title")}>
    <${Account} account=${detail.facts?.account ?? null} />
    <${Facts} detail=${detail} />
    <${DecisionSummary} detail=${detail} />
    <${DecisionPanel} key=${detail.handoff.id} detail=${detail} />
    <${Agreements} detail=${detail} />
    <${Notes} detail=${detail} reload=${reload} />
  </aside>`;
}
