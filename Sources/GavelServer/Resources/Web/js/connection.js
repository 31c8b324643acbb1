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

  /* ?servers=a,b: a room's primary gaveld and its standbys, as URLs or host:port; each becomes
   * the base of its HTTP URLs (http://host:port). Empty when the page names none: it talks to
   * the server it was loaded from, as it always did. */
  function serversFromQuery(search) {
    var match = /[?&]servers=([^&]*)/.exec(search || "");
    if (!match) return [];
    var list = [];
    decodeURIComponent(match[1]).split(",").forEach(function (text) {
      var base = normaliseServer(text);
      if (base && list.indexOf(base) < 0) list.push(base);
    });
    return list;
  }

  function normaliseServer(text) {
    text = String(text || "").trim();
    if (!text) return null;
    if (!/^[a-z]+:\/\//i.test(text)) text = "http://" + text;
    var match = /^(https?|wss?):\/\/([^\/?#]+)/i.exec(text);
    if (!match) return null;
    var secure = /^(https|wss)$/i.test(match[1]);
    return (secure ? "https://" : "http://") + match[2].toLowerCase();
  }

  /* What a server says of itself (GET /api/v1/leader): {role, leader}. A server without the
   * path (404) leads alone; one that cannot be asked from this page (down, or too old to allow
   * other origins to read it) is "unknown", and its WebSocket decides. */
  function askLeader(base, timeoutMs) {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, timeoutMs);
    return window.fetch(base + "/api/v1/leader", { cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (response.status === 404) return { role: "single" };
        return response.json().then(function (answer) {
          if (response.status === 503 || (answer && answer.code === "notLeader")) {
            return { role: "standby", leader: answer && answer.leader };
          }
          return answer && typeof answer.role === "string" ? answer : { role: "unknown" };
        });
      })
      .catch(function () { return { role: "unknown" }; })
      .then(function (answer) { clearTimeout(timer); return answer; });
  }

  function Connection(options) {
    this.path = options.path || "";
    this.servers = options.servers || [];
    this.serverIndex = 0;
    /* Servers tried since the last that said hello: a whole round of failures backs off. */
    this.failedInRound = 0;
    /* How often the server in use is asked whether it still leads. */
    this.leaderCheckMs = options.leaderCheckMs || 10000;
    this.lastLeaderCheck = 0;
    this.onServer = options.onServer || function () {};
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

  /* The HTTP base of the server in use: "" (the page's own) unless ?servers= named several. */
  Connection.prototype.base = function () {
    return this.servers.length ? this.servers[this.serverIndex] : "";
  };

  /* The next server of the list, after the one in use went away or said it is a standby. */
  Connection.prototype.advance = function () {
    if (this.servers.length < 2) return;
    this.serverIndex = (this.serverIndex + 1) % this.servers.length;
    this.failedInRound += 1;
  };

  /* Moves to `base` (a standby's hint, or a command's refusal naming the leader). */
  Connection.prototype.moveTo = function (base) {
    base = normaliseServer(base);
    if (!base) return;
    if (this.servers.indexOf(base) < 0) this.servers.push(base);
    this.serverIndex = this.servers.indexOf(base);
  };

  /* With several servers: asks the candidate who leads, following a standby's hint, then opens
   * the WebSocket to the one found (or to the candidate, whose WebSocket then decides). */
  Connection.prototype.connect = function () {
    var self = this;
    this.reconnectTimer = null;
    this.setStatus(this.everConnected ? "reconnecting" : "connecting");
    if (!this.servers.length) {
      this.open(this.url);
      return;
    }
    var hops = 0;
    var ask = function () {
      var base = self.servers[self.serverIndex];
      askLeader(base, 1500).then(function (answer) {
        if (answer.role === "standby" && hops < self.servers.length) {
          hops += 1;
          if (answer.leader && normaliseServer(answer.leader) !== base) self.moveTo(answer.leader);
          else self.advance();
          ask();
          return;
        }
        self.open(self.servers[self.serverIndex].replace(/^http/, "ws") + self.path);
      });
    };
    ask();
  };

  Connection.prototype.open = function (url) {
    var self = this;
    var socket;
    this.onServer(this.base());
    try {
      socket = new WebSocket(url, PROTOCOLS);
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
        self.failedInRound = 0;
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
      self.advance();
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
    if (this.servers.length > 1 && this.failedInRound > 0 && this.failedInRound < this.servers.length) {
      // Another server of the room is waiting: try it at once, back off only after a round.
      delay = 100 + Math.random() * 150;
    } else {
      this.failedInRound = 0;
      this.attempt = Math.min(this.attempt + 1, 16);
    }
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
    if (this.servers.length > 1 && asked - this.lastLeaderCheck >= this.leaderCheckMs) {
      // Still the leader? A primary that lost its lease says standby: move to the one that leads.
      this.lastLeaderCheck = asked;
      var socket = this.socket;
      askLeader(this.base(), 1500).then(function (answer) {
        if (self.socket !== socket || answer.role !== "standby") return;
        if (answer.leader) self.moveTo(answer.leader); else self.advance();
        self.drop(true);
      });
    }
    clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(function () {
      if (self.lastHeard < asked) self.drop();
    }, this.answerMs);
  };

  /* Gives up on the current socket (it may still be open at our end) and reconnects: to the
   * next server of the list unless `moved` (the caller chose it already). */
  Connection.prototype.drop = function (moved) {
    var socket = this.socket;
    if (!moved) this.advance();
    this.socket = null;
    clearTimeout(this.answerTimer);
    clearTimeout(this.helloTimer);
    if (socket) {
      try { socket.close(); } catch (e) { /* already closing */ }
    }
    this.clock.cancel();
    this.scheduleReconnect();
  };

  Connection.serversFromQuery = serversFromQuery;
  Connection.askLeader = askLeader;
  Gavel.Connection = Connection;
})(window.Gavel = window.Gavel || {});
