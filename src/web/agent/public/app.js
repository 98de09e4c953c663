/* The agent console's entry: language, session, and the desk (queue · conversation · context),
 * fed by /agent/api REST and the /agent/api/stream WebSocket. */
import { html, render, useState, useEffect, useReducer, useRef, useMemo, useCallback } from "./vendor/preact-htm.js";
import { createApi, describeError, ApiError } from "./api.js";
import { initialLocale, rememberLocale, loadCatalog, translator, LOCALES } from "./i18n.js";
import { openStream, savedCursor, saveCursor } from "./stream.js";
import { deskReducer, initialDesk, actionForEvent, queueGroups } from "./store.js";
import { clock } from "./format.js";
import { Desk } from "./context.js";
import { Login } from "./login.js";
import { Queue } from "./queue.js";
import { Conversation } from "./conversation.js";
import { ContextPanel } from "./contextPanel.js";
import { Approvals } from "./approvals.js";
import { AuditLog } from "./audit.js";

function LanguageSwitch({ locale, setLocale, t }) {
  return html`<div class="lang-switch" role="group" aria-label=${t("lang.label")}>
    ${LOCALES.map(
      (l) => html`<button type="button" key=${l} lang=${l} aria-pressed=${l === locale ? "true" : "false"} onClick=${() => setLocale(l)}>${t(`lang.${l.replace("-", "_")}`)}</button>`,
    )}
  </div>`;
}

