/* Confirmations: transfer asks for the queue and a note; close asks for an outcome; hand back
 * asks to confirm. Native <dialog> (modal: focus stays inside, Escape cancels). */
import { html, useState, useEffect, useRef } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";

export const QUEUES = ["welfare", "specialist", "disputes", "complaints", "general", "recoveries"];
export const OUTCOMES = ["arrangement_made", "referred", "borrower_left", "duplicate", "other"];

function Modal({ title, onCancel, onSubmit, children, submitLabel, busy }) {
  const { t } = useDesk();
  const ref = useRef(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.open && dialog.close();
  }, []);
  return html`<dialog ref=${ref} class="modal" onCancel=${(e) => (e.preventDefault(), onCancel())}>
    <form
      method="dialog"
      onSubmit=${(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2>${title}</h2>
      ${children}
      <div class="modal-actions">
        <button type="button" onClick=${onCancel}>${t("common.cancel")}</button>
        <button type="submit" class="primary" disabled=${busy}>${submitLabel ?? t("common.confirm")}</button>
      </div>
    </form>
  </dialog>`;
}

function useBusy(onConfirm) {
  const [busy, setBusy] = useState(false);
  return [
    busy,
    async (...args) => {
      setBusy(true);
      try {
        await onConfirm(...args);
      } finally {
        setBusy(false);
      }
    },
  ];
}

export function TransferDialog({ current, onCancel, onConfirm }) {
  const { t } = useDesk();
  const [queue, setQueue] = useState(QUEUES.find((q) => q !== current));
  const [note, setNote] = useState("");
  const [busy, run] = useBusy(onConfirm);
  return html`<${Modal} title=${t("transfer.title")} onCancel=${onCancel} onSubmit=${() => run(queue, note.trim())} busy=${busy} submitLabel=${t("actions.transfer")}>
    <label>${t("transfer.queue")}
      <select name="queue" value=${queue} onChange=${(e) => setQueue(e.currentTarget.value)}>
        ${QUEUES.filter((q) => q !== current).map((q) => html`<option value=${q} key=${q}>${t(`queueName.${q}`)}</option>`)}
      </select>
    </label>
    <label>${t("transfer.note")}
      <textarea name="note" rows="3" required value=${note} onInput=${(e) => setNote(e.currentTarget.value)}></textarea>
    </label>
  </${Modal}>`;
}

export function CloseDialog({ onCancel, onConfirm }) {
  const { t } = useDesk();
  const [outcome, setOutcome] = useState(null);
  const [busy, run] = useBusy(onConfirm);
  return html`<${Modal} title=${t("close.title")} onCancel=${onCancel} onSubmit=${() => outcome && run(outcome)} busy=${busy || !outcome} submitLabel=${t("actions.close")}>
    <fieldset>
      <legend>${t("close.outcome")}</legend>
      ${OUTCOMES.map(
        (o) => html`<label class="radio" key=${o}><input type="radio" name="outcome" value=${o} checked=${outcome === o} onChange=${() => setOutcome(o)} /> ${t(`outcome.${o}`)}</label>`,
      )}
    </fieldset>
  </${Modal}>`;
}

export function ConfirmDialog({ title, body, onCancel, onConfirm }) {
  const [busy, run] = useBusy(onConfirm);
  return html`<${Modal} title=${title} onCancel=${onCancel} onSubmit=${() => run()} busy=${busy}><p>${body}</p></${Modal}>`;
}
