/* Gavel: the chair's console (/console). Every command of `gavel` as a button or a short form.
 *
 * Signing in: the control token, asked once and kept in sessionStorage (gone with the tab; never
 * in the URL, where logs and history keep it, and never logged), or a pairing code exchanged at
 * POST /api/v1/pair for a token and its level ("chair" or "secretariat"; a daemon without
 * pairing answers 404 and the console says so). A secretariat console hides the clocks' actions
 * (the daemon refuses them all the same, with `forbidden`, which the console would show).
 *
 * The meeting comes over /ws (gavel.v2, topics agenda, progress and queue), assembled into the
 * whole state by js/schedule.js as on the display page; the WebSocket authenticates with `auth`
 * only to tell a wrong token at once. Commands go to POST /api/v1/commands, each with a fresh id
 * and the state the chair saw (`expect`, as `gavel` sends it: the current item for next,
 * previous, extend, trim and end item; the speaker on the floor for floor extend and yield, next
 * speaker, an interruption and a return). Two consoles pressing "next" at once advance one item:
 * the second is refused `staleState` and shows the daemon's words. A request whose connection
 * drops is sent once more with the same id and body: the daemon answers a known id from its
 * journal instead of applying it twice (CommandExchange's rule).
 *
 * The agenda is edited live (agendaInsert, agendaRemove, agendaMove, agendaRetitle, agendaRetime:
 * items that have not started; the daemon refuses the running one with `itemStarted`, shown like
 * any error). The plan to end on time is asked of GET /api/v1/plan and accepted with planAccept
 * after a confirmation; the current item's budgets come from the `budgets` topic, adjusted with
 * budgetAdd (take: true to take) and budgetTransfer. The level shown is the daemon's: the pair
 * answer's, or the `auth` ack's `level` for a typed token.
 *
 * Every value is set as text, never as HTML. Words come from the display's tables (js/i18n/). */
