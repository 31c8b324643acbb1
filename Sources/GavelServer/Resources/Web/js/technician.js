/* Gavel: the technician's list of displays (/displays). Asks for the control token once and
 * keeps it in sessionStorage (gone with the tab; never in the URL, where logs and history would
 * keep it), then reads GET /api/v1/displays every 2 s and flags what needs a look: a clock far
 * off (the page corrects for it, but the machine's clock is wrong), a slow round trip, a display
 * not heard from for more than 10 s (it pings every 4 s).
 *
 * Times come from the daemon's serverTime, so this laptop's own clock does not matter. Every
 * value is set as text, never as HTML: the list carries what clients said about themselves.
 * Its words come from the display's tables (js/i18n/): ?lang=, else the browser's language. */
"use strict";
(function () {
  var KEY = "gavel.controlToken";
  var REFRESH_MS = 2000;
  var LIMITS = { offsetMs: 1000, roundTripMs: 250, silentMs: 10000 };
  var timer = null;
  function t(key, params) { return Gavel.i18n.t(key, params); }

  function $(id) { return document.getElementById(id); }

  function setStatus(text, problem) {
    var status = $("status");
    status.textContent = text;
    status.className = problem ? "problem" : "";
  }

  function token() {
    try { return sessionStorage.getItem(KEY); } catch (e) { return null; }
  }

  function askForToken(why) {
    clearTimeout(timer);
    try { sessionStorage.removeItem(KEY); } catch (e) { /* storage off: asked each time */ }
    $("login").hidden = false;
    $("signout").hidden = true;
    $("list").hidden = true;
    setStatus(why, !!why && why !== t("tech.enterToken"));
    $("token").focus();
  }

  function span(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return t("tech.seconds", { n: s });
    if (s < 3600) return t("unit.minutes", { m: Math.floor(s / 60) });
    var m = Math.floor(s % 3600 / 60);
    return t("unit.hoursMinutes", { h: Math.floor(s / 3600), m: (m < 10 ? "0" : "") + m });
  }

  function ms(value) {
    var a = Math.abs(value);
    if (a < 1000) return a.toFixed(1) + " ms";
    if (a < 60000) return (a / 1000).toFixed(2) + " s";
    return (a / 1000).toFixed(0) + " s";
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function render(list) {
    var rows = $("rows");
    rows.textContent = "";
    var flagged = 0;
    list.displays.forEach(function (entry) {
      var d = entry.display || {};
      var silent = list.serverTime - entry.lastSeen;
      // Only pages promise to ping every 4 s; a script may stay quiet and be fine.
      var flags = {
        offset: d.clockOffsetMs != null && Math.abs(d.clockOffsetMs) > LIMITS.offsetMs,
        rtt: d.roundTripMs != null && d.roundTripMs > LIMITS.roundTripMs,
        silent: entry.kind === "display" && silent > LIMITS.silentMs
      };
      var tr = document.createElement("tr");
      tr.setAttribute("data-connection", entry.connection);
      tr.setAttribute("data-kind", entry.kind);
      cell(tr, d.view || entry.kind);
      cell(tr, d.language || "\u2014");
      cell(tr, entry.address);
      cell(tr, entry.protocol);
      cell(tr, d.clockOffsetMs == null ? "\u2014" : (d.clockOffsetMs < 0 ? "\u2212" : "+") + ms(d.clockOffsetMs),
        "number offset" + (flags.offset ? " flag" : ""));
      cell(tr, d.roundTripMs == null ? "\u2014" : ms(d.roundTripMs), "number rtt" + (flags.rtt ? " flag" : ""));
      cell(tr, t("tech.ago", { span: span(silent) }), "number seen" + (flags.silent ? " flag" : ""));
      cell(tr, span(list.serverTime - entry.connectedAt), "number");
      cell(tr, d.screen || "\u2014");
      cell(tr, d.userAgent || "\u2014", "agent");
      if (flags.offset || flags.rtt || flags.silent) {
        tr.className = "flagged";
        flagged += 1;
      }
      rows.appendChild(tr);
    });
    var count = list.displays.length;
    var text = count === 0 ? t("tech.nothing") : t(count === 1 ? "tech.one" : "tech.many", { n: count });
    if (flagged) text += " \u00B7 " + t("tech.flagged", { n: flagged });
    setStatus(text + " \u00B7 " + t("tech.refreshed"), flagged > 0);
    $("list").hidden = false;
  }

  function refresh() {
    clearTimeout(timer);
    var current = token();
    if (!current) { askForToken(t("tech.enterToken")); return; }
    fetch("/api/v1/displays", { headers: { Authorization: "Bearer " + current }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) { askForToken(t("tech.refused")); return null; }
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body && body.message ? body.message : "HTTP " + response.status);
          return body;
        });
      })
      .then(function (list) {
        if (!list) return;
        $("login").hidden = true;
        $("signout").hidden = false;
        render(list);
        timer = setTimeout(refresh, REFRESH_MS);
      })
      .catch(function (error) {
        setStatus(t("tech.unreachable", { error: error.message }), true);
        timer = setTimeout(refresh, REFRESH_MS);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var asked = /[?&]lang=([^&]*)/.exec(window.location.search);
    Gavel.i18n.use((asked && Gavel.i18n.supported(decodeURIComponent(asked[1]))) || Gavel.i18n.browserLanguage() || "en");
    $("login").addEventListener("submit", function (event) {
      event.preventDefault();
      var value = $("token").value.trim();
      $("token").value = "";
      if (!value) return;
      try { sessionStorage.setItem(KEY, value); } catch (e) { /* kept for this load only */ }
      refresh();
    });
    $("signout").addEventListener("click", function () { askForToken(t("tech.forgotten")); });
    refresh();
  });
})();
