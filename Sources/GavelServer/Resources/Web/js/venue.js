/* Gavel: the venue overview (venue.html). Every room's summary comes in the WebSocket topic
 * "venue" (docs/protocol.md), whenever a room's changes or one goes stale; between messages the
 * page projects each to the server's now once a second, as the daemon's summary says how: a
 * timer counts from its endsAt, and the drift and projected end grow with the clock from
 * schedule.growsFrom. A room whose daemon has not been heard from for staleAfterMs is greyed
 * and marked (the daemon sends the overview again when a room goes stale), with how long it has
 * been silent. */
"use strict";
(function (Gavel) {
  var t = function (key, params) { return Gavel.i18n.t(key, params); };
  var venue = null;
  var receivedAt = 0;
  var clock = null;

  function growth(status, now) {
    var from = status.schedule.growsFrom;
    if (from == null) return 0;
    return Math.max(0, now - Math.max(from, status.serverTime));
  }

  function remainingMs(timer, now) {
    return timer.running && timer.endsAt != null ? timer.endsAt - now : timer.remainingMs;
  }

  /* On time within a minute; behind by up to ten minutes; late beyond. */
  function driftClass(ms) {
    if (Math.abs(ms) < 60000) return "onTime";
    if (ms < 0) return "ahead";
    return ms < 600000 ? "behind" : "late";
  }

  function cell(row, className, text) {
    var td = document.createElement("td");
    td.className = className;
    if (text != null) td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function line(td, className, text) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    td.appendChild(span);
  }

  function render() {
    if (!clock) return;
    var now = clock.now();
    document.getElementById("clock").textContent = Gavel.format.timeOfDay(now, venue && venue.rooms[0] &&
      venue.rooms[0].status.timeZone, true);
    var body = document.querySelector("#rooms tbody");
    var rooms = venue ? venue.rooms : [];
    document.getElementById("empty").hidden = !venue || rooms.length > 0;
    document.documentElement.classList.toggle("compact", rooms.length > 8);
    var rows = [];
    rooms.forEach(function (room) {
      var s = room.status;
      var zone = s.timeZone;
      var row = document.createElement("tr");
      row.setAttribute("data-room", room.room);
      // The daemon says when a room goes stale (and sends the overview then); the page only counts
      // on how long a stale room has been silent.
      var silent = room.silentMs == null ? null : room.silentMs + Math.max(0, now - venue.serverTime);
      var stale = room.stale;
      if (stale) {
        row.className = "stale";
        row.setAttribute("data-stale", silent == null ? t("venue.stopped") :
          t("venue.stale", { time: Gavel.format.durationText(silent) }));
      }
      var name = cell(row, "room", room.room || t("venue.thisRoom"));
      if (stale) name.setAttribute("data-stale", row.getAttribute("data-stale"));
      var phase = document.createElement("span");
      phase.className = "phase";
      phase.setAttribute("data-phase", s.phase);
      phase.textContent = t("venue.phase." + s.phase);
      name.appendChild(document.createElement("br"));
      name.appendChild(phase);

      var item = cell(row, "item");
      line(item, "title", s.item ? t("item.number", { id: s.item.id }) + " \u00B7 " + s.item.title : "\u2014");
      line(item, "meeting", s.title);

      var speaker = cell(row, "speaker");
      if (s.speaker) {
        line(speaker, "name", s.speaker.name);
        if (s.speaker.delegation) line(speaker, "delegation", s.speaker.delegation);
      } else {
        speaker.textContent = "\u2014";
      }

      var timer = s.speaker ? s.speaker.timer : s.item ? s.item.timer : null;
      var left = cell(row, "num left");
      if (timer) {
        var ms = remainingMs(timer, now);
        left.textContent = Gavel.format.countdownText(ms);
        left.setAttribute("data-level", Gavel.format.levelFor(ms, timer));
      } else {
        left.textContent = "\u2014";
      }

      var grown = growth(s, now);
      var drift = cell(row, "drift");
      if (s.phase === "ended") {
        drift.textContent = "\u2014";
        drift.setAttribute("data-drift", "none");
      } else {
        var driftMs = s.schedule.clockDriftMs + grown;
        drift.textContent = Gavel.format.driftText(driftMs);
        drift.setAttribute("data-drift", driftClass(driftMs));
        drift.setAttribute("data-drift-ms", String(Math.round(driftMs)));
      }
      cell(row, "time projected", Gavel.format.timeOfDay(s.schedule.projectedEnd + grown, zone));
      cell(row, "time planned", Gavel.format.timeOfDay(s.schedule.plannedEnd, zone));
      var alert = cell(row, "alert");
      if (s.lastAlert) {
        alert.textContent = t("level." + s.lastAlert.level) + " \u00B7 " + Gavel.format.timeOfDay(s.lastAlert.at, zone, true);
        alert.setAttribute("data-level", s.lastAlert.level);
      } else {
        alert.textContent = "\u2014";
      }
      cell(row, "time updated", Gavel.format.timeOfDay(room.updatedAt, zone, true));
      rows.push(row);
    });
    body.replaceChildren.apply(body, rows);
  }

  function start() {
    var asked = /[?&]lang=([^&]*)/.exec(window.location.search);
    Gavel.i18n.use((asked && Gavel.i18n.supported(decodeURIComponent(asked[1]))) ||
      Gavel.i18n.browserLanguage() || "en");
    clock = new Gavel.ClockSync();
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var badge = document.getElementById("connection");
    var connection = new Gavel.Connection({
      url: scheme + window.location.host + "/ws?topics=venue",
      path: "/ws?topics=venue",
      servers: Gavel.Connection.serversFromQuery(window.location.search),
      clock: clock,
      onMessage: function (message) {
        if (message.type !== "venue") return;
        venue = message;
        receivedAt = clock.localNow();
        render();
      },
      onStatus: function (status) {
        document.documentElement.setAttribute("data-connection", status);
        badge.textContent = status === "connected" ? "" : t("connection." + status);
      }
    });
    connection.start();
    setInterval(render, 1000);
    Gavel.venue = { connection: connection, get message() { return venue; }, get receivedAt() { return receivedAt; } };
  }

  document.addEventListener("DOMContentLoaded", start);
})(window.Gavel = window.Gavel || {});
