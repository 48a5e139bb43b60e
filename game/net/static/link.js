// The page's connection to the host: one WebSocket on /ws (docs/network.md), joined with the
// team's code; after a drop it reconnects by itself (waiting a little longer each time) with the
// same code and device id, and the host sends the whole current view again. A move keeps its id
// until the host acknowledges it: moves not acknowledged when the connection dropped are sent
// again with the same id, which the host never applies twice.

export const VERSION = 1;

export class Link {
  /**
   * @param {object} handlers  message(m), state(s: "connecting" | "open" | "lost" | "stopped")
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = null;
    this.code = null;
    this.language = "en";
    this.device = null;
    this.joined = false;
    this.stopped = true;
    this.failures = 0;
    this.timer = null;
    this.pending = new Map(); // id → message (act), in the order sent
    this.holdUntil = 0;
  }

  start(code, language, device) {
    this.code = code;
    this.language = language;
    this.device = device || null;
    this.stopped = false;
    this.failures = 0;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.pending.clear();
    if (this.socket) this.socket.close(1000, "left");
    this.socket = null;
    this.handlers.state("stopped");
  }

  open() {
    clearTimeout(this.timer);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/ws`);
    this.socket = socket;
    this.joined = false;
    this.handlers.state("connecting");
    socket.onopen = () => {
      const hello = { type: "hello", version: VERSION, code: this.code, language: this.language };
      if (this.device) hello.device = this.device;
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      if (message.type === "welcome") {
        this.joined = true;
        this.failures = 0;
        this.device = message.device;
        this.handlers.state("open");
        for (const pending of this.pending.values()) socket.send(JSON.stringify(pending));
      }
      if (message.type === "ack" || (message.type === "error" && message.id)) this.pending.delete(message.id);
      this.handlers.message(message);
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (event.code === 1008) { // refused by the host (removed, too many tries): do not insist
        this.stopped = true;
        this.handlers.state("stopped", event.reason);
        return;
      }
      this.failures += 1;
      this.handlers.state("lost");
      const wait = Math.max(this.holdUntil - performance.now(),
        Math.min(8000, 400 * 2 ** Math.min(this.failures, 5)) * (0.75 + Math.random() / 2));
      this.timer = setTimeout(() => this.open(), wait);
    };
  }

  /** Send now if joined; a move (``act``) is kept until its ack and sent again after a drop. */
  send(message) {
    const full = { version: VERSION, ...message };
    if (full.type === "act") this.pending.set(full.id, full);
    if (this.socket && this.joined && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(full));
      return true;
    }
    return false;
  }

  /** Close the connection as a drop would, and stay away for ``pause`` ms at least (the tests
   * use it: the page reconnects by itself). */
  drop(pause = 0) {
    this.holdUntil = performance.now() + pause;
    if (this.socket) this.socket.close(4000, "dropped");
  }
}
