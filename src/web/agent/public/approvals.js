/* Supervisors: the approvals waiting (amount, agent, conversation, when), approve or reject,
 * always with a reason. */
import { html, useState } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";
import { describeError } from "./api.js";
import { dateTime, money } from "./format.js";

function ApprovalRow({ approval, onDone }) {
  const { t, api, locale, notify } = useDesk();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  async function decide(decision) {
    if (!reason.trim()) {
      setError(t("approvals.reasonRequired"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.decideApproval(approval.id, decision, reason.trim());
      notify("ok", t("approvals.done"));
      onDone();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  }
  return html`<tr data-approval-id=${approval.id}>
    <td>${money(approval.waiverMinor, locale)}</td>
    <td>${approval.agentId ?? t("common.unset")}</td>
    <td class="mono">${approval.conversationId}</td>
    <td>${dateTime(approval.createdAt, locale)}</td>
    <td>
      <input aria-label=${t("approvals.reason")} placeholder=${t("approvals.reason")} value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} />
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </td>
    <td class="buttons">
      <button type="button" class="primary" disabled=${busy} onClick=${() => decide("approve")}>${t("approvals.approve")}</button>
      <button type="button" class="danger" disabled=${busy} onClick=${() => decide("reject")}>${t("approvals.reject")}</button>
    </td>
  </tr>`;
}

export function Approvals({ approvals, reload }) {
  const { t } = useDesk();
  return html`<main class="approvals" aria-labelledby="approvals-title">
    <h2 id="approvals-title">${t("approvals.title")}</h2>
    ${approvals.length === 0
      ? html`<p class="empty">${t("approvals.empty")}</p>`
      : html`<table>
          <thead><tr><th>${t("approvals.amount")}</th><th>${t("approvals.agent")}</th><th>${t("approvals.conversation")}</th><th>${t("approvals.requested")}</th><th>${t("approvals.reason")}</th><th></th></tr></thead>
          <tbody>${approvals.map((a) => html`<${ApprovalRow} key=${a.id} approval=${a} onDone=${reload} />`)}</tbody>
        </table>`}
  </main>`;
}