function useNow() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function DeskView({ t, locale, setLocale, api, session, onSignedOut }) {
  const agent = session.agent;
  const [desk, dispatch] = useReducer(deskReducer, initialDesk);
  const [view, setView] = useState("desk");
  const [streamState, setStreamState] = useState("connecting");
  const [toast, setToast] = useState(null);
  const [claimRefusal, setClaimRefusal] = useState(null);
  const now = useNow();
  const selectedRef = useRef(null);
  selectedRef.current = desk.selectedId;

  const notify = useCallback((kind, text) => {
    setToast({ kind, text, at: Date.now() });
  }, []);
  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  const loadQueue = useCallback(async () => {
    const answer = await api.handoffs();
    dispatch({ type: "queue", handoffs: answer.handoffs ?? [] });
    return answer.cursor ?? null;
  }, [api]);

  const loadApprovals = useCallback(async () => {
    if (agent.role !== "supervisor") return;
    try {
      const answer = await api.approvals();
      dispatch({ type: "approvals", approvals: answer.approvals ?? [] });
    } catch (e) {
      notify("error", describeError(e, t));
    }
  }, [api, agent.role, t, notify]);

  const reloadDetail = useCallback(async () => {
    const id = selectedRef.current;
    if (!id) return;
    try {
      const detail = await api.handoff(id);
      dispatch({ type: "detail", detail });
    } catch (e) {
      notify("error", describeError(e, t));
    }
  }, [api, t, notify]);

  const refreshTimer = useRef(null);
  const refreshSoon = useCallback(() => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      reloadDetail();
    }, 600);
  }, [reloadDetail]);

  // The queue, then the stream from the saved cursor (a reload) or the queue's cursor.
  useEffect(() => {
    let stream = null;
    let stopped = false;
    (async () => {
      let cursor = null;
      try {
        cursor = await loadQueue();
      } catch (e) {
        notify("error", describeError(e, t));
      }
      loadApprovals();
      if (stopped) return;
      stream = openStream({
        startCursor: savedCursor() ?? cursor,
        onState: setStreamState,
        onFrame: async (frame) => {
          if (frame.type === "event") {
            const action = actionForEvent(frame.event);
            if (action) dispatch(action);
            // Something happened in the open conversation: refresh its facts, agreements and approvals too.
            const e = frame.event;
            const selected = selectedRef.current;
            if (selected && e && e.kind !== "handoff" && (e.handoffId === selected || (e.kind === "approval" && e.approval?.handoffId === selected))) refreshSoon();
          } else if (frame.type === "reset") {
            const fresh = await loadQueue().catch(() => null);
            await reloadDetail();
            stream?.restartFrom(fresh);
          }
        },
      });
    })();
    const initial = decodeURIComponent(location.hash.replace(/^#/, ""));
    if (initial) open(initial);
    return () => {
      stopped = true;
      stream?.close();
    };
  }, []);

  function open(id) {
    setClaimRefusal(null);
    dispatch({ type: "select", id });
    selectedRef.current = id;
    history.replaceState(null, "", `#${encodeURIComponent(id)}`);
    setView("desk");
    reloadDetail();
  }

  async function claim() {
    const id = selectedRef.current;
    if (!id) return;
    setClaimRefusal(null);
    try {
      const answer = await api.claim(id);
      if (answer?.handoff) dispatch({ type: "handoff", handoff: answer.handoff, change: "claimed" });
      await reloadDetail();
      document.getElementById("composer")?.focus();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.body.claimedBy?.id === agent.id) {
        // My own claim already went through (its answer was lost, or I pressed twice): it is mine.
        await reloadDetail();
        document.getElementById("composer")?.focus();
        return;
      }
      if (e instanceof ApiError && e.status === 409 && e.body.claimedBy) {
        setClaimRefusal(t("claim.taken", { name: e.body.claimedBy.displayName ?? e.body.claimedBy.id, time: clock(e.body.claimedAt, locale) }));
      } else if (e instanceof ApiError && e.status === 409) {
        setClaimRefusal(`${t("claim.takenSomeone")} — ${e.message}`);
      } else {
        notify("error", describeError(e, t));
      }
      reloadDetail();
    }
  }

  // Keyboard: Alt+Q queue, Alt+C claim, Alt+M composer (arrows and Enter in the queue itself).
  useEffect(() => {
    function onKey(event) {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.code === "KeyQ") {
        event.preventDefault();
        const rows = [...document.querySelectorAll(".queue-row")];
        (rows.find((r) => r.classList.contains("selected")) ?? rows[0])?.focus();
      } else if (event.code === "KeyC") {
        event.preventDefault();
        claim();
      } else if (event.code === "KeyM") {
        event.preventDefault();
        document.getElementById("composer")?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  // A new urgent conversation: a badge in the title until the agent looks at the page.
  useEffect(() => {
    document.title = desk.newUrgent > 0 ? `(${desk.newUrgent}) ${t("app.title")}` : t("app.title");
  }, [desk.newUrgent, t]);
  useEffect(() => {
    const seen = () => dispatch({ type: "seenUrgent" });
    window.addEventListener("focus", seen);
    return () => window.removeEventListener("focus", seen);
  }, []);
  useEffect(() => {
    if (view === "approvals") loadApprovals();
  }, [view]);

  async function signOut() {
    try {
      await api.signOut();
    } catch {
      /* the session may already be gone */
    }
    saveCursor(null);
    history.replaceState(null, "", location.pathname);
    onSignedOut();
  }

  const ctx = useMemo(() => ({ t, locale, api, agent, notify, dispatch }), [t, locale, api, agent, notify]);
  const detail = desk.detail && desk.detail.handoff.id === desk.selectedId ? desk.detail : null;
  const pendingApprovals = desk.approvals.length;
  const leave = () => {
    dispatch({ type: "select", id: null });
    history.replaceState(null, "", location.pathname);
    loadQueue().catch(() => {});
  };

  return html`<${Desk.Provider} value=${ctx}>
    <div class="desk">
      <header class="topbar">
        <strong class="brand">${t("app.brand")}</strong>
        <nav class="tabs">
          <button type="button" aria-pressed=${view === "desk" ? "true" : "false"} onClick=${() => setView("desk")}>${t("nav.desk")}</button>
          ${agent.role === "supervisor" &&
          html`<button type="button" id="nav-approvals" aria-pressed=${view === "approvals" ? "true" : "false"} onClick=${() => setView("approvals")}>
            ${t("nav.approvals")} ${pendingApprovals > 0 && html`<span class="count">${pendingApprovals}</span>`}
          </button>`}
          ${agent.role === "supervisor" &&
          html`<button type="button" id="nav-audit" aria-pressed=${view === "audit" ? "true" : "false"} onClick=${() => setView("audit")}>${t("nav.audit")}</button>`}
        </nav>
        <span class=${`stream stream-${streamState}`} role="status" data-stream=${streamState}>${t(`stream.${streamState}`)}</span>
        <span class="spacer"></span>
        <${LanguageSwitch} locale=${locale} setLocale=${setLocale} t=${t} />
        <span class="who-am-i">${t("header.signedInAs", { name: agent.displayName, role: t(`role.${agent.role}`) })}</span>
        <button type="button" onClick=${signOut}>${t("header.signOut")}</button>
      </header>
      ${view === "approvals"
        ? html`<${Approvals} approvals=${desk.approvals} reload=${loadApprovals} />`
        : view === "audit"
        ? html`<${AuditLog} />`
        : html`<div class="columns">
            <${Queue} handoffs=${desk.handoffs} selectedId=${desk.selectedId} now=${now} onOpen=${open} />
            ${detail
              ? html`<${Conversation} detail=${detail} now=${now} claimRefusal=${claimRefusal} onClaim=${claim} reload=${reloadDetail} onLeft=${leave} />
                  <${ContextPanel} detail=${detail} reload=${reloadDetail} />`
              : html`<section class="conversation empty-state"><p>${desk.selectedId ? t("conv.loading") : t("conv.empty")}</p></section><aside class="context"></aside>`}
          </div>`}
      <footer class="keys"><span>${t("keys.title")}:</span> ${t("keys.help")}</footer>
      <div class="sr-only" aria-live="assertive">${desk.newUrgent > 0 ? t("queue.newUrgent") : ""}</div>
      ${toast && html`<div class=${`toast toast-${toast.kind}`} role=${toast.kind === "error" ? "alert" : "status"} data-role="toast">${toast.text}</div>`}
    </div>
  </${Desk.Provider}>`;
}

function App() {
  const [locale, setLocaleState] = useState(initialLocale);
  const [catalog, setCatalog] = useState(null);
  const [session, setSession] = useState(undefined);
  const [notice, setNotice] = useState(null);
  const [bootError, setBootError] = useState(null);
  const api = useMemo(
    () =>
      createApi({
        onUnauthorized: () => {
          setSession(null);
          setNotice("expired");
        },
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    loadCatalog(locale)
      .then((c) => live && setCatalog(c))
      .catch((e) => live && setBootError(String(e.message ?? e)));
    document.documentElement.lang = locale;
    return () => {
      live = false;
    };
  }, [locale]);

  useEffect(() => {
    api
      .session()
      .then((s) => {
        api.setCsrf(s.csrfToken);
        setSession(s);
      })
      .catch((e) => {
        setSession(null);
        if (e instanceof ApiError && e.status === 503) setNotice(e.message);
      });
  }, [api]);

  const t = useMemo(() => translator(catalog ?? {}), [catalog]);
  useEffect(() => {
    if (catalog) document.title = t("app.title");
  }, [catalog]);
  const setLocale = (l) => {
    rememberLocale(l);
    setLocaleState(l);
  };

  if (bootError) return html`<p class="boot error" role="alert">${bootError}</p>`;
  if (!catalog || session === undefined) return html`<p class="boot">…</p>`;
  if (!session) {
    const message = notice === "expired" ? t("login.expired") : notice;
    return html`<div class="login-page">
      <header class="topbar"><strong class="brand">${t("app.brand")}</strong><span class="spacer"></span><${LanguageSwitch} locale=${locale} setLocale=${setLocale} t=${t} /></header>
      <${Login}
        t=${t}
        api=${api}
        notice=${message}
        onSignedIn=${(s) => {
          api.setCsrf(s.csrfToken);
          saveCursor(null);
          setNotice(null);
          setSession(s);
        }}
      />
    </div>`;
  }
  return html`<${DeskView}
    t=${t}
    locale=${locale}
    setLocale=${setLocale}
    api=${api}
    session=${session}
    onSignedOut=${() => {
      api.setCsrf(null);
      setNotice(null);
      setSession(null);
    }}
  />`;
}

const root = document.getElementById("app");
root.textContent = "";
root.removeAttribute("data-state");
render(html`<${App} />`, root);
