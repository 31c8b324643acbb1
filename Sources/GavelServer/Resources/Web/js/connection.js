/* Gavel display: the WebSocket to gaveld (docs/protocol.md). It offers gavel.v2 first and
 * gavel.v1 beside it, so that the page still works against a daemon that knows only v1; the
 * hello says which one the daemon chose.
 *
 * Reconnects with exponential backoff and jitter (half of each delay fixed, half random, so a
 * hall full of displays does not reconnect in lockstep after a daemon restart). Every new connection gets a full state from the server and resyncs the
 * clock. A heartbeat notices within seconds a link that died without a close (a pulled cable, a
 * hung daemon): a ping every 4 s, and a link that has said nothing for 2.5 s after one is
 * dropped and reconnected, the page showing meanwhile that its numbers are not confirmed. A
 * connection attempt that gets no hello within 5 s (a daemon that accepts but does not
 * answer) is dropped and tried again. */
"use strict";
(function (Gavel) {
  /* Newest first: the daemon binds the first of these it speaks. */
  var PROTOCOLS = ["gavel.v2", "gavel.v1"];

  function Connection(options) {
    this.url = options.url;
    this.clock = options.clock;
    this.onMessage = options.onMessage || function () {};
    this.onStatus = options.onStatus || function () {};
    this.baseDelayMs = options.baseDelayMs || 500;
    this.maxDelayMs = options.maxDelayMs || 10000;
    this.heartbeatMs = options.heartbeatMs || 4000;
    /* How long a ping may go without a word back: pongs come in milliseconds, states sooner. */
    this.answerMs = options.answerMs || 2500;
    this.helloMs = options.helloMs || 5000;
    this.answerTimer = null;
    this.helloTimer = null;
    this.socket = null;
    this.attempt = 0;
    this.everConnected = false;
    this.lastHeard = 0;
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
    this.status = "connecting";
    var self = this;
    this.clock.send = function (message) { return self.send(message); };
  }

  Connection.prototype.setStatus = function (status) {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status);
  };

  Connection.prototype.send = function (message) {
    if (!this.socket || this.socket.readyState !== 1) return false;
    try {
      this.socket.send(JSON.stringify(message));
      return true;
    } catch (e) {
      return false;
    }
  };

  Connection.prototype.start = function () {
    var self = this;
    this.connect();
    this.heartbeatTimer = setInterval(function () { self.heartbeat(); }, this.heartbeatMs);
  };

  Connection.prototype.connect = function () {
    var self = this;
    this.reconnectTimer = null;
    this.setStatus(this.everConnected ? "reconnecting" : "connecting");
    var socket;
    try {
      socket = new WebSocket(this.url, PROTOCOLS);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    clearTimeout(this.helloTimer);
    this.helloTimer = setTimeout(function () {
      if (self.socket === socket && self.status !== "connected") self.drop();
    }, this.helloMs);
    socket.onopen = function () {
      if (self.socket !== socket) return;
      self.lastHeard = Gavel.localNow();
    };
    socket.onmessage = function (event) {
      if (self.socket !== socket) return;
      var t3 = Gavel.localNow();
      self.lastHeard = t3;
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (!message || typeof message.type !== "string") return;
      if (message.type === "hello") {
        // A new server timeline (it may have restarted): start the clock over, then resync.
        self.attempt = 0;
        self.everConnected = true;
        clearTimeout(self.helloTimer);
        self.clock.reset(message.serverTime);
        self.clock.burst();
        self.setStatus("connected");
        if (message.readTokenRequired) self.presentReadToken();
      } else if (message.type === "error" && message.id === "auth") {
        // The token kept was refused (a new one was made): ask again on the next connection.
        forgetReadToken();
      } else if (message.type === "pong") {
        self.clock.onPong(message, t3);
        return;
      } else if (message.serverTime != null) {
        self.clock.check(message.serverTime);
      }
      self.onMessage(message, t3);
    };
    socket.onclose = function () {
      if (self.socket !== socket) return;
      self.socket = null;
      clearTimeout(self.answerTimer);
      self.clock.cancel();
      self.scheduleReconnect();
    };
    socket.onerror = function () { /* onclose follows */ };
  };

  /* gaveld --read-token: a meeting that is not public sends nothing but its hello until the
   * display presents a token (any level's; STATE_DIR/token-read is the displays'). It is asked
   * for once and kept in this browser's localStorage, never in the page's address. */
  var READ_TOKEN_KEY = "gavel.readToken";

  function forgetReadToken() {
    try { window.localStorage.removeItem(READ_TOKEN_KEY); } catch (e) { /* storage off */ }
  }

  Connection.prototype.presentReadToken = function () {
    var token = null;
    try { token = window.localStorage.getItem(READ_TOKEN_KEY); } catch (e) { /* storage off */ }
    if (!token && typeof window.prompt === "function") {
      var ask = window.Gavel && Gavel.i18n ? Gavel.i18n.t("connection.readToken") : "connection.readToken";
      token = window.prompt(ask);
      token = token ? token.trim() : null;
      if (token) {
        try { window.localStorage.setItem(READ_TOKEN_KEY, token); } catch (e) { /* storage off */ }
      }
    }
    if (token) this.send({ type: "auth", token: token });
  };

  Connection.prototype.scheduleReconnect = function () {
    var self = this;
    if (this.reconnectTimer) return;
    this.setStatus(this.everConnected ? "reconnecting" : "connecting");
    var ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * Math.pow(2, this.attempt));
    var delay = ceiling / 2 + Math.random() * ceiling / 2;
    this.attempt = Math.min(this.attempt + 1, 16);
    this.reconnectTimer = setTimeout(function () { self.connect(); }, delay);
  };

  /* A ping every beat: a sample for the clock, and a question the daemon answers at once. A
   * link silent for `answerMs` after it is gone even if the socket has not noticed (a hung
   * daemon, a dead network path): drop it and reconnect; the page marks its numbers stale. */
  Connection.prototype.heartbeat = function () {
    var self = this;
    if (!this.socket || this.socket.readyState !== 1 || this.status !== "connected") return;
    var asked = Gavel.localNow();
    this.clock.ping();
    clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(function () {
      if (self.lastHeard < asked) self.drop();
    }, this.answerMs);
  };

  /* Gives up on the current socket (it may still be open at our end) and reconnects. */
  Connection.prototype.drop = function () {
    var socket = this.socket;
    this.socket = null;
    clearTimeout(this.answerTimer);
    clearTimeout(this.helloTimer);
    if (socket) {
      try { socket.close(); } catch (e) { /* already closing */ }
    }
    this.clock.cancel();
    this.scheduleReconnect();
  };

  Gavel.Connection = Connection;
})(window.Gavel = window.Gavel || {});
