/* The decision panel: the agent corrects the borrower's facts, previews the engine's offers on
 * them (POST /decide), and sends one (POST /offers). Edited fields are marked. */
import { html, useState, useEffect } from "./vendor/preact-htm.js";
import { useDesk } from "./context.js";
import { describeError } from "./api.js";
import { HARDSHIP_REASONS, DURATIONS, MONEY_FIELDS, formFrom, hardshipFrom } from "./facts.js";
import { offerText, offerFlags } from "./offers.js";
import { clock } from "./format.js";

export function DecisionPanel({ detail }) {
  const { t, api, locale, agent, notify } = useDesk();
  const h = detail.handoff;
  const confirmed = detail.facts?.hardship ?? {};
  const [form, setForm] = useState(() => formFrom(confirmed));
  const [preview, setPreview] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(null);
  const mine = h.status === "claimed" && h.claimedBy?.id === agent.id;
  const original = formFrom(confirmed);

  useEffect(() => {
    setForm(formFrom(detail.facts?.hardship ?? {}));
    setPreview(null);
    setSent(null);
    setError(null);
  }, [h.id]);

  const set = (key) => (e) => setForm({ ...form, [key]: e.currentTarget.value });
  const edited = (key) => form[key] !== original[key];
  const label = (key) => html`<span>${t(`fact.${key}`)}${edited(key) && html` <em class="edited">${t("decide.edited")}</em>`}</span>`;

  async function runPreview(event) {
    event.preventDefault();
    const { hardship, bad } = hardshipFrom(form);
    if (bad.length > 0) {
      setError(t("error.validation", { message: bad.map((k) => t(`fact.${k}`)).join(", ") }));
      return;
    }
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      setPreview(await api.decide(h.id, { hardship }));
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  }

  async function send(index) {
    setBusy(true);
    setError(null);
    try {
      await api.offer(h.id, preview.decisionId, index);
      setSent(index);
      notify("ok", t("decide.sent"));
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  }

  const decision = preview?.decision;
  return html`<section class="panel decision-panel" aria-labelledby="decide-title">
    <h3 id="decide-title">${t("decide.title")}</h3>
    ${!mine && html`<p class="muted">${t("decide.needsClaim")}</p>`}
    ${detail.pendingOffer &&
    html`<p class="pending-offer" data-role="pending-offer">${t("decide.pending", { offer: offerText(detail.pendingOffer.offer, t, locale), time: clock(detail.pendingOffer.sentAt, locale) })}</p>`}
    <form class="facts-form" onSubmit=${runPreview}>
      <fieldset disabled=${!mine}>
        <legend>${t("decide.edit")}</legend>
        <label>${label("reason")}
          <select name="reason" value=${form.reason} onChange=${set("reason")}>
            <option value="">${t("common.unset")}</option>
            ${HARDSHIP_REASONS.map((r) => html`<option value=${r} key=${r}>${t(`hardship.${r}`)}</option>`)}
          </select>
        </label>
        <label>${label("expectedDuration")}
          <select name="expectedDuration" value=${form.expectedDuration} onChange=${set("expectedDuration")}>
            <option value="">${t("common.unset")}</option>
            ${DURATIONS.map((d) => html`<option value=${d} key=${d}>${t(`duration.${d}`)}</option>`)}
          </select>
        </label>
        ${MONEY_FIELDS.map(
          (key) => html`<label key=${key}>${label(key)}<input name=${key} inputmode="decimal" value=${form[key]} onInput=${set(key)} /></label>`,
        )}
        <label>${label("willingToRepay")}
          <select name="willingToRepay" value=${form.willingToRepay} onChange=${set("willingToRepay")}>
            <option value="">${t("common.unset")}</option>
            <option value="true">${t("common.yes")}</option>
            <option value="false">${t("common.no")}</option>
          </select>
        </label>
        <button type="submit" disabled=${busy}>${busy && !preview ? t("decide.previewing") : t("decide.preview")}</button>
      </fieldset>
    </form>
    ${error && html`<p class="error" role="alert" data-role="decide-error">${error}</p>`}
    ${decision &&
    html`<div class="preview" data-role="offer-preview">
      ${decision.decision === "escalate" && html`<p class="muted">${t("decide.escalates", { reason: t(`escalation.${decision.escalation?.reason}`) })}</p>`}
      ${decision.decision === "offer" && decision.offers.length === 0 && html`<p class="muted">${t("decide.noOffers")}</p>`}
      <ul class="offers">
        ${decision.offers.map(
          (offer, i) => html`<li key=${i} class="offer">
            <p>${offerText(offer, t, locale)}${offerFlags(offer, t).map((f) => html` <span class="flag">${f}</span>`)}</p>
            <p class="citation">${offer.ruleId} · ${offer.citation}</p>
            ${offer.type === "penalty_waiver"
              ? html`<p class="muted add-on">${t("offer.addOn")}</p>`
              : html`<button type="button" class="primary" disabled=${busy || !mine || sent !== null} onClick=${() => send(i)}>${t("decide.send")}</button>`}
            ${sent === i && html`<span class="ok">${t("decide.sent")}</span>`}
          </li>`,
        )}
      </ul>
    </div>`}
  </section>`;
}
