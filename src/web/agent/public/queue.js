/* The live queue: grouped by priority, oldest first; wait times tick; reason in words; the
 * borrower's language; who holds it; "mine". Arrow keys move between rows, Enter opens. */
import { html } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";
import { queueGroups, agentLoad } from "./store.js";
import { duration, waitingNow } from "./format.js";

function Row({ h, selected, now, onOpen }) {
  const { t, agent } = useDesk();
  const holder = h.claimedBy ? (h.claimedBy.id === agent.id ? t("queue.heldByYou") : t("queue.heldBy", { name: h.claimedBy.displayName })) : t("queue.unclaimed");
  const wait = duration(waitingNow(h, now));
  return html`<li>
    <button type="button" class=${`queue-row prio-${h.priority}${selected ? " selected" : ""}`} data-id=${h.id} aria-current=${selected ? "true" : "false"} onClick=${() => onOpen(h.id)}>
      <span class="row-top"><span class="queue-name">${t(`queueName.${h.queue}`)}</span><span class="wait" data-role="wait">${t("queue.waiting", { time: wait })}</span></span>
      <span class="reason">${t(`escalation.${h.reason}`)}</span>
      <span class="row-meta"><span class="lang">${t(`borrowerLocale.${h.locale.replace("-", "_")}`)}</span><span class=${h.claimedBy ? "holder held" : "holder"}>${holder}</span></span>
    </button>
  </li>`;
}

export function Queue({ handoffs, selectedId, now, onOpen }) {
  const { t, agent } = useDesk();
  const { groups, mine } = queueGroups(handoffs, agent.id);

  function onKeyDown(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const rows = [...event.currentTarget.querySelectorAll(".queue-row")];
    const i = rows.indexOf(document.activeElement);
    const next = rows[Math.max(0, Math.min(rows.length - 1, i + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  return html`<nav class="queue" aria-label=${t("queue.label")} onKeyDown=${onKeyDown}>
    <h2>${t("queue.title")}</h2>
    ${groups.length === 0 && html`<p class="empty">${t("queue.empty")}</p>`}
    ${groups.map(
      (g) => html`<section class="group" key=${g.priority} data-priority=${g.priority}>
        <h3 class=${`prio-label prio-${g.priority}`}>${t("queue.count", { label: t(`priority.${g.priority}`), count: g.items.length })}</h3>
        <ul>${g.items.map((h) => html`<${Row} key=${h.id} h=${h} selected=${h.id === selectedId} now=${now} onOpen=${onOpen} />`)}</ul>
      </section>`,
    )}
    ${agent.role === "supervisor" &&
    html`<section class="group load" aria-label=${t("queue.load")}>
      <h3 class="prio-label">${t("queue.load")}</h3>
      ${agentLoad(handoffs).map((l) => html`<p class="load-line" key=${l.id} data-agent-id=${l.id}>${t("queue.loadLine", { name: l.name, count: l.count })}</p>`)}
    </section>`}
    <section class="group mine" data-priority="mine">
      <h3 class="prio-label">${t("queue.count", { label: t("queue.mine"), count: mine.length })}</h3>
      ${mine.length === 0 ? html`<p class="empty">${t("queue.mineEmpty")}</p>` : html`<ul>${mine.map((h) => html`<${Row} key=${h.id} h=${h} selected=${h.id === selectedId} now=${now} onOpen=${onOpen} />`)}</ul>`}
    </section>
  </nav>`;
}