"use strict";
(function (Gavel) {
  var TOKEN_KEY = "gavel.controlToken";
  var LEVEL_KEY = "gavel.controlLevel";
  var PRESETS = [["wrap-up", "console.presetWrapUp"], ["one-minute", "console.presetOneMinute"],
    ["time-up", "console.presetTimeUp"], ["slow-down", "console.presetSlowDown"],
    ["speak-up", "console.presetSpeakUp"], ["silence-phones", "console.presetSilencePhones"],
    ["take-seats", "console.presetTakeSeats"]];
  /* Commands whose rule the chair may set aside (docs/speakers.md). */
  var OVERRIDABLE = { floorGrant: true, listAdd: true, interrupt: true };
  /* What each command expects of the state the chair saw, as `gavel` does. */
  var EXPECTS_ITEM = { next: true, previous: true, extend: true, trim: true, endItem: true };
  var EXPECTS_SPEAKER = { floorExtend: true, floorYield: true, queueNext: true, interrupt: true, floorReturn: true };
  /* The words that name each command in "Done: …". */
  var ACTION_LABELS = {
    start: "console.start", next: "console.next", previous: "console.previous", goto: "console.goto",
    pause: "console.pause", resume: "console.resume", extend: "console.extend", trim: "console.trim",
    endItem: "console.endItem", endMeeting: "console.endMeeting", floorGrant: "console.grant",
    floorExtend: "console.floorExtend", floorPause: "console.floorPause", floorResume: "console.floorResume",
    floorYield: "console.floorYield", floorReturn: "console.return", interrupt: "console.interrupt",
    queueNext: "console.nextSpeaker", listAdd: "console.add", queueRemove: "console.remove",
    queueMove: "console.move", listClose: "console.listClose", listReopen: "console.listReopen",
    showMessage: "console.show", clearMessage: "console.clear", blackout: "console.blackout",
    endBlackout: "console.endBlackout", flash: "console.flash",
    agendaInsert: "console.agendaInsert", agendaRemove: "console.removeItem", agendaMove: "console.move",
    agendaRetitle: "console.edit", agendaRetime: "console.edit", planAccept: "console.acceptPlan",
    budgetAdd: "console.budgetAdd", budgetTransfer: "console.budgetTransfer"
  };
  /* The built-in packs' speech types (GavelCore's RulesPack), for an agenda that names no pack
   * of its own: the canonical agenda leaves the default (un-ga) out. */
  var PACKS = {
    "un-ga": [["statement", "Statement", "list"], ["reply", "Right of reply", "endOfItem"],
      ["point-of-order", "Point of order", "interruption"], ["question", "Interposed question", "interruption"],
      ["eov-before", "Explanation of vote before the vote", "list"],
      ["eov-after", "Explanation of vote after the vote", "list"]],
    "panel": [["panellist", "Panellist", "list"], ["moderator", "Moderator", "list"],
      ["question", "Question from the floor", "list"]]
  };
  var SPEECH_LABELS = {
    "Statement": "speech.statement", "Right of reply": "speech.reply", "Point of order": "speech.pointOfOrder",
    "Interposed question": "speech.question", "Explanation of vote before the vote": "speech.eovBefore",
    "Explanation of vote after the vote": "speech.eovAfter", "Panellist": "speech.panellist",
    "Moderator": "speech.moderator", "Question from the floor": "speech.floorQuestion"
  };

  function t(key, params) { return Gavel.i18n.t(key, params); }
  function $(id) { return document.getElementById(id); }
  function speechName(name) { return name ? (SPEECH_LABELS[name] ? t(SPEECH_LABELS[name]) : name) : ""; }

  function stored(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try {
      if (value == null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
    } catch (e) { /* storage off: kept for this load only */ }
  }

  /* A command id: 16 random bytes. crypto.randomUUID needs a secure context, which a tablet on
   * the hall's network reaching http://192.0.2.7:8417 is not; getRandomValues works anywhere. */
  function freshID() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "console-" + Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function Console() {
    this.token = stored(TOKEN_KEY);
    this.level = stored(LEVEL_KEY) || "chair";
    this.memoryToken = null;   /* when sessionStorage is off */
    this.clock = new Gavel.ClockSync();
    this.connection = null;
    this.held = null;
    this.state = null;
    this.speechTypes = PACKS["un-ga"];
    this.lastAnswer = null;
    this.budgets = null;
    this.plan = null;
  }

  /* The HTTP base of the server the console talks to ("" for the page's own). */
  Console.prototype.base = function () {
    return this.connection ? this.connection.base() : "";
  };

  Console.prototype.start = function () {
    var self = this;
    var asked = /[?&]lang=([^&]*)/.exec(window.location.search);
    this.language = Gavel.i18n.use((asked && Gavel.i18n.supported(decodeURIComponent(asked[1]))) ||
      Gavel.i18n.browserLanguage() || "en");
    this.decorateKeys();
    this.buildPresets();
    this.bind();
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.connection = new Gavel.Connection({
      url: scheme + "//" + window.location.host + "/ws?topics=agenda,progress,queue,budgets",
      path: "/ws?topics=agenda,progress,queue,budgets",
      servers: Gavel.Connection.serversFromQuery(window.location.search),
      clock: this.clock,
      onMessage: function (message) { self.onMessage(message); },
      onStatus: function (status) { self.onStatus(status); }
    });
    if (this.currentToken()) this.showDesk(); else this.askForToken(t("console.enterToken"), false);
    this.connection.start();
    this.showAnswer("none", "", "");
    setInterval(function () { self.tick(); }, 200);
    this.fitPreview();
    window.addEventListener("resize", function () { self.fitPreview(); });
    // The display shows its one-line help until nobody has moved a mouse over it for a while;
    // nobody ever does over the preview (pointer-events: none), so it is idle from the start.
    $("preview").addEventListener("load", function () {
      try { $("preview").contentDocument.body.classList.add("idle"); } catch (e) { /* not loaded */ }
    });
  };

  Console.prototype.currentToken = function () { return stored(TOKEN_KEY) || this.memoryToken; };

  /* --- Signing in ------------------------------------------------------------------------- */

  Console.prototype.askForToken = function (why, problem) {
    store(TOKEN_KEY, null);
    store(LEVEL_KEY, null);
    this.memoryToken = null;
    document.body.setAttribute("data-signed-in", "false");
    $("login").hidden = false;
    $("desk").hidden = true;
    $("signout").hidden = true;
    $("level-badge").hidden = true;
    $("preview").removeAttribute("src");
    var status = $("login-status");
    status.textContent = why || "";
    status.className = "login-status" + (problem ? " problem" : "");
    $("token").focus();
  };

  Console.prototype.signIn = function (token, level) {
    store(TOKEN_KEY, token);
    store(LEVEL_KEY, level);
    this.memoryToken = stored(TOKEN_KEY) ? null : token;
    this.level = level;
    this.showDesk();
    // Checked at once on the live connection: a wrong token is told now, not at the first action.
    this.authenticate();
  };

  /* The level is the daemon's (the pair answer, the auth ack): until it is told, none is shown. */
  Console.prototype.showDesk = function () {
    var known = stored(LEVEL_KEY) || (this.memoryToken ? this.level : null);
    this.level = known || "chair";
    document.body.setAttribute("data-signed-in", "true");
    document.body.setAttribute("data-level", known || "unknown");
    $("login").hidden = true;
    $("desk").hidden = false;
    $("signout").hidden = false;
    var badge = $("level-badge");
    badge.hidden = !known;
    badge.textContent = t(this.level === "secretariat" ? "console.levelSecretariat" :
      this.level === "read" ? "console.levelRead" : "console.levelChair");
    $("secretariat-note").hidden = this.level !== "secretariat";
    if (!$("preview").getAttribute("src")) $("preview").setAttribute("src", "/?view=speaker&preview=console&lang=" + this.language);
    this.renderBudgets();
    this.fitPreview();
    this.render();
  };

  /* The preview is the speaker view of a 1280x720 monitor, scaled to its card, so that it shows
   * what the podium shows rather than the display page's layout for a thumbnail. */
  Console.prototype.fitPreview = function () {
    var box = $("preview").parentNode, width = box.clientWidth;
    if (width > 0) $("preview").style.transform = "scale(" + (width / 1280) + ")";
  };

  Console.prototype.authenticate = function () {
    var token = this.currentToken();
    if (token && this.connection) this.connection.send({ type: "auth", token: token });
  };

  Console.prototype.pair = function (code) {
    var self = this;
    var status = $("login-status");
    status.className = "login-status";
    status.textContent = t("console.pairing");
    window.fetch(this.base() + "/api/v1/pair", {
      method: "POST", headers: { "Content-Type": "application/json" }, cache: "no-store",
      body: JSON.stringify({ code: code })
    }).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = JSON.parse(text); } catch (e) { /* not JSON: said by status alone */ }
        return { status: response.status, body: body };
      });
    }).then(function (answer) {
      var error = errorOf(answer.body);
      if (answer.status === 200 && answer.body && answer.body.token) {
        self.signIn(answer.body.token, answer.body.level === "secretariat" ? "secretariat" : "chair");
      } else if (answer.status === 404) {
        self.askForToken(t("console.noPairing"), true);
      } else if (answer.status === 410) {
        self.askForToken(t("console.pairExpired") + (error.message ? " (" + error.message + ")" : ""), true);
      } else if (answer.status === 401) {
        self.askForToken(t("console.pairUnknown") + (error.message ? " (" + error.message + ")" : ""), true);
      } else if (answer.status === 429) {
        self.askForToken(t("console.pairLimited") + (error.message ? " (" + error.message + ")" : ""), true);
      } else {
        self.askForToken((error.code ? error.code + ": " : "HTTP " + answer.status + ": ") + (error.message || ""), true);
      }
    }).catch(function (e) {
      self.askForToken(t("console.unreachable", { error: e.message }), true);
    });
  };

  /* The daemon's errors, over HTTP as on the WebSocket: {"type":"error","code","message"}. */
  function errorOf(body) {
    if (!body || typeof body !== "object" || body.type !== "error") return {};
    return { code: String(body.code || ""), message: String(body.message || "") };
  }

  /* --- The live meeting -------------------------------------------------------------------- */

  Console.prototype.onStatus = function (status) {
    var badge = $("connection");
    badge.setAttribute("data-state", status);
    badge.textContent = status === "connected" ? t("console.live") : t("connection." + status);
  };

  Console.prototype.onMessage = function (message) {
    var held = this.held;
    if (message.type === "hello") {
      this.held = message.protocol === "gavel.v1" ? null : { agenda: null, progress: null, queue: null, live: null };
      this.authenticate();
      return;
    }
    if (message.type === "state") {
      if (held) {
        held.live = message;
        this.state = Gavel.schedule.assemble(held);
      } else {
        this.state = message;
      }
      this.render();
    } else if (held && (message.type === "agenda" || message.type === "progress" || message.type === "queue")) {
      held[message.type] = message;
      if (message.type === "agenda") this.loadRules();
      // A plan on screen is asked again when the agenda or the items' progress changes (an
      // accepted plan, an item ended): Accept then sends what the chair sees.
      if ((message.type === "agenda" || message.type === "progress") && this.plan) this.proposePlan();
    } else if (message.type === "budgets") {
      this.budgets = message;
      this.renderBudgets();
    } else if (message.id === "auth") {
      if (message.type === "ack" && message.level) {
        // The daemon says what the token may do: a typed secretariat token shows as such.
        var level = message.level === "chair" ? "chair" : message.level === "secretariat" ? "secretariat" : "read";
        if (level !== this.level || stored(LEVEL_KEY) !== level) {
          store(LEVEL_KEY, level);
          this.level = level;
          this.showDesk();
        }
      } else if (message.type === "error") {
        // The daemon's own words too: an unauthorized origin (a proxy's address not allowed with
        // --allowed-origin) is refused with the same code as a wrong token, and says so.
        var why = message.code === "unauthorized" ? t("console.refused") : message.code;
        this.askForToken(why + (message.message ? " (" + message.message + ")" : ""), true);
      }
    }
  };

  /* The speech types of the agenda's rules: the canonical agenda carries its pack unless it is
   * the default. */
  Console.prototype.loadRules = function () {
    var self = this;
    window.fetch(this.base() + "/api/v1/agenda", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (agenda) {
      var rules = agenda && agenda.rules;
      var types = PACKS["un-ga"];
      if (typeof rules === "string" && PACKS[rules]) types = PACKS[rules];
      else if (rules && typeof rules === "object") {
        var base = (rules.base && PACKS[rules.base]) || (rules.speechTypes ? [] : PACKS[rules.id] || PACKS["un-ga"]);
        var byId = {};
        types = base.slice();
        types.forEach(function (type, i) { byId[type[0]] = i; });
        (rules.speechTypes || []).forEach(function (type) {
          var entry = [type.id, type.name || type.id, type.placement || "list"];
          if (byId[type.id] != null) types[byId[type.id]] = entry; else types.push(entry);
        });
      }
      self.speechTypes = types;
      self.renderSpeechTypes();
    }).catch(function () { /* the default pack's types stay */ });
  };

  Console.prototype.renderSpeechTypes = function () {
    var select = $("add-speech"), chosen = select.value;
    select.textContent = "";
    this.speechTypes.forEach(function (type) {
      if (type[2] === "interruption") return;
      var option = document.createElement("option");
      option.value = type[0];
      option.textContent = speechName(type[1]);
      select.appendChild(option);
    });
    if (chosen) select.value = chosen;
    if (!select.value && select.options.length) select.selectedIndex = 0;
    // The interruption buttons: those the rules have (a panel has none).
    var interruptions = {};
    this.speechTypes.forEach(function (type) { if (type[2] === "interruption") interruptions[type[0]] = type[1]; });
    var row = $("interruptions");
    Array.prototype.forEach.call(row.querySelectorAll('[data-action="interrupt"]'), function (button) {
      var speech = button.getAttribute("data-speech");
      button.hidden = !interruptions[speech];
      delete interruptions[speech];
    });
    Object.keys(interruptions).forEach(function (id) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-action", "interrupt");
      button.setAttribute("data-speech", id);
      button.textContent = speechName(interruptions[id]);
      row.insertBefore(button, row.querySelector('[data-action="floorReturn"]'));
    });
  };

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  Console.prototype.render = function () {
    var s = this.state;
    if (!s) return;
    var meeting = s.meeting || {};
    setText($("meeting-title"), Gavel.i18n.localized(meeting.title || "", meeting.titles));
    var items = s.items || [];
    // The item.
    var phase = meeting.phase;
    var item = s.item;
    setText($("item-title"), item ? Gavel.i18n.localized(item.title, item.titles) :
      t(phase === "notStarted" ? "chair.notStarted" : phase === "ended" ? "chair.ended" : "idle.noItem"));
    var status = [];
    if (item) status.push(t("console.itemOf", { n: item.index + 1, count: items.length }));
    if (meeting.paused) status.push(t("chair.paused"));
    setText($("item-status"), status.join(" \u00B7 "));
    setText($("pause-label"), t(meeting.paused ? "console.resume" : "console.pause"));
    this.enable("start", phase === "notStarted");
    this.enable("endMeeting", phase === "running");
    // Go to: every item, the current one chosen until the chair picks another.
    var select = $("goto-item"), signature = items.map(function (i) { return i.id + i.title; }).join("|");
    if (select.getAttribute("data-signature") !== signature) {
      select.textContent = "";
      items.forEach(function (i) {
        var option = document.createElement("option");
        option.value = i.id;
        option.textContent = (i.index + 1) + ". " + Gavel.i18n.localized(i.title, i.titles);
        select.appendChild(option);
      });
      select.setAttribute("data-signature", signature);
    }
    // The floor.
    var floor = s.floor;
    setText($("floor-speaker"), floor ? floor.speaker + (floor.delegation && floor.delegation !== floor.speaker ?
      " (" + floor.delegation + ")" : "") : t("console.nobody"));
    var floorStatus = [];
    if (floor && floor.speechName && floor.speechName !== "Statement") floorStatus.push(speechName(floor.speechName));
    if (floor && !floor.running) floorStatus.push(t("chair.paused"));
    (floor && floor.interrupted || []).forEach(function (under) {
      floorStatus.push(t("floor.interrupted", { speaker: under.speaker, time: Gavel.format.durationText(under.remainingMs) }));
    });
    setText($("floor-status"), floorStatus.join(" \u00B7 "));
    setText($("floor-pause-label"), t(floor && !floor.running ? "console.floorResume" : "console.floorPause"));
    this.enable("floorReturn", !!(floor && floor.interrupted && floor.interrupted.length));
    // The list.
    this.renderList(s.queue || [], !!s.listClosed);
    // Whether the list fits the item's time (the daemon's listPlan, as `gavel list plan` says it).
    var plan = s.listPlan, F = Gavel.format;
    var planText = !plan || !plan.count ? "" : plan.overMs <= 0
      ? t("chair.listFits", { time: F.durationText(plan.availableMs - plan.onTheFloorMs - plan.totalMs) })
      : plan.limitForAllMs == null ? t("chair.listOverNone", { time: F.durationText(plan.overMs) })
      : t("chair.listOver", { time: F.durationText(plan.overMs), limit: F.durationText(plan.limitForAllMs), n: plan.fitting });
    setText($("list-plan"), planText);
    $("list-plan").setAttribute("data-over", plan && plan.overMs > 0 ? "true" : "false");
    this.renderAgenda(s);
    // The message.
    var message = s.message;
    setText($("message-now"), message ? "\u201C" + message.text + "\u201D \u00B7 " +
      t(message.audience === "speaker" ? "console.speakerOnly" : "console.everyone") : t("chair.noMessage"));
    this.enable("clearMessage", !!message);
    // Blackout: said beside the message, and the button brings the displays back.
    var blackout = s.displays && s.displays.blackout;
    if (blackout) {
      setText($("message-now"), $("message-now").textContent + " \u00B7 " +
        t(blackout.audience === "speaker" ? "blackout.speaker" : "blackout.all"));
    }
    setText($("blackout-label"), t(blackout ? "console.endBlackout" : "console.blackout"));
    this.tick();
  };

  Console.prototype.enable = function (action, on) {
    var buttons = document.querySelectorAll('[data-action="' + action + '"]');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = !on;
  };

  Console.prototype.renderList = function (queue, closed) {
    var self = this, list = $("list");
    var signature = JSON.stringify(queue.map(function (e) { return [e.id, e.speaker, e.delegation, e.speechName, e.allottedMs]; }));
    setText($("list-state"), closed ? "(" + t("chair.listClosed") + ")" : "");
    setText($("list-close-label"), t(closed ? "console.listReopen" : "console.listClose"));
    $("list-empty").hidden = queue.length > 0;
    if (list.getAttribute("data-signature") === signature) return;
    list.setAttribute("data-signature", signature);
    list.textContent = "";
    queue.forEach(function (entry, index) {
      var li = document.createElement("li");
      li.setAttribute("data-speaker", entry.speaker);
      var who = document.createElement("span");
      who.className = "who";
      who.setAttribute("dir", "auto");
      who.textContent = entry.speaker + (entry.delegation && entry.delegation !== entry.speaker ? " (" + entry.delegation + ")" : "");
      var what = document.createElement("span");
      what.className = "status";
      var parts = [];
      if (entry.speechName && entry.speechName !== "Statement") parts.push(speechName(entry.speechName));
      if (entry.allottedMs != null) parts.push(Gavel.format.durationText(entry.allottedMs));
      what.textContent = parts.join(" \u00B7 ");
      li.appendChild(who);
      li.appendChild(what);
      var buttons = document.createElement("span");
      buttons.className = "entry-actions";
      [["up", "\u2191", "console.moveUp", index > 0], ["down", "\u2193", "console.moveDown", index < queue.length - 1],
        ["remove", "\u2715", "console.remove", true]].forEach(function (spec) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "small" + (spec[0] === "remove" ? " danger" : "");
        b.textContent = spec[1];
        b.setAttribute("data-entry", spec[0]);
        b.setAttribute("aria-label", t(spec[2]) + ": " + entry.speaker);
        b.title = t(spec[2]);
        b.disabled = !spec[3];
        b.addEventListener("click", function () {
          if (spec[0] === "remove") {
            self.confirmThen(t("console.confirmRemove", { speaker: entry.speaker }), function () {
              self.send("queueRemove", { speaker: entry.speaker });
            });
          } else {
            self.send("queueMove", { speaker: entry.speaker, to: index + 1 + (spec[0] === "up" ? -1 : 1) });
          }
        });
        buttons.appendChild(b);
      });
      li.appendChild(buttons);
      list.appendChild(li);
    });
  };

  /* The two countdowns, from the deadlines on the synchronised clock. */
  Console.prototype.tick = function () {
    var s = this.state;
    if (!s) return;
    if (this.budgets && s.floor && s.floor.running) this.renderBudgets();
    var now = this.clock.now();
    [["item-time", s.item], ["floor-time", s.floor]].forEach(function (pair) {
      var el = $(pair[0]), timer = pair[1];
      if (!timer) {
        setText(el, "");
        el.setAttribute("data-level", "idle");
        return;
      }
      var remaining = timer.endsAt != null ? timer.endsAt - now : timer.remainingMs;
      setText(el, Gavel.format.countdownText(remaining));
      el.setAttribute("data-level", timer.thresholds ? Gavel.format.levelFor(remaining, timer.thresholds) : "normal");
    });
  };

  /* --- The agenda, the plan and the budgets ---------------------------------------------- */

  function clockOf(ms, zone) { return ms == null ? "" : Gavel.format.timeOfDay(ms, zone || undefined); }
  /* "HH:MM" in Latin digits, as the daemon reads a start in the forms. */
  function typedClock(ms, zone) {
    if (ms == null) return "";
    // Seconds only when the time has some, so that saving another field does not move it.
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (Math.floor(ms / 1000) % 60 !== 0) options.second = "2-digit";
    if (zone) options.timeZone = zone;
    try { return new Intl.DateTimeFormat("en-GB", options).format(new Date(ms)).replace(/^24:/, "00:"); } catch (e) { return ""; }
  }
  /* "25m" or "1m30s", as the daemon reads a length. */
  function typedLength(ms) {
    if (ms == null) return "";
    var seconds = Math.round(ms / 1000), m = Math.floor(seconds / 60), rest = seconds % 60;
    return (m ? m + "m" : "") + (rest || !m ? rest + "s" : "");
  }
  /* An item's time: allotted (its plan's length, or what an accepted plan gave it). */
  function lengthOf(item) {
    return item.allottedMs != null ? item.allottedMs : item.plannedEnd != null ? item.plannedEnd - item.plannedStart : null;
  }

  /* Each item: its plan and state; the ones that have not started can be moved, edited and
   * removed (the daemon refuses the others with itemStarted, which the edit form can show). */
  Console.prototype.renderAgenda = function (s) {
    var self = this, items = s.items || [], zone = s.meeting && s.meeting.timeZone, list = $("agenda-items");
    var signature = JSON.stringify([this.language, items.map(function (i) {
      return [i.id, i.title, i.status, i.plannedStart, i.allottedMs, i.kind, i.dropped, i.planAllotmentMs];
    })]);
    if (list.getAttribute("data-signature") === signature) return;
    list.setAttribute("data-signature", signature);
    list.textContent = "";
    var editable = items.filter(function (i) { return i.status === "upcoming"; });
    items.forEach(function (item, index) {
      var upcoming = item.status === "upcoming";
      var li = document.createElement("li");
      li.setAttribute("data-item", item.id);
      li.setAttribute("data-status", item.status || "");
      if (item.dropped) li.setAttribute("data-dropped", "true");
      var what = document.createElement("span");
      what.className = "who";
      what.setAttribute("dir", "auto");
      what.textContent = Gavel.i18n.localized(item.title, item.titles);
      var when = document.createElement("span");
      when.className = "status";
      var parts = [clockOf(item.plannedStart, zone), Gavel.format.durationText(lengthOf(item))];
      if (item.kind === "break") parts.push(t("console.kindBreak"));
      if (item.status === "current") parts.push(t("console.itemRunning"));
      else if (item.status === "done") parts.push(t("console.itemDone"));
      if (item.dropped) parts.push(t("console.planDropped"));
      when.textContent = parts.filter(Boolean).join(" \u00B7 ");
      li.appendChild(what);
      li.appendChild(when);
      var buttons = document.createElement("span");
      buttons.className = "entry-actions";
      var first = editable.length && editable[0].id === item.id;
      [["up", "\u2191", "console.moveUp", upcoming && !first], ["down", "\u2193", "console.moveDown", upcoming && index < items.length - 1],
        ["edit", "\u270E", "console.edit", upcoming], ["remove", "\u2715", "console.removeItem", upcoming]].forEach(function (spec) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "small" + (spec[0] === "remove" ? " danger" : "");
        b.textContent = spec[1];
        b.setAttribute("data-agenda", spec[0]);
        b.setAttribute("aria-label", t(spec[2]) + ": " + item.title);
        b.title = t(spec[2]);
        b.hidden = !upcoming;
        b.disabled = !spec[3];
        b.addEventListener("click", function () { self.agendaAction(spec[0], item, index); });
        buttons.appendChild(b);
      });
      li.appendChild(buttons);
      list.appendChild(li);
    });
    // The edit form's items: all of them, so that the daemon's word on a started one is seen.
    var select = $("edit-item"), chosen = select.value;
    select.textContent = "";
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.id;
      option.textContent = (item.index + 1) + ". " + Gavel.i18n.localized(item.title, item.titles);
      select.appendChild(option);
    });
    if (chosen) select.value = chosen;
    $("insert-position").max = String(items.length + 1);
  };

  Console.prototype.agendaAction = function (what, item, index) {
    var self = this;
    if (what === "remove") {
      return this.confirmThen(t("console.confirmRemoveItem", { item: Gavel.i18n.localized(item.title, item.titles) }), function () {
        self.send("agendaRemove", { item: item.id });
      });
    }
    if (what === "up" || what === "down") return this.send("agendaMove", { item: item.id, to: index + 1 + (what === "up" ? -1 : 1) });
    // Edit: the form, filled with what the item has now.
    var zone = this.state && this.state.meeting && this.state.meeting.timeZone;
    $("edit-form").hidden = false;
    $("edit-item").value = item.id;
    $("edit-title").value = item.title || "";
    $("edit-start").value = typedClock(item.plannedStart, zone);
    // Its printed length (the agenda's plannedMs), which a retime changes.
    var planned = this.held && this.held.agenda && this.held.agenda.items[item.index];
    $("edit-duration").value = typedLength(planned && planned.plannedMs != null ? planned.plannedMs : lengthOf(item));
    this.editing = { title: $("edit-title").value, start: $("edit-start").value, duration: $("edit-duration").value };
    $("edit-title").focus();
  };

  /* Saves what changed: the title (agendaRetitle), then the start and length (agendaRetime). */
  Console.prototype.saveEdit = function () {
    var self = this, item = $("edit-item").value, was = this.editing || {};
    var title = value("edit-title"), start = value("edit-start"), duration = value("edit-duration");
    var retime = {};
    if (start && start !== was.start) retime.start = start;
    if (duration && duration !== was.duration) retime.duration = duration;
    var steps = [];
    if (title && title !== was.title) steps.push(["agendaRetitle", { item: item, title: title }]);
    if (retime.start || retime.duration) {
      retime.item = item;
      steps.push(["agendaRetime", retime]);
    }
    // Nothing changed for this item (another chosen, or the same values): ask for the times
    // anyway, so that the daemon says whether the item may be edited.
    if (!steps.length) steps.push(["agendaRetime", { item: item, start: start || undefined, duration: duration || undefined }]);
    var run = function (i) {
      if (i >= steps.length) {
        $("edit-form").hidden = true;
        self.editing = null;
        return;
      }
      self.send(steps[i][0], steps[i][1]).then(function () {
        if ($("answer").getAttribute("data-kind") === "ok") run(i + 1);
      });
    };
    run(0);
  };

  /* The plan to end on time: the daemon's proposal, what it changes and why it cannot. */
  Console.prototype.proposePlan = function () {
    var self = this, end = value("plan-end");
    var url = this.base() + "/api/v1/plan" + (end ? "?end=" + encodeURIComponent(end) : "");
    $("plan-card").setAttribute("data-loading", "true");
    return window.fetch(url, { cache: "no-store", headers: { "Authorization": "Bearer " + this.currentToken() } })
      .then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try { body = JSON.parse(text); } catch (e) { /* said by the status alone */ }
          return { status: response.status, body: body };
        });
      }).then(function (answer) {
        $("plan-card").removeAttribute("data-loading");
        if (answer.status === 200 && answer.body && answer.body.type === "plan") self.plan = answer.body;
        else {
          var error = errorOf(answer.body);
          self.plan = { problem: (error.code || "HTTP " + answer.status) + ": " + (error.message || "") };
        }
        self.renderPlan();
      }, function (e) {
        $("plan-card").removeAttribute("data-loading");
        self.plan = { problem: t("console.unreachable", { error: e.message }) };
        self.renderPlan();
      });
  };

  Console.prototype.renderPlan = function () {
    var plan = this.plan, summary = $("plan-summary"), list = $("plan-items");
    list.textContent = "";
    $("plan-card").setAttribute("data-outcome", plan ? plan.outcome || "problem" : "none");
    $("plan-accept").disabled = !plan || plan.outcome !== "plan";
    if (!plan) { setText(summary, ""); return; }
    if (plan.problem) { setText(summary, plan.problem); return; }
    var zone = plan.timeZone, params = { end: clockOf(plan.projectedEnd, zone), hardEnd: clockOf(plan.hardEnd, zone),
      planned: clockOf(plan.plannedEnd, zone), reason: plan.reason || "" };
    setText(summary, t(plan.outcome === "onTime" ? "console.planOnTime" :
      plan.outcome === "infeasible" ? "console.planInfeasible" : "console.planPlan", params));
    (plan.items || []).forEach(function (item) {
      if (!item.dropped && item.afterMs === item.beforeMs && item.speakerLimitMs == null) return;
      var li = document.createElement("li");
      li.setAttribute("data-item", item.id);
      if (item.dropped) li.setAttribute("data-dropped", "true");
      var what = document.createElement("span");
      what.className = "who";
      what.setAttribute("dir", "auto");
      what.textContent = (item.index + 1) + ". " + item.title;
      var change = document.createElement("span");
      change.className = "status";
      change.setAttribute("dir", "auto");
      var F = Gavel.format;
      var parts = [item.dropped ? t("console.planDropped") : F.durationText(item.beforeMs) + " \u2192 " + F.durationText(item.afterMs)];
      if (item.speakerLimitMs != null) parts.push(t("console.planSpeakerLimit", { time: F.durationText(item.speakerLimitMs) }));
      change.textContent = parts.join(" \u00B7 ");
      li.appendChild(what);
      li.appendChild(change);
      list.appendChild(li);
    });
  };

  /* The current item's budgets: each group's planned, added, used and left; the floor's group
   * counts on locally from serverTime. */
  Console.prototype.renderBudgets = function () {
    var b = this.budgets, groups = (b && b.groups) || [], list = $("budgets"), F = Gavel.format;
    var items = (this.state && this.state.items) || [];
    var item = b && b.item != null ? items[b.item] : null;
    setText($("budgets-item"), item ? (item.index + 1) + ". " + Gavel.i18n.localized(item.title, item.titles) : "");
    $("budgets-empty").hidden = groups.length > 0;
    var running = this.state && this.state.floor && this.state.floor.running;
    var since = running && b ? Math.max(0, this.clock.now() - b.serverTime) : 0;
    var rows = groups.map(function (g) {
      var used = g.usedMs + (g.speaking ? since : 0), balance = g.balanceMs - (g.speaking ? since : 0);
      return [g.group, t("console.budgetLine", { planned: F.durationText(g.plannedMs), added: F.durationText(g.addedMs, true),
        used: F.durationText(used), balance: F.durationText(Math.max(0, balance)) }), g.speaking, balance <= 0];
    });
    var signature = JSON.stringify(rows);
    if (list.getAttribute("data-signature") !== signature) {
      list.setAttribute("data-signature", signature);
      list.textContent = "";
      rows.forEach(function (row) {
        var li = document.createElement("li");
        li.setAttribute("data-group", row[0]);
        if (row[2]) li.setAttribute("data-speaking", "true");
        if (row[3]) li.setAttribute("data-spent", "true");
        var who = document.createElement("span");
        who.className = "who";
        who.setAttribute("dir", "auto");
        who.textContent = row[0];
        var line = document.createElement("span");
        line.className = "status";
        line.textContent = row[1];
        li.appendChild(who);
        li.appendChild(line);
        list.appendChild(li);
      });
    }
    var names = groups.map(function (g) { return g.group; }), key = names.join("\u0000");
    ["budget-group", "transfer-from", "transfer-to"].forEach(function (id, n) {
      var select = $(id);
      if (select.getAttribute("data-signature") === key) return;
      var chosen = select.value;
      select.setAttribute("data-signature", key);
      select.textContent = "";
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        select.appendChild(option);
      });
      if (chosen && names.indexOf(chosen) >= 0) select.value = chosen;
      else if (n === 2 && names.length > 1) select.selectedIndex = 1;
    });
    // With no budgets in the item there is nothing to adjust; a transfer needs two groups.
    $("budget-form").hidden = !names.length;
    $("transfer-form").hidden = names.length < 2;
  };

  Console.prototype.budgetFields = function () {
    var fields = { group: $("budget-group").value, duration: value("budget-duration") };
    if (this.budgets && this.budgets.item != null && this.state && this.state.items && this.state.items[this.budgets.item]) {
      fields.item = this.state.items[this.budgets.item].id;
    }
    return fields;
  };

  /* --- Actions ----------------------------------------------------------------------------- */

  Console.prototype.expectation = function (command) {
    var s = this.state || {};
    if (EXPECTS_ITEM[command]) return { item: s.item ? s.item.id : "" };
    if (EXPECTS_SPEAKER[command]) return { speaker: s.floor ? s.floor.speaker : "" };
    return null;
  };

  /* Sends a command built from the state on screen now; the answer lands in the answer bar. */
  Console.prototype.send = function (command, fields) {
    var body = { type: "command", id: freshID(), command: command };
    Object.keys(fields || {}).forEach(function (key) { body[key] = fields[key]; });
    var expect = this.expectation(command);
    if (expect) body.expect = expect;
    return this.post(body);
  };

  Console.prototype.post = function (body) {
    var self = this;
    var action = t(ACTION_LABELS[body.command] || "console.action");
    this.showAnswer("pending", "", t("console.sending", { action: action }));
    var attempt = function () {
      return window.fetch(self.base() + "/api/v1/commands", {
        method: "POST", cache: "no-store",
        headers: { "Authorization": "Bearer " + self.currentToken(), "Content-Type": "application/json" },
        body: JSON.stringify(body)
      });
    };
    // With several servers (?servers=): a standby refuses with notLeader, naming the leader; the
    // same command goes there (and the console's link follows).
    var toLeader = function (response) {
      if (response.status !== 503 || self.connection.servers.length < 2) return response;
      return response.clone().json().then(function (answer) {
        if (!answer || answer.code !== "notLeader") return response;
        if (answer.leader) self.connection.moveTo(answer.leader); else self.connection.advance();
        self.connection.drop(true);
        return attempt();
      }, function () { return response; });
    };
    // A dropped connection: the very same command, same id, once more (the daemon answers a
    // known id from its journal, so it is never applied twice); with several servers, to the next.
    var retry = function () {
      if (self.connection.servers.length > 1) self.connection.advance();
      return attempt();
    };
    return attempt().catch(retry).then(toLeader).then(function (response) {
      return response.text().then(function (text) {
        var answer = null;
        try { answer = JSON.parse(text); } catch (e) { /* said by the status alone */ }
        self.onAnswer(body, action, response.status, answer);
      });
    }, function (error) {
      self.showAnswer("error", "", t("console.mayHaveApplied", { action: action, error: error.message }));
    });
  };

  Console.prototype.onAnswer = function (body, action, status, answer) {
    var self = this;
    if (status === 200 && answer && answer.ok) {
      this.showAnswer("ok", "", t("console.done", { action: action }) + (answer.replayed ? " \u00B7 " + t("console.replayed") : ""));
      return;
    }
    var error = errorOf(answer);
    if (status === 401) {
      this.askForToken(t("console.refused"), true);
      return;
    }
    var code = error.code || "HTTP " + status;
    var override = null;
    if (error.code === "ruleViolation" && OVERRIDABLE[body.command] && this.level !== "secretariat") {
      // Overriding is another command (the journal records the rule set aside): a fresh id.
      override = function () {
        var again = JSON.parse(JSON.stringify(body));
        again.id = freshID();
        again.override = true;
        self.post(again);
      };
    }
    this.showAnswer("error", code, error.message || "", override);
  };

  Console.prototype.showAnswer = function (kind, code, text, override) {
    var bar = $("answer");
    bar.setAttribute("data-kind", kind);
    // Counts the daemon's answers, so that a tool (or a test) can tell a new one from the last.
    if (kind === "ok" || kind === "error") {
      bar.setAttribute("data-answers", String(Number(bar.getAttribute("data-answers") || 0) + 1));
    }
    $("answer-code").textContent = code;
    $("answer-code").hidden = !code;
    // With no answer to show, the bar keeps its place (no button moves under a finger) and says
    // how the keys work.
    $("answer-text").textContent = kind === "none" ? t("console.keysHelp") : text;
    this.override = override || null;
    $("override").hidden = !override;
  };

  Console.prototype.confirmThen = function (question, action) {
    var dialog = $("confirm");
    if (dialog.open) return;  // a second press while it asks: one question at a time
    $("confirm-text").textContent = question;
    dialog.returnValue = "";
    dialog.onclose = function () {
      dialog.onclose = null;
      if (dialog.returnValue === "ok") action();
    };
    dialog.showModal();
    $("confirm-cancel").focus();
  };

  function value(id) { return $(id).value.trim(); }
  function optional(fields, key, text) { if (text) fields[key] = text; return fields; }

  /* What each button does; fields are read when it is pressed. */
  Console.prototype.perform = function (action, button) {
    var self = this, s = this.state || {};
    switch (action) {
      case "pauseResume": return this.send(s.meeting && s.meeting.paused ? "resume" : "pause");
      case "floorPauseResume": return this.send(s.floor && !s.floor.running ? "floorResume" : "floorPause");
      case "listCloseReopen": return this.send(s.listClosed ? "listReopen" : "listClose");
      case "blackoutToggle":
        return s.displays && s.displays.blackout ? this.send("endBlackout") :
          this.send("blackout", { audience: $("message-audience").value });
      case "flash": return this.send("flash", { audience: $("message-audience").value });
      case "extend": case "trim": return this.send(action, { duration: value("item-duration") });
      case "floorExtend": return this.send(action, { duration: value("floor-duration") });
      case "goto": return this.send("goto", { item: $("goto-item").value });
      case "interrupt": {
        var fields = { speaker: value("grant-speaker") || value("grant-delegation"), speech: button.getAttribute("data-speech") };
        optional(fields, "delegation", value("grant-delegation"));
        optional(fields, "duration", value("grant-duration"));
        return this.send("interrupt", fields);
      }
      case "endItem":
        return this.confirmThen(t("console.confirmEndItem", {
          item: s.item ? Gavel.i18n.localized(s.item.title, s.item.titles) : "" }), function () { self.send("endItem"); });
      case "endMeeting":
        return this.confirmThen(t("console.confirmEndMeeting"), function () { self.send("endMeeting"); });
      case "clearMessage":
        return this.confirmThen(t("console.confirmClear"), function () { self.send("clearMessage"); });
      default: return this.send(action);
    }
  };

  Console.prototype.buildPresets = function () {
    var self = this, row = $("presets");
    PRESETS.forEach(function (preset) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-preset", preset[0]);
      b.textContent = t(preset[1]);
      b.addEventListener("click", function () {
        self.send("showMessage", { preset: preset[0], audience: $("message-audience").value });
      });
      row.appendChild(b);
    });
  };

  /* Each button with a shortcut shows its key. */
  Console.prototype.decorateKeys = function () {
    var keyed = document.querySelectorAll("[data-key]");
    for (var i = 0; i < keyed.length; i++) {
      var kbd = document.createElement("kbd");
      kbd.textContent = keyed[i].getAttribute("data-key").toUpperCase();
      kbd.setAttribute("aria-hidden", "true");
      keyed[i].appendChild(kbd);
      keyed[i].setAttribute("aria-keyshortcuts", keyed[i].getAttribute("data-key").toUpperCase());
    }
  };

  Console.prototype.bind = function () {
    var self = this;
    $("token-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var token = $("token").value.trim();
      $("token").value = "";
      if (token) self.signIn(token, null);
    });
    $("pair-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var code = $("pair-code").value.replace(/\s+/g, "");
      $("pair-code").value = "";
      if (code) self.pair(code);
    });
    $("signout").addEventListener("click", function () {
      self.askForToken(t("console.signedOut"), false);
      self.connection.drop();  // the live connection authenticated with the token: a new one has none
    });
    $("desk").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button && !button.disabled) self.perform(button.getAttribute("data-action"), button);
    });
    $("grant-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = { speaker: value("grant-speaker") };
      optional(fields, "delegation", value("grant-delegation"));
      optional(fields, "duration", value("grant-duration"));
      self.send("floorGrant", fields);
    });
    $("add-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = { speaker: value("add-speaker") || value("add-delegation"), speech: $("add-speech").value };
      optional(fields, "delegation", value("add-delegation"));
      optional(fields, "duration", value("add-duration"));
      self.send("listAdd", fields).then(function () {
        if ($("answer").getAttribute("data-kind") === "ok") {
          $("add-speaker").value = "";
          $("add-delegation").value = "";
          $("add-duration").value = "";
        }
      });
    });
    $("message-form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.send("showMessage", { text: $("message-text").value, audience: $("message-audience").value });
    });
    $("insert-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = { title: value("insert-title"), duration: value("insert-duration") };
      var position = value("insert-position");
      if (position) fields.position = Number(position);
      optional(fields, "start", value("insert-start"));
      optional(fields, "kind", $("insert-kind").value);
      self.send("agendaInsert", fields).then(function () {
        if ($("answer").getAttribute("data-kind") === "ok") {
          ["insert-title", "insert-duration", "insert-position", "insert-start"].forEach(function (id) { $(id).value = ""; });
        }
      });
    });
    $("edit-form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.saveEdit();
    });
    $("edit-cancel").addEventListener("click", function () {
      $("edit-form").hidden = true;
      self.editing = null;
    });
    $("plan-form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.proposePlan();
    });
    $("plan-accept").addEventListener("click", function () {
      var plan = self.plan;
      if (!plan || plan.outcome !== "plan") return;
      self.confirmThen(t("console.confirmAcceptPlan", { hardEnd: clockOf(plan.hardEnd, plan.timeZone) }), function () {
        var end = value("plan-end");
        self.send("planAccept", end ? { end: end } : {}).then(function () { self.proposePlan(); });
      });
    });
    $("budget-form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.send("budgetAdd", self.budgetFields());
    });
    $("budget-take").addEventListener("click", function () {
      var fields = self.budgetFields();
      fields.take = true;
      self.send("budgetAdd", fields);
    });
    $("transfer-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = { from: $("transfer-from").value, to: $("transfer-to").value, duration: value("transfer-duration") };
      var item = self.budgetFields().item;
      if (item) fields.item = item;
      self.send("budgetTransfer", fields);
    });
    $("override").addEventListener("click", function () { if (self.override) self.override(); });
    $("answer-close").addEventListener("click", function () { self.showAnswer("none", "", ""); });
    document.addEventListener("keydown", function (event) { self.onKey(event); });
  };

  /* Shortcuts: one key, no modifier, when no field has focus; Esc leaves a field. */
  Console.prototype.onKey = function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (typing) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || $("confirm").open || $("desk").hidden) return;
    var key = (event.key || "").toLowerCase();
    if (!/^[a-z]$/.test(key)) return;
    var button = document.querySelector('#desk [data-key="' + key + '"]');
    if (!button || button.disabled || !button.offsetParent) return;
    event.preventDefault();
    var focus = button.getAttribute("data-focus");
    if (focus) $(focus).focus(); else button.click();
  };

  Gavel.Console = Console;
  document.addEventListener("DOMContentLoaded", function () {
    Gavel.console = new Console();
    Gavel.console.start();
  });
})(window.Gavel = window.Gavel || {});
