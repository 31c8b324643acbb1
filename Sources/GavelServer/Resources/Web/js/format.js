/* Gavel display: pure functions (no DOM, no clock): levels, countdown text, times of day.
 * Plain ES2017 script (no modules, no build step) so a modest browser runs it as shipped. */
"use strict";
(function (Gavel) {
  var LEVELS = ["normal", "warning", "wrapUp", "timeUp", "overrun"];

  function t(key, params) { return Gavel.i18n.t(key, params); }

  /* Each level has a text label and a glyph besides its colour, so nobody has to tell colours
   * apart (see the palette note at the top of gavel.css). The words are the page's language's
   * (js/i18n/), read when asked for. */
  var GLYPHS = {
    normal: "\u25CF",  // ● filled circle
    warning: "\u25B2", // ▲ triangle
    wrapUp: "\u25C6",  // ◆ diamond
    timeUp: "\u25A0",  // ■ square (and inverse video)
    overrun: "\u271A", // ✚ heavy cross (and striped frame)
    idle: "\u25CB"     // ○ no timer running
  };
  var LEVEL_LABELS = {};
  Object.keys(GLYPHS).forEach(function (level) {
    Object.defineProperty(LEVEL_LABELS, level, {
      enumerable: true,
      get: function () { return { glyph: GLYPHS[level], text: level === "idle" ? "" : t("level." + level) }; }
    });
  });

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
    return { sign: "+", digits: clockText(Math.floor(-remainingMs / 1000)), suffix: " " + t("timer.over") };
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

  /* A share of floor time: "41.2 %", in the page's language (Intl: "41,2 %" in French). */
  function percentText(percent) {
    var digits = percent % 1 === 0 ? 0 : 1;
    try {
      return new Intl.NumberFormat(locale(), { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits })
        .format(percent / 100);
    } catch (e) {
      return percent.toFixed(digits) + " %";
    }
  }

  /* Schedule drift against the printed programme (positive: behind). */
  function driftText(driftMs) {
    var minutes = Math.round(Math.abs(driftMs) / 60000);
    if (minutes < 1) return t("drift.onTime");
    var amount = minutes >= 60 ? t("unit.hoursMinutes", { h: Math.floor(minutes / 60), m: two(minutes % 60) })
      : t("unit.minutes", { m: minutes });
    return t(driftMs > 0 ? "drift.behind" : "drift.ahead", { amount: amount });
  }

  /* Times of day in the venue's zone, in the page's language (its table's Intl locale: Arabic
   * with Western digits, "ar-u-nu-latn"). A formatter per zone and style, made once per
   * language. Falls back to the display's own zone when the browser does not know the venue's. */
  var formatters = {};
  function locale() { return Gavel.i18n.language.locale; }
  function reset() { formatters = {}; dateFormatters = {}; }
  function formatter(zone, seconds) {
    var key = (zone || "") + (seconds ? "|s" : "|m");
    if (formatters[key]) return formatters[key];
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (seconds) options.second = "2-digit";
    if (zone) options.timeZone = zone;
    var f;
    try {
      f = new Intl.DateTimeFormat(locale(), options);
    } catch (e) {
      delete options.timeZone;
      f = new Intl.DateTimeFormat(locale(), options);
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
        dateFormatters[key] = new Intl.DateTimeFormat(locale(), options);
      } catch (e) {
        delete options.timeZone;
        dateFormatters[key] = new Intl.DateTimeFormat(locale(), options);
      }
    }
    return dateFormatters[key].format(new Date(instantMs));
  }

  /* "2018-05-21" → "21 May 2018" (in the page's language) without any time zone arithmetic:
   * the day's noon in UTC, written in UTC. */
  function isoDateText(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso || "";
    var instant = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
    return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
      .format(new Date(instant));
  }

  Gavel.format = {
    LEVELS: LEVELS,
    LEVEL_LABELS: LEVEL_LABELS,
    levelFor: levelFor,
    clockText: clockText,
    countdownParts: countdownParts,
    countdownText: countdownText,
    durationText: durationText,
    percentText: percentText,
    driftText: driftText,
    timeOfDay: timeOfDay,
    dateText: dateText,
    isoDateText: isoDateText,
    reset: reset
  };
})(window.Gavel = window.Gavel || {});
