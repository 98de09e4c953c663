/* The desk's WebSocket (/agent/api/stream): resumes from the last cursor it saw, which is kept in
 * sessionStorage so that a reload continues where the page left off (nothing lost, duplicates
 * are dropped by id in the reducer). */
const CURSOR_KEY = "xs-agent-cursor";

export function savedCursor() {
  try {
    return sessionStorage.getItem(CURSOR_KEY);
  } catch {
    return null;
  }
}

export function saveCursor(cursor) {
  try {
    if (cursor) sessionStorage.setItem(CURSOR_KEY, cursor);
    else sessionStorage.removeItem(CURSOR_KEY);
  } catch {
    /* storage may be off */
  }
}

/**
 * Opens the stream from `startCursor`; `onFrame` gets hello/event/reset frames, `onState`
 * "connecting" | "live" | "reconnecting". Reconnects with back-off from the last cursor.
 */
export function openStream({ startCursor, onFrame, onState }) {
  let cursor = startCursor ?? null;
  let socket = null;
  let stopped = false;
  let attempt = 0;
  let timer = null;

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    onState(attempt === 0 ? "connecting" : "reconnecting");
    socket = new WebSocket(`${scheme}//${location.host}/agent/api/stream${query}`);
    socket.onmessage = (message) => {
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (frame.type === "hello") {
        attempt = 0;
        if (!cursor && frame.cursor) cursor = frame.cursor;
        onState("live");
      }
      if (frame.type === "event" && frame.cursor) cursor = frame.cursor;
      saveCursor(cursor);
      onFrame(frame);
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      onState("reconnecting");
      const delay = Math.min(5000, 250 * 2 ** attempt);
      attempt += 1;
      timer = setTimeout(connect, delay);
    };
  }

  connect();
  return {
    /** After a `reset`: continue from a fresh cursor (from GET /handoffs). */
    restartFrom(next) {
      cursor = next ?? null;
      saveCursor(cursor);
      if (socket) socket.close();
    },
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (socket) socket.close();
    },
  };
}
