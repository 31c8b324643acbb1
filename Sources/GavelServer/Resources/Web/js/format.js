/* Gavel display: pure functions (no DOM, no clock): levels, countdown text, times of day.
 * Plain ES2017 script (no modules, no build step) so a modest browser runs it as shipped. */
"use strict";
(function (Gavel) {
  var LEVELS = ["normal", "warning", "wrapUp", "timeUp", "overrun"];

  /* Each level has a text label and a glyph besides its colour, so nobody has to tell colours
   * apart (see the palette note at the top of gavel.css). */
  var LEVEL_LABELS = {
    normal: { glyph: "\u25CF", text: "REMAINING" }, // ● filled circle
    warning: { glyph: "\u25B2", text: "WARNING" },  // ▲ triangle
    wrapUp: { glyph: "\u25C6", text: "WRAP UP" },   // ◆ diamond
    timeUp: { glyph: "\u25A0", text: "TIME" },      // ■ square (and inverse video)
    overrun: { glyph: "\u271A", text: "OVERRUN" },  // ✚ heavy cross (and striped frame)
    idle: { glyph: "\u25CB", text: "" }             // ○ no timer running
  };

  /* The protocol's rule: normal while more than warningMs remain, warning, wrapUp from
   * wrapUpMs, timeUp from zero for timeUpHoldMs, then overrun. */
  function levelFor(remainingMs, thresholds) {
    var t = thresholds || {};
    var warning = t.warningMs != null ? t.warningMs : 0;
    var wrapUp = t.wrapUpMs != null ? t.wrapUpMs : 0;
    var hold = t.timeUpHoldMs != null ? t.timeUpHoldMs : 10000;
    if (remainingMs > warning) return "normal";
    if (remainingMs > wrapUp) return "warning";
    if (remainingMs > 0) return "wrapUp";
    if (remainingMs > -hold) return "timeUp";
    return "overrun";
  }

  function two(n) { return n < 10 ? "0" + n : String(n); }

  /* Whole seconds as m:ss, or h:mm:ss from an hour. */
  function clockText(totalSeconds) {
    var s = Math.max(0, totalSeconds);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    return h > 0 ? h + ":" + two(m) + ":" + two(r) : m + ":" + two(r);
  }

  /* The countdown: seconds rounded up while time remains ("0:00" exactly at time up), then
   * the time over, rounded down, as {sign: "+", digits: "0:42", suffix: " over"}. */
  function countdownParts(remainingMs) {
    if (remainingMs >= 0) return { sign: "", digits: clockText(Math.ceil(remainingMs / 1000)), suffix: "" };
    return { sign: "+", digits: clockText(Math.floor(-remainingMs / 1000)), suffix: " over" };
  }

  function countdownText(remainingMs) {
    var p = countdownParts(remainingMs);
    return p.sign + p.digits + p.suffix;
  }

  /* A duration for tables and captions: "40:00", "1:05:00"; signed when asked ("+2:10"). */
  function durationText(ms, signed) {
    var negative = ms < 0;
    var text = clockText(Math.round(Math.abs(ms) / 1000));
    if (!signed) return text;
    return (negative ? "\u2212" : "+") + text;
  }

  /* Schedule drift against the printed programme (positive: behind). */
  function driftText(driftMs) {
    var minutes = Math.round(Math.abs(driftMs) / 60000);
    if (minutes < 1) return "on time";
    var amount = minutes >= 60 ? Math.floor(minutes / 60) + " h " + two(minutes % 60) + " min" : minutes + " min";
    return amount + (driftMs > 0 ? " behind" : " ahead");
  }

  /* Times of day in the venue's zone. A formatter per zone and style, made once. Falls back
   * to the display's own zone when the browser does not know the venue's. */
  var formatters = {};
  function formatter(zone, seconds) {
    var key = (zone || "") + (seconds ? "|s" : "|m");
    if (formatters[key]) return formatters[key];
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (seconds) options.second = "2-digit";
    if (zone) options.timeZone = zone;
    var f;
    try {
      f = new Intl.DateTimeFormat("en-GB", options);
    } catch (e) {
      delete options.timeZone;
      f = new Intl.DateTimeFormat("en-GB", options);
    }
    formatters[key] = f;
    return f;
  }

  /* "14:05" or "14:05:32" for an instant (ms since the epoch on the server's timeline).
   * A Date built from a number is just a value: no clock is read here. */
  function timeOfDay(instantMs, zone, seconds) {
    if (instantMs == null || !isFinite(instantMs)) return "";
    var text = formatter(zone, seconds).format(new Date(instantMs));
    return text.replace(/^24:/, "00:");
  }

  var dateFormatters = {};
  function dateText(instantMs, zone) {
    if (instantMs == null || !isFinite(instantMs)) return "";
    var key = zone || "";
    if (!dateFormatters[key]) {
      var options = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
      if (zone) options.timeZone = zone;
      try {
        dateFormatters[key] = new Intl.DateTimeFormat("en-GB", options);
      } catch (e) {
        delete options.timeZone;
        dateFormatters[key] = new Intl.DateTimeFormat("en-GB", options);
      }
    }
    return dateFormatters[key].format(new Date(instantMs));
  }

  /* "2018-05-21" → "21 May 2018" without any time zone arithmetic. */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function isoDateText(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso || "";
    return Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1];
  }

  Gavel.format = {
    LEVELS: LEVELS,
    LEVEL_LABELS: LEVEL_LABELS,
    levelFor: levelFor,
    clockText: clockText,
    countdownParts: countdownParts,
    countdownText: countdownText,
    durationText: durationText,
    driftText: driftText,
    timeOfDay: timeOfDay,
    dateText: dateText,
    isoDateText: isoDateText
  };
})(window.Gavel = window.Gavel || {});
