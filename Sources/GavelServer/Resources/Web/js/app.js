/* Gavel display: start-up and wiring. Picks the view from ?view= (speaker, hall, chair,
 * clock; hall by default), connects to gaveld, keeps the latest state, and draws from the
 * server clock when what it shows can change: around each second boundary of the clock and of
 * every running timer, and at once on a message, a resize or a status change; asleep between
 * (an idle display on a cheap screen costs a few frames a second, not sixty).
 * Parameters (the one-line help at the foot of the page lists them while the pointer moves):
 * ?view=…; chime=1|0 (the time-up chime for this display); hide=PART,PART (parts of the view
 * left out: PARTS lists each view's); thresholds=off (no warning or wrap-up colours: the digits
 * stay plain until time is up); mirror=1 (mirrored, for a confidence monitor read through
 * glass); lang=ar|zh|en|fr|ru|es (this display's language; else the daemon's
 * --display-language, said in its hello; else the browser's; js/i18n.js); redraw=always (every
 * animation frame, as before, for comparing the two).
 * Double-click for full screen; the mouse pointer hides after 3 s without movement.
 *
 * For tests and tools: #countdown carries data-remaining-ms (the remaining time it was drawn
 * from) and data-rendered-at (performance.now() of that frame); <html> carries
 * data-connection, data-view and data-synced; window.Gavel.app is the live object: its state is
 * the whole (gavel.v1-shaped) state the views draw, held the gavel.v2 messages it was put
 * together from, protocol the subprotocol of the connection, and view.alerts the alerts shown,
 * each with arrivedAt and shownAt on the server clock. */
