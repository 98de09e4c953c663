/* Sign in: agent ID and password; the server's refusal shown in words. */
import { html, useState, useEffect, useRef } from "./vendor/preact-htm.js";
import { ApiError } from "./api.js";

export function Login({ t, api, onSignedIn, notice }) {
  const [agentId, setAgentId] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(notice ?? null);
  const first = useRef(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.signIn(agentId.trim(), password);
      setPassword("");
      onSignedIn(answer);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError(t("login.failed"));
      else if (e instanceof ApiError && e.status === 429) setError(t("login.throttled"));
      else if (e instanceof ApiError && e.status === 503) setError(e.message);
      else if (e instanceof ApiError && e.status === 0) setError(t("error.network"));
      else setError(t("error.generic", { status: e.status ?? "?", message: e.message }));
    } finally {
      setBusy(false);
    }
  }

  return html`<main class="login">
    <form class="login-card" onSubmit=${submit} aria-labelledby="login-title">
      <h1 id="login-title">${t("login.title")}</h1>
      <label>${t("login.agentId")}
        <input ref=${first} name="agentId" autocomplete="username" required value=${agentId} onInput=${(e) => setAgentId(e.currentTarget.value)} />
      </label>
      <label>${t("login.password")}
        <input name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
      </label>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" class="primary" disabled=${busy}>${busy ? t("login.busy") : t("login.submit")}</button>
    </form>
  </main>`;
}
