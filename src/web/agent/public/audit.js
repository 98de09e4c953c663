/* Supervisors: the audit log (ids and codes only), filtered by conversation or agent. */
import { html, useState, useEffect } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";
import { describeError } from "./api.js";
import { dateTime } from "./format.js";

export function AuditLog() {
  const { t, api, locale } = useDesk();
  const [conversationId, setConversationId] = useState("");
  const [agentId, setAgentId] = useState("");
  const [entries, setEntries] = useState(null);
  const [error, setError] = useState(null);

  async function load(event) {
    event?.preventDefault();
    setError(null);
    try {
      const answer = await api.audit({ conversationId: conversationId.trim(), agentId: agentId.trim() });
      setEntries(answer.entries ?? []);
    } catch (e) {
      setError(describeError(e, t));
    }
  }
  useEffect(() => {
    load();
  }, []);

  return html`<main class="approvals audit" aria-labelledby="audit-title">
    <h2 id="audit-title">${t("audit.title")}</h2>
    <form class="audit-filter" onSubmit=${load}>
      <label>${t("audit.conversation")}<input name="conversationId" value=${conversationId} onInput=${(e) => setConversationId(e.currentTarget.value)} /></label>
      <label>${t("audit.agent")}<input name="agentId" value=${agentId} onInput=${(e) => setAgentId(e.currentTarget.value)} /></label>
      <button type="submit">${t("audit.filter")}</button>
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${entries && entries.length === 0 && html`<p class="empty">${t("audit.empty")}</p>`}
    ${entries &&
    entries.length > 0 &&
    html`<table>
      <thead><tr><th>${t("audit.time")}</th><th>${t("audit.actor")}</th><th>${t("audit.action")}</th><th>${t("audit.conversation")}</th><th>${t("audit.details")}</th></tr></thead>
      <tbody>
        ${entries.map(
          (e) => html`<tr key=${e.id} data-action=${e.action}>
            <td>${dateTime(e.at, locale)}</td>
            <td class="mono">${e.actor?.kind}:${e.actor?.id}</td>
            <td>${t(`auditAction.${e.action}`)}</td>
            <td class="mono">${e.conversationId ?? ""}</td>
            <td class="mono">${Object.entries(e.details ?? {}).map(([k, v]) => `${k}=${v}`).join(" ")}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
  </main>`;
}