"use strict";
(function (Gavel) {
  var V = Gavel.views;
  var I = Gavel.i18n;
  function t(key, params) { return I.t(key, params); }
  var VIEWS = ["speaker", "hall", "chair", "clock"];
  /* What each view asks gavel.v2 for besides the state: the chair draws every item's planned,
   * actual and projected times and the queue; the speaker and hall views name the current and
   * next items and the next speaker, so the plan and the queue are enough (they are not sent the
   * progress of every item with each change); the clock, the plan. */
  var TOPICS = {
    speaker: ["agenda", "queue"],
    hall: ["agenda", "queue"],
    chair: ["agenda", "progress", "queue", "budgets"],
    clock: ["agenda"]
  };

  /* The parts of each view that ?hide= may leave out ([data-part] in index.html). */
  var PARTS = {
    speaker: ["who", "context", "level", "next-speaker", "clock"],
    hall: ["header", "title", "clock", "speaker", "next-speaker", "secondary", "footer", "next", "schedule", "end"],
    chair: ["schedule", "clock", "agenda", "queue", "budgets", "alerts", "message"],
    clock: ["date", "zone"]
  };

  function params() {
    var result = {};
    var query = window.location.search.replace(/^\?/, "");
    if (!query) return result;
    query.split("&").forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf("=");
      var key = decodeURIComponent((i < 0 ? pair : pair.slice(0, i)).replace(/\+/g, " "));
      var value = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " "));
      result[key] = value;
    });
    return result;
  }

  /* Around a boundary: woken this long before it (a timer may fire a little late, and the
   * frame that shows the change is the first one after it), and drawing until this long after. */
  var WAKE_BEFORE_MS = 24;
  var DRAW_AFTER_MS = 20;

  function App() {
    var p = params();
    var requested = (p.view || "").toLowerCase();
    this.viewName = VIEWS.indexOf(requested) >= 0 ? requested : "hall";
    this.unknownView = p.view && VIEWS.indexOf(requested) < 0 ? p.view : null;
    this.params = p;
    /* The language: this display's own (?lang=), else the daemon's default (hello), else the
     * browser's. langFixed: the address chose it, and the hello does not change it. */
    this.langFixed = !!(p.lang && I.supported(p.lang));
    this.unknownLang = p.lang && !this.langFixed ? p.lang : null;
    this.language = this.langFixed ? I.supported(p.lang) : (I.browserLanguage() || "en");
    this.redrawAlways = p.redraw === "always";
    this.frameRequested = false;
    this.wakeTimer = null;
    this.drawUntil = 0;
    this.frames = 0;          /* frames drawn, for tests and tools */
    this.state = null;
    this.protocol = null;
    this.held = null;         /* gavel.v2: the latest agenda, progress, queue and state (live) */
    this.clock = new Gavel.ClockSync();
    this.view = null;
    this.needsUpdate = false;
    this.needsFit = true;
    this.lastTimerKey = null;
    this.lastLevel = null;
    this.chimed = {};
    this.messageText = null;
    this.flashSeenAt = null;  /* the chair's last flash this page acted on (or found too old) */
    /* Alerts arrive up to hello.alertLeadMs before their threshold and are shown at it: */
    this.pendingAlerts = [];  /* { alert, timer } until their `at` */
    this.presented = {};      /* keys of alerts shown, so that one sent again is shown once */
    this.presentedOrder = [];
  }

  App.prototype.start = function () {
    var self = this, html = document.documentElement;
    html.setAttribute("data-view", this.viewName);
    document.body.className = "view-" + this.viewName;

    var template = document.getElementById("view-" + this.viewName);
    var stage = document.getElementById("stage");
    stage.appendChild(document.importNode(template.content, true));
    this.view = { name: this.viewName, root: stage.firstElementChild, impl: Gavel.views[this.viewName], alerts: [], alertsShown: -1 };
    this.useLanguage(this.language);

    var problems = [];
    if (this.unknownView) problems.push(t("problem.view", { view: this.unknownView }));
    if (this.unknownLang) problems.push(t("problem.lang", { lang: this.unknownLang, codes: I.CODES.join(", ") }));
    problems = problems.concat(this.applySettings(html));
    if (problems.length) {
      var notice = document.getElementById("notice");
      notice.textContent = problems.join(" \u00B7 ");
      notice.hidden = false;
      setTimeout(function () { notice.hidden = true; }, 30000);
    }

    var button = document.getElementById("chime");
    this.chime = new Gavel.Chime(button);
    this.chime.load(this.params.chime);
    button.addEventListener("click", function () { self.chime.toggle(); });

    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    this.connection = new Gavel.Connection({
      url: scheme + window.location.host + "/ws?topics=" + TOPICS[this.viewName].join(","),
      path: "/ws?topics=" + TOPICS[this.viewName].join(","),
      servers: Gavel.Connection.serversFromQuery(window.location.search),
      clock: this.clock,
      onMessage: function (message) { self.onMessage(message); },
      onStatus: function (status) { self.onStatus(status); }
    });
    this.presence = new Gavel.Presence({
      connection: this.connection,
      clock: this.clock,
      // The console's preview says so: the technician's list should not count it as a screen.
      view: this.params.preview === "console" ? this.viewName + " (console preview)" : this.viewName,
      language: this.language
    });
    this.clock.onSample = function () { self.presence.onSync(); };
    this.onStatus("connecting");
    this.connection.start();

    window.addEventListener("resize", function () { self.needsFit = true; self.requestFrame(); });
    // The digits are fitted from their glyphs' widths: fit again once the served font is in,
    // or the first fit (made with a fallback's wider glyphs) would stay.
    if (document.fonts) {
      document.fonts.addEventListener("loadingdone", function () { self.needsFit = true; self.requestFrame(); });
      document.fonts.load("700 100px 'Gavel Digits'", "0123456789:+").then(function () {
        self.needsFit = true;
        self.requestFrame();
      },
        function () {});
    }
    // A screen in a hall shows no mouse pointer once nobody moves it.
    var idleTimer = null;
    var wake = function () {
      document.body.classList.remove("idle");
      clearTimeout(idleTimer);
      idleTimer = setTimeout(function () { document.body.classList.add("idle"); }, 3000);
    };
    document.addEventListener("mousemove", wake);
    wake();
    // Double-click (or double-tap) for full screen, where the browser allows it.
    document.getElementById("stage").addEventListener("dblclick", function () {
      var root = document.documentElement;
      var current = document.fullscreenElement || document.webkitFullscreenElement;
      var request = root.requestFullscreen || root.webkitRequestFullscreen;
      var exit = document.exitFullscreen || document.webkitExitFullscreen;
      try {
        var result = current ? (exit && exit.call(document)) : (request && request.call(root));
        if (result && result.catch) result.catch(function () { /* refused: stay as we are */ });
      } catch (e) { /* not supported */ }
    });
    this.requestFrame();
  };

  /* This display's own settings from its URL; returns what could not be understood, said. */
  App.prototype.applySettings = function (html) {
    var p = this.params, problems = [], parts = PARTS[this.viewName], root = this.view.root;
    if (p.hide) {
      p.hide.split(",").map(function (x) { return x.trim().toLowerCase(); }).filter(Boolean).forEach(function (name) {
        if (parts.indexOf(name) < 0) {
          problems.push(t("problem.part", { part: name, parts: parts.join(", ") }));
          return;
        }
        root.querySelectorAll('[data-part="' + name + '"]').forEach(function (el) { el.setAttribute("data-hidden-part", ""); });
      });
    }
    V.settings = { thresholds: true };
    if (p.thresholds != null) {
      if (p.thresholds === "off" || p.thresholds === "0") V.settings.thresholds = false;
      else if (p.thresholds !== "on" && p.thresholds !== "1") problems.push(t("problem.thresholds"));
    }
    if (p.mirror != null) {
      if (p.mirror === "1" || p.mirror === "on") html.setAttribute("data-mirror", "true");
      else if (p.mirror !== "0" && p.mirror !== "off") problems.push(t("problem.mirror"));
    }
    this.writeHelp();
    return problems;
  };

  App.prototype.writeHelp = function () {
    document.getElementById("help").textContent = "?view=speaker|hall|chair|clock \u00B7 hide=" + PARTS[this.viewName].join(",") +
      " \u00B7 thresholds=off \u00B7 mirror=1 \u00B7 chime=1 \u00B7 lang=" + I.CODES.join("|") + " \u00B7 " + t("help.fullScreen");
  };

  /* Speaks `code` from now on: the static labels, the direction, and everything drawn again. */
  App.prototype.useLanguage = function (code) {
    this.language = I.use(code);
    document.title = "Gavel \u2014 " + t("view." + this.viewName);
    // The countdown is one left-to-right run (digits as the UN writes them in every language);
    // right to left, its word ("over") stands before it, where an Arabic reader ends.
    var rtl = I.language.dir === "rtl";
    var countdowns = this.view.root.querySelectorAll(".countdown");
    for (var i = 0; i < countdowns.length; i++) {
      var c = countdowns[i], suffix = c.querySelector(".suffix");
      if (rtl) c.insertBefore(suffix, c.firstChild);
      else c.appendChild(suffix);
    }
    if (this.presence) this.presence.language = this.language;
    if (this.chime) this.chime.show();
    if (document.getElementById("help").textContent) this.writeHelp();
    var badge = document.getElementById("connection");
    if (badge.getAttribute("data-state")) this.onStatus(badge.getAttribute("data-state"));
    this.messageText = null;
    this.view.alertsShown = -1;
    this.view.lastSecond = null;
    this.needsUpdate = true;
    this.needsFit = true;
    this.requestFrame();
  };

  /* One frame, then the next one planned. */
  App.prototype.requestFrame = function () {
    var self = this;
    if (this.frameRequested) return;
    this.frameRequested = true;
    window.requestAnimationFrame(function () {
      self.frameRequested = false;
      try {
        self.frames++;
        self.frame();
      } finally {
        self.plan();
      }
    });
  };

  /* After a frame: another at once while something is pending or a boundary is being drawn;
   * else sleep until just before the next instant at which what is shown can change. */
  App.prototype.plan = function () {
    var self = this, now = this.serverNow();
    if (this.redrawAlways || this.needsUpdate || this.needsFit || now < this.drawUntil) {
      this.requestFrame();
      return;
    }
    var next = this.nextChange(now);
    clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(function () {
      self.wakeTimer = null;
      self.drawUntil = next + DRAW_AFTER_MS;
      self.requestFrame();
    }, Math.max(0, next - now - WAKE_BEFORE_MS));
  };

  /* The next instant (server ms) at which a drawn text can change. Everything a view draws
   * from the clock is whole seconds of the wall clock or of a running timer (counted from its
   * endsAt): the next second boundary of each. (Projected times, in minutes, slide with the
   * clock from the state's serverTime; drawn at the wall clock's next second they are at most
   * a second late, which a time shown to the minute does not show.) */
  App.prototype.nextChange = function (now) {
    var phases = [0], state = this.state;
    if (state) {
      [state.item, state.floor].forEach(function (timer) {
        if (timer && timer.running !== false && timer.endsAt != null) phases.push(timer.endsAt);
      });
    }
    var next = Infinity;
    phases.forEach(function (phase) {
      var offset = ((phase - now) % 1000 + 1000) % 1000;
      next = Math.min(next, now + (offset === 0 ? 1000 : offset));
    });
    return next;
  };

  App.prototype.serverNow = function () { return this.clock.now(); };

  App.prototype.onStatus = function (status) {
    var badge = document.getElementById("connection");
    document.documentElement.setAttribute("data-connection", status);
    // With the status, not a frame later: a new connection has reset the clock's sync (its
    // hello came first), and "connected" must not be read beside the old connection's "synced".
    V.setAttr(document.documentElement, "data-synced", this.clock.synced ? "true" : "false");
    badge.setAttribute("data-state", status);
    // Lost after it had been connected: every timer says NO LINK (views.renderTimer).
    V.linkLost = status === "reconnecting";
    badge.textContent = status === "reconnecting" ? t("connection.reconnecting") : status === "connecting" ? t("connection.connecting") : "";
    // A view with a timer says a lost link in its label, large (views.renderTimer); the small
    // badge is for the first connection, and for the clock, whose time of day stays right.
    badge.hidden = status === "connected" || (status === "reconnecting" && this.viewName !== "clock");
    if (status === "connected") this.needsUpdate = true;
    this.requestFrame();
  };

  App.prototype.onMessage = function (message) {
    var held = this.held;
    if (message.type === "hello") {
      // A new connection sends everything again: nothing held from the last one is kept.
      this.protocol = message.protocol || "gavel.v1";
      this.held = this.protocol === "gavel.v1" ? null : { agenda: null, progress: null, queue: null, budgets: null, live: null };
      if (this.viewName === "chair") this.loadAlertHistory();
      // The daemon's default language, for a display whose address names none.
      var told = !this.langFixed && message.displayLanguage && I.supported(message.displayLanguage);
      if (told && told !== this.language) this.useLanguage(told);
      this.presence.onHello();
    } else if (message.type === "state") {
      // gavel.v1 sends the whole picture every time; gavel.v2 a small state, after the topics'
      // messages of the same change, from which the whole picture is put together again.
      if (held) {
        held.live = message;
        this.state = Gavel.schedule.assemble(held);
      } else {
        this.state = message;
      }
      this.needsUpdate = true;
      this.dropVoidAlerts(message.seq);
    } else if (held && (message.type === "agenda" || message.type === "progress" || message.type === "queue" ||
        message.type === "budgets")) {
      // Drawn with the state that follows.
      held[message.type] = message;
    } else if (message.type === "alert") {
      this.onAlert(message);
    }
    // ack, error, tick and types we do not know: nothing to draw.
    if (this.needsUpdate) this.requestFrame();
  };

  /* An alert sent ahead waits for its instant on the server clock, unless a newer state voids it
   * first (the daemon then sends again the ones that still stand). */
  App.prototype.onAlert = function (alert) {
    var self = this;
    alert.arrivedAt = this.serverNow();
    var wait = alert.at - alert.arrivedAt;
    if (wait <= 0) {
      this.presentAlert(alert);
      return;
    }
    if (this.state && alert.stateSeq !== this.state.seq) return; // follows from a state already replaced
    var entry = { alert: alert, timer: null };
    entry.timer = setTimeout(function () {
      var i = self.pendingAlerts.indexOf(entry);
      if (i < 0) return;
      self.pendingAlerts.splice(i, 1);
      self.presentAlert(alert);
    }, wait);
    this.pendingAlerts.push(entry);
  };

  App.prototype.dropVoidAlerts = function (seq) {
    this.pendingAlerts = this.pendingAlerts.filter(function (entry) {
      if (entry.alert.stateSeq === seq) return true;
      clearTimeout(entry.timer);
      return false;
    });
  };

  function alertKey(alert) { return [alert.timer, alert.level, alert.reminder || 0, alert.at].join("|"); }

  /* The chair view's list of alerts comes from the daemon (GET /api/v1/alerts) on every
   * connection, so a reload or a late connection shows what already happened; alerts that
   * arrive meanwhile are kept after it. */
  App.prototype.loadAlertHistory = function () {
    var self = this;
    if (!window.fetch) return;
    window.fetch(this.connection.base() + "/api/v1/alerts?limit=50", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || !answer.alerts) return;
      var v = self.view, known = {};
      answer.alerts.forEach(function (alert) {
        var key = alertKey(alert);
        known[key] = true;
        if (!self.presented[key]) {
          self.presented[key] = true;
          self.presentedOrder.push(key);
        }
      });
      var later = v.alerts.filter(function (alert) { return !known[alertKey(alert)]; });
      v.alerts = answer.alerts.concat(later).slice(-50);
      v.alertsShown = -1;
      self.needsUpdate = true;
      self.requestFrame();
    }).catch(function () { /* the live alerts still come; the next connection asks again */ });
  };

  App.prototype.presentAlert = function (alert) {
    var key = alertKey(alert);
    if (this.presented[key]) return;
    this.presented[key] = true;
    this.presentedOrder.push(key);
    if (this.presentedOrder.length > 200) delete this.presented[this.presentedOrder.shift()];
    alert.shownAt = this.serverNow();
    var v = this.view;
    v.alerts.push(alert);
    if (v.alerts.length > 50) v.alerts.splice(0, v.alerts.length - 50);
    this.requestFrame();
    var p = V.primaryTimer(this.state);
    var shown = !(V.settings && V.settings.thresholds === false && (alert.level === "warning" || alert.level === "wrapUp"));
    if (p && p.kind === alert.timer && shown) {
      this.flash(alert.level);
      if (alert.level === "timeUp") this.maybeChime(this.timerKey(p));
    }
  };

  /* A short pulse of the whole view when a threshold is crossed (none when the viewer asked
   * for reduced motion; the CSS takes care of that). */
  App.prototype.flash = function (level) {
    var root = this.view.root;
    root.removeAttribute("data-flash");
    void root.offsetWidth; // restart the animation
    root.setAttribute("data-flash", level);
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(function () { root.removeAttribute("data-flash"); }, 2600);
  };

  App.prototype.timerKey = function (p) {
    if (!p) return null;
    var t = p.timer;
    return p.kind === "floor" ? "floor|" + t.speaker + "|" + t.grantedAt : "item|" + t.id + "|" + t.startedAt;
  };

  App.prototype.maybeChime = function (key) {
    if (!key || this.chimed[key]) return;
    this.chimed[key] = true;
    this.chime.play();
  };

  /* Which of the chair's messages, blackouts and flashes are for this view: everyone's are for
   * every view, the speaker's for the speaker view; the chair view sees all the messages
   * (marked when they are the speaker's) but is never blacked out, so the chair keeps control. */
  App.prototype.isFor = function (audience) {
    if (this.viewName === "chair") return true;
    return audience !== "speaker" || this.viewName === "speaker";
  };

  App.prototype.renderMessage = function () {
    var message = this.state && this.state.message && this.isFor(this.state.message.audience) ? this.state.message : null;
    var toSpeaker = !!message && message.audience === "speaker";
    var key = message ? (toSpeaker ? "speaker|" : "all|") + message.text : null;
    if (key === this.messageText) return;
    this.messageText = key;
    var box = document.getElementById("message");
    var body = document.body;
    if (message) {
      // The speaker reads "MESSAGE" whoever else sees it; the chair, whom it was for.
      var tag = "\u2709\uFE0E " + t(toSpeaker && this.viewName === "chair" ? "message.toSpeaker" : "message.tag");
      V.setText(document.getElementById("message-tag"), tag);
      V.setText(document.getElementById("message-text"), message.text);
      V.setAttr(box, "data-audience", message.audience || "everyone");
      box.hidden = false;
      body.classList.add("has-message");
    } else {
      box.hidden = true;
      body.classList.remove("has-message");
    }
    this.needsFit = true;
  };

  /* Blackout: pure black on the views it is for, the chair view keeping a small mark. */
  App.prototype.renderDisplays = function () {
    var displays = (this.state && this.state.displays) || {};
    var blackout = displays.blackout || null;
    var html = document.documentElement;
    var dark = !!blackout && this.viewName !== "chair" && this.isFor(blackout.audience);
    V.setAttr(html, "data-blackout", dark ? "true" : null);
    var mark = document.getElementById("blackout-mark");
    var marked = !!blackout && this.viewName === "chair";
    V.setText(mark, t(blackout && blackout.audience === "speaker" ? "blackout.speaker" : "blackout.all"));
    V.setAttr(mark, "hidden", marked ? null : true);
    this.renderFlash(displays.flash || null);
  };

  /* A display flashes for a flash it learns of within FLASH_FRESH_MS of it on the server clock
   * (set from hello before the first state, so right to a round trip even before it is synced;
   * not the state's serverTime, which is as old as the last change: a state is serialised once
   * for every display): one that connects later, or reconnects after a restart, sees an old
   * flash in its first state and stays still. Each flash is acted on once. */
  var FLASH_FRESH_MS = 3000, FLASH_MS = 2000;
  App.prototype.renderFlash = function (flash) {
    if (!flash || flash.at === this.flashSeenAt) return;
    this.flashSeenAt = flash.at;
    // The chair sees the speaker's messages, but a flash meant for the podium is not for it.
    var forThisView = this.viewName === "chair" ? flash.audience !== "speaker" : this.isFor(flash.audience);
    if (!forThisView || this.serverNow() - flash.at > FLASH_FRESH_MS) return;
    var html = document.documentElement, el = document.getElementById("flash");
    html.removeAttribute("data-display-flash");
    void el.offsetWidth; // restart the animation
    html.setAttribute("data-display-flash", flash.audience || "everyone");
    this.flashes = (this.flashes || 0) + 1;  /* for tests and tools */
    clearTimeout(this.displayFlashTimer);
    this.displayFlashTimer = setTimeout(function () { html.removeAttribute("data-display-flash"); }, FLASH_MS);
  };

  App.prototype.frame = function () {
    var v = this.view, state = this.state;
    var now = this.serverNow();
    V.setAttr(document.documentElement, "data-synced", this.clock.synced ? "true" : "false");
    V.renderClock(v, state, now);
    if (!state) {
      if (v.name === "clock" && this.needsFit) this.fit();
      return;
    }
    if (this.needsUpdate) {
      this.needsUpdate = false;
      this.renderMessage();
      this.renderDisplays();
      v.impl.update(v, state);
      this.needsFit = true;
    }
    var result = v.impl.frame(v, state, now);
    if (this.needsFit || (v.root.__fit) || (v.timerBlock && v.timerBlock.__fit)) this.fit();

    // The chime: the displayed timer crossing zero while it runs.
    var p = V.primaryTimer(state);
    var key = this.timerKey(p);
    if (result && key === this.lastTimerKey && p && V.isRunning(p.timer) &&
        result.level === "timeUp" && (this.lastLevel === "wrapUp" || this.lastLevel === "warning" || this.lastLevel === "normal")) {
      this.maybeChime(key);
    }
    this.lastTimerKey = key;
    this.lastLevel = result ? result.level : null;
  };

  App.prototype.fit = function () {
    var v = this.view;
    this.needsFit = false;
    V.fitWrapped(document.getElementById("message-text"), Math.round(2.5 * V.vmin()), Math.round(7 * V.vmin()));
    if (v.impl.fit) v.impl.fit(v);
    var block = v.name === "speaker" ? v.root : V.field(v.root, "timer");
    if (block) V.fitTimer(block);
    v.timerBlock = block;
    var big = V.field(v.root, "big-clock");
    if (big) V.fitToBox(big, V.field(v.root, "clock-box"));
  };

  Gavel.App = App;

  function boot() {
    Gavel.app = new App();
    Gavel.app.start();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})(window.Gavel = window.Gavel || {});
