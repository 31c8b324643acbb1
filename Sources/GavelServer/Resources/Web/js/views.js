/* Gavel display: the four views. Each view is a <template> in index.html; the functions here
 * fill it from the latest state (on every change) and from the server clock (every frame).
 * DOM writes happen only when a text or attribute really changes, so a small device idles
 * between seconds. */
"use strict";
(function (Gavel) {
  var F = Gavel.format;
  function t(key, params) { return Gavel.i18n.t(key, params); }
  /* An agenda text in the page's language where the agenda gives one (docs/protocol.md). */
  function titleOf(item) { return item ? Gavel.i18n.localized(item.title, item.titles) : ""; }
  function meetingTitle(meeting) { return Gavel.i18n.localized(meeting.title || "", meeting.titles); }
  function nameOf(person) { return person ? Gavel.i18n.localized(person.name, person.names) : ""; }

  /* ---------- small DOM helpers ---------- */

  function setText(el, text) {
    if (!el) return;
    text = text == null ? "" : String(text);
    if (el.__text !== text) {
      el.__text = text;
      el.textContent = text;
    }
  }

  function setAttr(el, name, value) {
    if (!el) return;
    var key = "__attr_" + name;
    if (el[key] === value) return;
    el[key] = value;
    if (value == null || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? "" : String(value));
  }

  function field(root, name) { return root.querySelector('[data-f="' + name + '"]'); }

  /* Largest font size (px) at which el's box still fits inside box: for text laid out on a
   * fixed number of lines (the countdown, the clock). Measured at 100 px and scaled. */
  function fitToBox(el, box, maxPx) {
    if (!el || !box) return;
    el.style.fontSize = "100px";
    var r = el.getBoundingClientRect();
    // The glyphs may hang below the line box (scrollHeight); the box is centred on the line
    // box, so leave room for that overhang on both sides.
    var width = Math.max(r.width, el.scrollWidth);
    var height = r.height + 2 * Math.max(0, el.scrollHeight - r.height);
    if (!width || !height) return;
    var scale = Math.min((box.clientWidth * 0.96) / width, (box.clientHeight * 0.96) / height);
    var size = Math.floor(100 * scale);
    if (maxPx) size = Math.min(size, maxPx);
    el.style.fontSize = Math.max(8, size) + "px";
  }

  /* Largest font size between min and max (px) at which wrapping text fits its own box. */
  function fitWrapped(el, minPx, maxPx) {
    if (!el) return;
    var lo = minPx, hi = maxPx;
    el.style.fontSize = hi + "px";
    if (el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1) return;
    while (hi - lo > 1) {
      var mid = Math.floor((lo + hi) / 2);
      el.style.fontSize = mid + "px";
      if (el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1) lo = mid;
      else hi = mid;
    }
    el.style.fontSize = lo + "px";
  }

  function vmin() { return Math.min(window.innerWidth, window.innerHeight) / 100; }

  /* ---------- what the state means at an instant ---------- */

  /* Remaining ms of a timer at server time `now`: a running timer counts down to endsAt; a
   * stopped one shows its remainingMs. */
  function remainingOf(timer, now) {
    if (!timer) return null;
    if (timer.running !== false && timer.endsAt != null) return timer.endsAt - now;
    return timer.remainingMs != null ? timer.remainingMs : 0;
  }

  function isRunning(timer) { return !!timer && timer.running !== false && timer.endsAt != null; }

  /* How much later than the server's projection (as of serverTime) things will now happen:
   * the projection assumes the current item ends at max(endsAt, serverTime); while it
   * overruns, or while nothing runs, the projection slides with the clock. */
  function scheduleSlip(state, now) {
    var meeting = state.meeting || {};
    var sent = state.serverTime != null ? state.serverTime : now;
    if (meeting.phase === "ended") return 0;
    var item = state.item;
    if (meeting.phase === "running") {
      if (item && isRunning(item)) return Math.max(0, now - Math.max(item.endsAt, sent));
      return Math.max(0, now - sent);
    }
    var first = state.next && state.next.projectedStart;
    return first != null ? Math.max(0, now - Math.max(first, sent)) : 0;
  }

  /* The timer a view leads with: the speaker holding the floor, else the current item. */
  function primaryTimer(state) {
    if (!state) return null;
    if (state.floor) return { kind: "floor", timer: state.floor };
    if (state.item) return { kind: "item", timer: state.item };
    return null;
  }

  /* The first item still to come. A gavel.v2 view without the `progress` topic has no items
   * once the meeting has started (before it, schedule.js implies them from the plan): there the
   * state's next item is the one to come. */
  function firstUpcoming(state) {
    var items = state.items || [];
    if (!items.length) return state.next || null;
    for (var i = 0; i < items.length; i++) if (items[i].status === "upcoming") return items[i];
    return null;
  }

  /* What comes after what the view shows now: before the start, the view shows the first
   * item, so "next" is the one after it (the items say which; every state has them before the
   * start). After the start, the state's next item, which needs no items. */
  function nextItem(state) {
    var meeting = state.meeting || {};
    if (meeting.phase !== "notStarted" || !state.next) return state.next;
    var upcoming = (state.items || []).filter(function (it) { return it.status === "upcoming"; });
    if (!upcoming.length || upcoming[0].id !== state.next.id) return state.next;
    return upcoming[1] || null;
  }

  /* The schedule projected at `now` from the gavel.v2 messages the state was put together from,
   * where the view holds every item's progress (the chair; any view before the start): what the
   * daemon's own state of that instant says, a multi-day programme's day rule included, where
   * scheduleSlip only slides the state's projection with the clock. Null otherwise (gavel.v1,
   * or no progress), and scheduleSlip it is. Projected again every 200 ms of frames at most:
   * what it feeds shows minutes. */
  function projectionAt(v, state, now) {
    if (!state.held || !Gavel.schedule) return null;
    var last = v.projection;
    if (last && last.state === state && now >= last.at && now - last.at < 200) return last.value;
    var value = Gavel.schedule.projection(state.held, now);
    v.projection = { state: state, at: now, value: value };
    return value;
  }

  function itemNumber(item) {
    if (!item) return "";
    return item.kind === "break" ? t("item.break") : t("item.number", { id: item.id });
  }

  /* ---------- the timer block shared by speaker, hall and chair ---------- */

  /* Fills a timer block: [data-f=countdown] (with .sign/.digits/.suffix), [data-f=level],
   * [data-f=paused]; the block itself carries data-level and data-paused for the CSS.
   * Returns {level, remaining} or null. */
  function renderTimer(block, timer, now, idle) {
    var countdown = field(block, "countdown");
    var label = field(block, "level");
    var parts, level, remaining = null, paused = false, labelText;
    if (timer) {
      remaining = remainingOf(timer, now);
      level = F.levelFor(remaining, timer.thresholds);
      // ?thresholds=off: plain digits until time is up (time up and overrun are facts, not cues).
      var settings = Gavel.views.settings;
      if (settings && settings.thresholds === false && (level === "warning" || level === "wrapUp")) level = "normal";
      parts = F.countdownParts(remaining);
      paused = !isRunning(timer);
      var l = F.LEVEL_LABELS[level];
      labelText = l.glyph + "\u2002" + l.text;
    } else {
      level = "idle";
      parts = { sign: "", digits: idle && idle.digits ? idle.digits : "\u2013:\u2013\u2013", suffix: "" };
      labelText = idle && idle.label ? F.LEVEL_LABELS.idle.glyph + "\u2002" + idle.label : "";
    }
    setAttr(block, "data-level", level);
    setAttr(block, "data-paused", paused ? "true" : null);
    if (countdown) {
      var shape = parts.sign + parts.digits.replace(/\d/g, "0") + parts.suffix;
      if (countdown.__shape !== shape) {
        countdown.__shape = shape;
        block.__fit = true;
      }
      setText(countdown.querySelector(".sign"), parts.sign);
      setText(countdown.querySelector(".digits"), parts.digits);
      setText(countdown.querySelector(".suffix"), parts.suffix);
      setAttr(countdown, "data-level", level);
      // For tests and tools: the exact remaining time this frame was drawn from.
      countdown.setAttribute("data-remaining-ms", remaining == null ? "" : remaining.toFixed(1));
      countdown.setAttribute("data-rendered-at", performance.now().toFixed(1));
    }
    // A display that lost its link cannot vouch for its numbers: it says so where the level
    // is said, as large, and dims the digits (they go on counting from the last word).
    var stale = Gavel.views.linkLost === true;
    setAttr(block, "data-stale", stale ? "true" : null);
    setText(label, stale ? t("timer.noLink") : labelText);
    setAttr(field(block, "paused"), "hidden", paused ? null : true);
    return { level: level, remaining: remaining, paused: paused };
  }

  function fitTimer(block) {
    var countdown = field(block, "countdown");
    var box = field(block, "countdown-box");
    if (countdown && box) fitToBox(countdown, box);
    block.__fit = false;
  }

  /* ---------- views ---------- */

  function idleFor(state) {
    var meeting = state.meeting || {};
    if (meeting.phase === "notStarted") {
      var first = firstUpcoming(state);
      return { digits: first && first.allottedMs != null ? F.durationText(first.allottedMs) : null, label: t("idle.notStarted") };
    }
    if (meeting.phase === "ended") return { label: t("idle.ended") };
    return { label: t("idle.noItem") };
  }

  /* speaker: one huge countdown, whose it is, and the alert level. */
  var speaker = {
    update: function (v, state) {
      var root = v.root, zone = (state.meeting || {}).timeZone;
      var p = primaryTimer(state), meeting = state.meeting || {};
      var who, context;
      if (p && p.kind === "floor") {
        who = state.floor.speaker;
        // A turn of its own kind says so, above all an interruption: "POINT OF ORDER — Egypt".
        var kind = speechLabel(state.floor);
        context = kind ? kind.toLocaleUpperCase(Gavel.i18n.language.locale) + (floorDelegation(state.floor) ? " \u2014 " + floorDelegation(state.floor) : "")
          : titleOf(state.item);
      } else if (state.item && state.item.kind === "break") {
        who = titleOf(state.item);
        context = isRunning(state.item) ? t("speaker.resumesAt", { time: F.timeOfDay(state.item.endsAt, zone) }) : "";
      } else if (state.item) {
        who = titleOf(state.item);
        var people = (state.item.people || []).filter(function (x) { return x.name; });
        context = itemNumber(state.item) + (people.length ? " \u00B7 " + people.map(nameOf).join(", ") : "");
      } else if (meeting.phase === "notStarted") {
        var first = firstUpcoming(state);
        who = first ? titleOf(first) : meetingTitle(meeting);
        context = first ? t("speaker.startsAt", { time: F.timeOfDay(first.plannedStart, zone) }) : "";
      } else if (meeting.phase === "ended") {
        who = meetingTitle(meeting);
        context = t("speaker.closedAt", { time: F.timeOfDay(meeting.endedAt, zone) });
      } else {
        who = state.next ? t("next.title", { title: titleOf(state.next) }) : meetingTitle(meeting);
        context = "";
      }
      setText(field(root, "who"), who);
      setText(field(root, "context"), context);
      setAttr(root, "data-speech", p && p.kind === "floor" && speechLabel(state.floor) ? "true" : null);
      // Smaller: whom an interruption holds up, and the time they resume with (their clock stands).
      var below = state.floor && state.floor.interrupted && state.floor.interrupted[0];
      setText(field(root, "interrupted"), below
        ? t("floor.interrupted", { speaker: below.speaker, time: F.countdownText(below.remainingMs) }) : "");
      setAttr(field(root, "interrupted"), "hidden", below ? null : true);
      setText(field(root, "next-speaker"), nextSpeaker(state) ? t("next.title", { title: nextSpeaker(state) }) : "");
      v.fitText = true;
    },
    frame: function (v, state, now) {
      var p = primaryTimer(state);
      return renderTimer(v.root, p && p.timer, now, idleFor(state));
    },
    fit: function (v) {
      fitWrapped(field(v.root, "who"), Math.round(3 * vmin()), Math.round(9 * vmin()));
    }
  };

  /* Who speaks next: the head of the speakers' queue (gavel.v2 sends it to the views that ask
   * for the queue topic), or nothing. */
  function nextSpeaker(state) {
    var head = state.queue && state.queue[0];
    return head && head.speaker ? head.speaker : null;
  }

  /* The built-in packs' speech types, by the English name the daemon gives them, in the page's
   * language; an agenda's own type keeps the name the agenda gave it. */
  var SPEECH_LABELS = {
    "Statement": "speech.statement", "Right of reply": "speech.reply", "Point of order": "speech.pointOfOrder",
    "Interposed question": "speech.question", "Explanation of vote before the vote": "speech.eovBefore",
    "Explanation of vote after the vote": "speech.eovAfter", "Panellist": "speech.panellist",
    "Moderator": "speech.moderator", "Question from the floor": "speech.floorQuestion"
  };
  function speechName(name) {
    return name ? (SPEECH_LABELS[name] ? t(SPEECH_LABELS[name]) : name) : "";
  }
  /* What kind of turn is on the floor, when it is not a plain statement: every other type is
   * said (a point of order, a reply), and so is any turn that holds someone up. By name, not by
   * id: ids belong to a pack, and a pack may reuse one ("question"). */
  function speechLabel(floor) {
    if (!floor || !floor.speechName) return "";
    var interrupting = floor.interrupted && floor.interrupted.length > 0;
    if (!interrupting && floor.speechName === "Statement") return "";
    return speechName(floor.speechName);
  }
  function floorDelegation(floor) {
    return floor.delegation && floor.delegation !== floor.speaker ? floor.delegation : "";
  }

  /* The next three speakers on the list, for the hall. */
  function nextSpeakers(state) {
    return (state.queue || []).slice(0, 3).map(function (q) { return q.speaker; }).filter(Boolean);
  }

  /* When each waiting speaker may start if everyone takes their time: after the floor (its end,
   * or now if it is over or nobody holds it) and whatever an interruption holds up. */
  function projectedStarts(state, now) {
    var floor = state.floor, at = now;
    if (floor) {
      at = Math.max(now, floor.running && floor.endsAt != null ? floor.endsAt : now + Math.max(0, floor.remainingMs));
      (floor.interrupted || []).forEach(function (b) { at += Math.max(0, b.remainingMs); });
    }
    return (state.queue || []).map(function (q) {
      var start = at;
      at += q.allottedMs != null ? q.allottedMs : (q.timeMs || 0);
      return start;
    });
  }

  /* The secondary line under a timer: the item's own time while a speaker holds the floor. */
  function secondaryText(state, now) {
    if (!state.floor || !state.item) return "";
    var r = remainingOf(state.item, now);
    var lvl = F.levelFor(r, state.item.thresholds);
    var text = r >= 0 ? t("secondary.left", { time: F.countdownText(r) }) : F.countdownText(r);
    return itemNumber(state.item) + ": " + text + (isRunning(state.item) ? "" : " " + t("secondary.paused")) +
      (lvl === "normal" ? "" : " \u00B7 " + F.LEVEL_LABELS[lvl].text);
  }

  /* Ahead or behind, the projected end, and when the next item starts: from the projection at
   * `now` (projected) where the view has one, else from the state's slid by the clock. */
  function scheduleCells(root, state, now, projected) {
    var zone = (state.meeting || {}).timeZone, schedule = state.schedule || {};
    if (projected) {
      schedule = { clockDriftMs: projected.clockDriftMs, projectedEnd: projected.projectedEnd,
        plannedEnd: projected.plannedEnd };
    }
    var slip = projected ? 0 : scheduleSlip(state, now);
    var drift = schedule.clockDriftMs != null ? schedule.clockDriftMs + slip : null;
    var ended = (state.meeting || {}).phase === "ended";
    setText(field(root, "drift"), drift == null ? "\u2013" : F.driftText(drift));
    setAttr(field(root, "drift"), "data-drift", drift == null ? null : drift > 59999 ? "behind" : drift < -59999 ? "ahead" : "on-time");
    var end = ended ? (state.meeting.endedAt) : schedule.projectedEnd != null ? schedule.projectedEnd + slip : null;
    setText(field(root, "end"), end == null ? "\u2013" : F.timeOfDay(end, zone));
    setText(field(root, "end-caption"), ended ? t("schedule.ended") : t("schedule.projectedEnd"));
    setText(field(root, "planned-end"), schedule.plannedEnd != null ? t("schedule.planned", { time: F.timeOfDay(schedule.plannedEnd, zone) }) : "");
    var next = nextItem(state);
    if (next) {
      var entry = projected ? projected.entries[next.index] : null;
      var start = entry && entry.projectedStart != null ? entry.projectedStart
        : next.projectedStart != null ? next.projectedStart + slip : next.plannedStart;
      setText(field(root, "next-time"), start != null ? "\u2248 " + F.timeOfDay(start, zone) : "");
    } else {
      setText(field(root, "next-time"), "");
    }
  }

  /* hall: title, item, speaker, remaining time, next item, ahead/behind, projected end, time. */
  var hall = {
    update: function (v, state) {
      var root = v.root, meeting = state.meeting || {};
      setText(field(root, "title"), meetingTitle(meeting));
      setText(field(root, "subtitle"), meeting.subtitle || meeting.venue || "");
      var item = state.item, caption, title;
      if (item) {
        caption = t("hall.now", { item: itemNumber(item) });
        title = titleOf(item);
      } else if (meeting.phase === "notStarted") {
        var first = firstUpcoming(state);
        caption = t("hall.startingSoon");
        title = first ? titleOf(first) : "";
      } else if (meeting.phase === "ended") {
        caption = t("hall.meetingEnded");
        title = meetingTitle(meeting);
      } else {
        caption = t("hall.betweenItems");
        title = state.next ? t("next.title", { title: titleOf(state.next) }) : "";
      }
      setText(field(root, "item-caption"), caption);
      setText(field(root, "item"), title);
      var speakerRow = field(root, "speaker-row");
      setAttr(speakerRow, "hidden", state.floor ? null : true);
      setText(field(root, "speaker"), state.floor ? state.floor.speaker : "");
      var upNext = nextSpeakers(state);
      setAttr(field(root, "next-speaker-row"), "hidden", upNext.length ? null : true);
      setText(field(root, "next-speaker-caption"), upNext.length > 1 ? t("hall.nextSpeakers") : t("hall.nextSpeaker"));
      setText(field(root, "next-speaker"), upNext.join(" \u00B7 "));
      setText(field(root, "speaker-kind"), speechLabel(state.floor)
        ? speechLabel(state.floor) + (floorDelegation(state.floor) ? " \u2014 " + floorDelegation(state.floor) : "") : "");
      setText(field(root, "timer-caption"), state.floor ? t("hall.speakingTime") : item ? t("hall.itemTime") : "");
      var next = nextItem(state);
      setText(field(root, "next"), next ? titleOf(next) : meeting.phase === "ended" ? "\u2013" : t("hall.endOfMeeting"));
      setText(field(root, "shifted"), meeting.dateShifted
        ? t("hall.shifted", { agendaDate: F.isoDateText(meeting.agendaDate), planDate: F.isoDateText(meeting.planDate) }) : "");
      v.fitText = true;
    },
    frame: function (v, state, now) {
      var p = primaryTimer(state);
      var result = renderTimer(field(v.root, "timer"), p && p.timer, now, idleFor(state));
      setText(field(v.root, "secondary"), secondaryText(state, now));
      scheduleCells(v.root, state, now, projectionAt(v, state, now));
      return result;
    },
    fit: function (v) {
      fitWrapped(field(v.root, "item"), Math.round(2.5 * vmin()), Math.round(7 * vmin()));
      fitWrapped(field(v.root, "speaker"), Math.round(2.5 * vmin()), Math.round(7 * vmin()));
    }
  };

  /* The chair's budgets (each group's time in the item, the speaking group's counting with the
   * floor) and the shares of floor time, from gavel.v2's `budgets` topic. */
  function budgetsUpdate(v, state) {
    var root = v.root, budgets = state.held && state.held.budgets;
    var groups = budgets && budgets.groups || [], shares = budgets && budgets.shares || [];
    setAttr(field(root, "budgets-box"), "hidden", groups.length || shares.length ? null : true);
    setAttr(field(root, "budgets-caption"), "hidden", groups.length ? null : true);
    setAttr(field(root, "shares-caption"), "hidden", shares.length ? null : true);
    var list = field(root, "budgets");
    while (list.firstChild) list.removeChild(list.firstChild);
    v.budgetRows = groups.map(function (g) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = g.group;
      var meter = document.createElement("span");
      meter.className = "meter";
      var bar = document.createElement("span");
      meter.appendChild(bar);
      var left = document.createElement("span");
      left.className = "left";
      li.appendChild(name);
      li.appendChild(meter);
      li.appendChild(left);
      list.appendChild(li);
      return { group: g, li: li, bar: bar, left: left, serverTime: budgets.serverTime };
    });
    var sharesList = field(root, "shares");
    while (sharesList.firstChild) sharesList.removeChild(sharesList.firstChild);
    shares.forEach(function (share) {
      var li = document.createElement("li");
      var attribute = document.createElement("span");
      attribute.className = "attribute";
      attribute.textContent = share.attribute + ": ";
      li.appendChild(attribute);
      share.values.forEach(function (value, i) {
        var span = document.createElement("span");
        var text = (value.value == null ? t("chair.notGiven") : value.value) + " " + F.percentText(value.percent);
        if (value.targetPercent != null) text += " (" + t("chair.target", { percent: F.percentText(value.targetPercent) }) + ")";
        span.textContent = (i ? " \u00B7 " : "") + text;
        // More than five points from its target reads in the warning colour.
        if (value.targetPercent != null && share.totalMs > 0 && Math.abs(value.percent - value.targetPercent) > 5) {
          span.className = "off-target";
        }
        li.appendChild(span);
      });
      sharesList.appendChild(li);
    });
  }

  function budgetsFrame(v, state, now) {
    var running = state.floor && state.floor.running;
    (v.budgetRows || []).forEach(function (row) {
      var g = row.group;
      var used = g.usedMs + (g.speaking && running ? Math.max(0, now - row.serverTime) : 0);
      var budget = g.plannedMs + g.addedMs, balance = budget - used;
      var width = budget > 0 ? Math.min(100, Math.max(0, 100 * used / budget)) : 100;
      row.bar.style.width = width.toFixed(1) + "%";
      setText(row.left, balance >= 0 ? t("chair.budgetLeft", { time: F.durationText(Math.floor(balance / 1000) * 1000) })
        : t("chair.budgetOver", { time: F.durationText(Math.floor(-balance / 1000) * 1000) }));
      setAttr(row.li, "data-spent", balance <= 0 ? "" : null);
      setAttr(row.li, "data-speaking", g.speaking ? "" : null);
    });
  }

  /* The hard end of the accepted plan, and how far past it the meeting now runs. */
  function hardEndFrame(v, state, now) {
    var cell = field(v.root, "hard-end"), schedule = state.schedule || {};
    if (!cell) return;
    var hardEnd = schedule.hardEnd, zone = (state.meeting || {}).timeZone;
    if (hardEnd == null || (state.meeting || {}).phase === "ended") {
      setAttr(cell, "hidden", true);
      return;
    }
    var projected = projectionAt(v, state, now);
    var end = projected ? projected.projectedEnd : schedule.projectedEnd;
    var past = end - hardEnd;
    setAttr(cell, "hidden", null);
    setText(cell, past >= 60000 ? t("chair.pastHardEnd", { time: F.durationText(Math.floor(past / 60000) * 60000) })
      : t("chair.hardEnd", { time: F.timeOfDay(hardEnd, zone) }));
    setAttr(cell, "data-over", past >= 60000 ? "true" : null);
  }

  /* chair: the agenda with planned against actual, the queue, alerts, the message. */
  var chair = {
    update: function (v, state) {
      var root = v.root, meeting = state.meeting || {}, zone = meeting.timeZone;
      setText(field(root, "title"), meetingTitle(meeting));
      setText(field(root, "phase"), meeting.phase === "notStarted" ? t("chair.notStarted")
        : meeting.phase === "ended" ? t("chair.ended") : meeting.paused ? t("chair.paused") : t("chair.inSession"));
      setText(field(root, "shifted"), meeting.dateShifted
        ? " \u00B7 " + t("chair.shifted", { agendaDate: F.isoDateText(meeting.agendaDate), planDate: F.isoDateText(meeting.planDate) }) : "");
      var kind = speechLabel(state.floor);
      setText(field(root, "who"), state.floor ? state.floor.speaker + (kind ? " \u00B7 " + kind : "")
        : state.item ? titleOf(state.item) : "");
      setText(field(root, "timer-caption"), state.floor ? t("chair.floor") : state.item ? itemNumber(state.item) : "");

      // The agenda: planned, actual (or projected), difference.
      var body = field(root, "agenda");
      var rows = [];
      v.projectedCells = [];  /* upcoming rows' times, projected again as time passes */
      (state.items || []).forEach(function (it) {
        var tr = document.createElement("tr");
        var dropped = it.status === "upcoming" && it.dropped;
        tr.className = "status-" + (dropped ? "dropped" : it.status) + (it.kind === "break" ? " break" : "");
        var glyph = { done: "\u2713", current: "\u25B6", skipped: "\u2013", upcoming: "" }[it.status] || "";
        var planned = F.timeOfDay(it.plannedStart, zone) + "\u2013" + F.timeOfDay(it.plannedEnd, zone);
        var actual = "", delta = "", deltaClass = "";
        if (it.status === "done") {
          actual = F.timeOfDay(it.actualStart, zone) + "\u2013" + F.timeOfDay(it.actualEnd, zone);
          var d = (it.elapsedMs || 0) - (it.allottedMs || 0);
          delta = Math.abs(d) < 1000 ? "0:00" : F.durationText(d, true);
          deltaClass = d >= 1000 ? "over" : d <= -1000 ? "under" : "";
        } else if (it.status === "current") {
          actual = F.timeOfDay(it.actualStart, zone) + "\u2013";
        } else if (dropped) {
          actual = t("chair.dropped");
        } else if (it.status === "upcoming") {
          actual = "\u2248 " + F.timeOfDay(it.projectedStart, zone);
        } else {
          actual = t("chair.skipped");
        }
        var cells = [
          [glyph, "st"], [it.kind === "break" ? "" : it.id, "num"], [titleOf(it), "name"],
          [planned, "time"], [F.durationText(it.allottedMs || 0), "dur"], [actual, "time actual"],
          [it.status === "current" ? "" : it.status === "done" ? F.durationText(it.elapsedMs || 0) : "", "dur used"],
          [delta, "delta " + deltaClass]
        ];
        cells.forEach(function (c) {
          var td = document.createElement("td");
          td.className = c[1];
          // A plan's new allotment, with what the programme gave; a fixed item's time is kept.
          if (c[1] === "dur" && it.planAllotmentMs != null) {
            td.className += " replanned";
            td.title = t("chair.replanned", { time: F.durationText(it.plannedEnd - it.plannedStart) });
          }

          if (c[1] === "name") {
            var span = document.createElement("span");
            span.textContent = c[0];
            td.appendChild(span);
            td.title = c[0];
            if (it.fixed) {
              // It starts at its planned time whatever happens before it: a plan never moves it.
              var mark = document.createElement("small");
              mark.className = "mark";
              mark.textContent = t("chair.fixed");
              td.appendChild(mark);
            }
          } else {
            td.textContent = c[0];
          }
          tr.appendChild(td);
        });
        if (it.status === "current") tr.setAttribute("data-current", "");
        if (it.status === "upcoming" && !dropped) v.projectedCells.push({ cell: tr.querySelector(".actual"), index: it.index });
        rows.push(tr);
      });
      while (body.firstChild) body.removeChild(body.firstChild);
      rows.forEach(function (tr) { body.appendChild(tr); });

      // The list: who, for whom, what kind of turn, the time each gets, and when each may start
      // (the starts count with the clock in frame()).
      var queue = field(root, "queue");
      while (queue.firstChild) queue.removeChild(queue.firstChild);
      v.queueStarts = [];
      (state.queue || []).forEach(function (q) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        name.className = "name";
        name.textContent = q.speaker;
        var details = [];
        if (q.delegation && q.delegation !== q.speaker) details.push(q.delegation);
        if (q.speechName && q.speech !== "statement" && q.speechName !== "Statement") details.push(speechName(q.speechName));
        if (details.length) {
          var small = document.createElement("span");
          small.className = "who-for";
          small.textContent = details.join(" \u00B7 ");
          name.appendChild(document.createTextNode(" "));
          name.appendChild(small);
        }
        li.appendChild(name);
        var allotted = q.allottedMs != null ? q.allottedMs : q.timeMs;
        if (allotted != null) {
          var d = document.createElement("span");
          d.className = "dur";
          d.textContent = F.durationText(allotted);
          li.appendChild(d);
        }
        var start = document.createElement("span");
        start.className = "start";
        li.appendChild(start);
        v.queueStarts.push(start);
        queue.appendChild(li);
      });
      setText(field(root, "queue-count"), (state.queue || []).length ? String(state.queue.length) : "");
      setAttr(field(root, "queue-empty"), "hidden", (state.queue || []).length ? true : null);
      setAttr(field(root, "list-closed"), "hidden", state.listClosed ? null : true);
      // Whether the list fits the item's time, and what would make it fit.
      var plan = state.listPlan;
      var planText = "";
      if (plan && plan.count) {
        planText = plan.overMs <= 0
          ? t("chair.listFits", { time: F.durationText(plan.availableMs - plan.onTheFloorMs - plan.totalMs) })
          : plan.limitForAllMs == null ? t("chair.listOverNone", { time: F.durationText(plan.overMs) })
          : t("chair.listOver", { time: F.durationText(plan.overMs), limit: F.durationText(plan.limitForAllMs), n: plan.fitting });
      }
      setText(field(root, "list-plan"), planText);
      setAttr(field(root, "list-plan"), "data-over", plan && plan.overMs > 0 ? "true" : null);

      budgetsUpdate(v, state);

      // The message itself is over every view (this one too); here, since when.
      var message = field(root, "message");
      var where = state.message && state.message.audience === "speaker" ? "chair.messageSpeaker" : "chair.messageAll";
      setText(message, state.message ? t(where, { time: F.timeOfDay(state.message.shownAt, zone, true) }) : t("chair.noMessage"));
      setAttr(message, "data-empty", state.message ? null : "true");
      v.scrollAgenda = true;
    },
    frame: function (v, state, now) {
      var root = v.root, zone = (state.meeting || {}).timeZone;
      budgetsFrame(v, state, now);
      hardEndFrame(v, state, now);
      var p = primaryTimer(state);
      var result = renderTimer(field(root, "timer"), p && p.timer, now, idleFor(state));
      setText(field(root, "secondary"), secondaryText(state, now));
      var projected = projectionAt(v, state, now);
      scheduleCells(root, state, now, projected);
      // The list's starts: later while the speaker overruns or nobody speaks.
      var starts = projectedStarts(state, now);
      (v.queueStarts || []).forEach(function (cell, i) {
        setText(cell, starts[i] != null ? t("chair.projected", { time: F.timeOfDay(starts[i], zone) }) : "");
      });
      // Upcoming items start later while the current one overruns, or while nothing runs.
      if (projected) {
        v.projectedCells.forEach(function (c) {
          setText(c.cell, "\u2248 " + F.timeOfDay(projected.entries[c.index].projectedStart, zone));
        });
      }
      // The current item's row counts with the clock.
      var current = root.querySelector("tr[data-current]");
      if (current && state.item) {
        var used = (state.item.allottedMs || 0) - remainingOf(state.item, now);
        setText(current.querySelector(".used"), F.durationText(Math.max(0, Math.floor(used / 1000) * 1000)));
        var over = -remainingOf(state.item, now);
        setText(current.querySelector(".delta"), over >= 1000 ? F.durationText(Math.floor(over / 1000) * 1000, true) : "");
        setAttr(current.querySelector(".delta"), "class", over >= 1000 ? "delta over" : "delta");
      }
      if (v.scrollAgenda) {
        v.scrollAgenda = false;
        var list = field(root, "agenda-box");
        if (current && list) {
          // Keep the current row in view, a couple of done rows above it.
          var top = current.offsetTop - 2.5 * current.offsetHeight;
          list.scrollTop = Math.max(0, top);
        } else if (list) {
          list.scrollTop = 0;
        }
      }
      renderAlerts(v, now, zone);
      return result;
    },
    fit: function () {}
  };

  /* The daemon words an alert in English ("Time is up for Ms. Louise Arbour"); in another
   * language the page says it from the alert's fields: the level, and whose time it is. */
  function alertText(a) {
    if (Gavel.i18n.language.code === "en" && a.text) return a.text;
    var key = "alert." + a.level;
    var level = Gavel.i18n.t(key) === key ? a.level : t(key);
    if (a.reminder) level += " (" + t("alert.reminder") + " " + a.reminder + ")";
    if (a.timer === "budget" && a.group) return t("alert.budgetSpent", { group: a.group });
    var subject = a.speaker || (a.itemID ? t("item.number", { id: a.itemID }) : "");
    return subject ? level + " \u00B7 " + subject : level;
  }

  function renderAlerts(v, now, zone) {
    var list = field(v.root, "alerts");
    if (!list || v.alertsShown === v.alerts.length) return;
    v.alertsShown = v.alerts.length;
    while (list.firstChild) list.removeChild(list.firstChild);
    var recent = v.alerts.slice(-8).reverse();
    recent.forEach(function (a, i) {
      var li = document.createElement("li");
      li.setAttribute("data-level", a.level);
      if (i === 0 && now - a.at < 5000) li.className = "fresh";
      var time = document.createElement("span");
      time.className = "time";
      time.textContent = F.timeOfDay(a.at, zone, true);
      var glyph = document.createElement("span");
      glyph.className = "glyph";
      glyph.textContent = (F.LEVEL_LABELS[a.level] || F.LEVEL_LABELS.idle).glyph;
      var text = document.createElement("span");
      text.className = "text";
      var said = alertText(a);
      text.textContent = said.charAt(0).toUpperCase() + said.slice(1);
      li.appendChild(time);
      li.appendChild(glyph);
      li.appendChild(text);
      list.appendChild(li);
    });
    setAttr(field(v.root, "alerts-empty"), "hidden", v.alerts.length ? true : null);
  }

  /* clock: the time of day in the venue's zone, large. */
  var clock = {
    update: function (v) { v.fitText = true; },
    frame: function () { return null; },
    fit: function () {}
  };

  /* Every view: the time of day ([data-f=clock], [data-f=date], [data-f=zone]). */
  function renderClock(v, state, now) {
    var zone = state && state.meeting ? state.meeting.timeZone : null;
    var second = Math.floor(now / 1000);
    if (v.lastSecond === second && v.lastZone === zone) return;
    v.lastSecond = second;
    v.lastZone = zone;
    var clocks = v.root.querySelectorAll('[data-f="clock"]');
    for (var i = 0; i < clocks.length; i++) {
      var withSeconds = clocks[i].getAttribute("data-seconds") !== "false";
      setText(clocks[i], F.timeOfDay(now, zone, withSeconds));
    }
    setText(field(v.root, "date"), F.dateText(now, zone));
    setText(field(v.root, "zone"), zone ? zone.replace(/_/g, " ") : "");
  }

  Gavel.views = {
    speaker: speaker,
    hall: hall,
    chair: chair,
    clock: clock,
    renderClock: renderClock,
    renderTimer: renderTimer,
    fitTimer: fitTimer,
    fitToBox: fitToBox,
    fitWrapped: fitWrapped,
    field: field,
    setText: setText,
    setAttr: setAttr,
    primaryTimer: primaryTimer,
    remainingOf: remainingOf,
    isRunning: isRunning,
    vmin: vmin
  };
})(window.Gavel = window.Gavel || {});
