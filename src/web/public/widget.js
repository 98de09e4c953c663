/* The borrower's chat page: fetches a Direct Line token from this site, then renders the official
 * Web Chat against this server's Direct Line endpoint. Texts come from the catalog in the page. */
(function () {
  "use strict";
  var catalog = JSON.parse(document.getElementById("xs-catalog").textContent);
  var LOCALES = ["zh-CN", "en"];

  function normalise(tag) {
    if (!tag) return null;
    if (/^en/i.test(tag)) return "en";
    if (/^zh/i.test(tag)) return "zh-CN";
    return null;
  }

  function initialLocale() {
    var fromQuery = normalise(new URLSearchParams(location.search).get("locale"));
    if (fromQuery) return fromQuery;
    var languages = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < languages.length; i++) {
      var l = normalise(languages[i]);
      if (l) return l;
    }
    return document.documentElement.getAttribute("data-default-locale") || "zh-CN";
  }

  var locale = initialLocale();
  var directLine = null;
  var userID = null;
  var host = document.getElementById("webchat");
  var status = document.getElementById("xs-status");

  function applyStrings() {
    var t = catalog[locale];
    document.documentElement.lang = locale;
    document.title = t.title;
    document.getElementById("xs-header").textContent = t.header;
    document.getElementById("xs-subheader").textContent = t.subheader;
    document.getElementById("xs-switch").setAttribute("aria-label", t.switchLabel);
    if (status && status.getAttribute("data-state") === "loading") status.textContent = t.loading;
    if (status && status.getAttribute("data-state") === "error") status.textContent = t.error;
    var buttons = document.querySelectorAll("[data-locale]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-locale") === locale));
    }
  }

  function render() {
    if (!directLine) return;
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: locale,
        userID: userID,
        styleOptions: {
          hideUploadButton: true,
          rootHeight: "100%",
          bubbleMaxWidth: 560,
          // Card titles wrap instead of being cut off; suggested actions wrap instead of scrolling under arrows.
          richCardWrapTitle: true,
          suggestedActionLayout: "flow",
        },
      },
      host,
    );
  }

  /*
   * A reload, or another tab of this page, resumes the same conversation: its id, token and user id
   * are kept in localStorage (sessionStorage is per tab) for as long as the token lives, and Web Chat
   * reconnects to it, replaying the transcript from the start. An expired or refused token starts afresh.
   */
  var SAVED = "xs.conversation";
  var MAX_AGE_MS = 25 * 60 * 1000;

  function loadSaved() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(SAVED) || "null");
      if (saved && saved.conversationId && saved.token && saved.userId && Date.now() - saved.savedAt < MAX_AGE_MS) return saved;
    } catch (e) {
      /* storage unavailable or unreadable: start afresh */
    }
    forget();
    return null;
  }

  function save() {
    if (!directLine || !directLine.conversationId || !directLine.token) return;
    try {
      window.localStorage.setItem(SAVED, JSON.stringify({ conversationId: directLine.conversationId, token: directLine.token, userId: userID, savedAt: Date.now() }));
    } catch (e) {
      /* private mode: the conversation simply does not survive a reload */
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(SAVED);
    } catch (e) {
      /* nothing to forget */
    }
  }

  function connect(options, resumed) {
    directLine = window.WebChat.createDirectLine(options);
    directLine.connectionStatus$.subscribe(function (state) {
      // 2 = online: remember it; 3 = failed to connect, 4 = token expired: a resumed one starts afresh.
      if (state === 2) save();
      if ((state === 3 || state === 4) && resumed) {
        forget();
        location.reload();
      }
    });
    if (status) status.hidden = true;
    render();
  }

  window.setInterval(save, 60 * 1000); // DirectLineJS refreshes the token; keep the newest one
  window.addEventListener("pagehide", save);

  function setLocale(next) {
    if (LOCALES.indexOf(next) < 0 || next === locale) return;
    locale = next;
    var url = new URL(location.href);
    url.searchParams.set("locale", locale);
    history.replaceState(null, "", url.toString());
    applyStrings();
    render();
  }

  var switches = document.querySelectorAll("[data-locale]");
  for (var i = 0; i < switches.length; i++) {
    switches[i].addEventListener("click", function (event) {
      setLocale(event.currentTarget.getAttribute("data-locale"));
    });
  }
  applyStrings();

  var saved = loadSaved();
  if (saved) {
    userID = saved.userId;
    connect({ token: saved.token, conversationId: saved.conversationId, domain: location.origin + "/v3/directline" }, true);
  } else {
    fetch("/api/widget/token", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}", credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error("token " + res.status);
        return res.json();
      })
      .then(function (t) {
        userID = t.userId;
        connect({ token: t.token, domain: location.origin + "/v3/directline", conversationStartProperties: { locale: locale } }, false);
      })
      .catch(function () {
        if (status) {
          status.setAttribute("data-state", "error");
          status.textContent = catalog[locale].error;
        }
      });
  }
})();
