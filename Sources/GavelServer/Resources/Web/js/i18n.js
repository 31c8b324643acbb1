/* Gavel display: the language a page speaks, and its words. Every word a view shows comes from
 * one table per language (js/i18n/<code>.js, each adding itself to Gavel.languages); this file
 * picks the language and fills the templates. The language is, in order: the page's ?lang=, the
 * daemon's --display-language (said in its hello), the browser's own (navigator.languages),
 * English. Arabic is right to left: <html dir="rtl"> mirrors the whole view (gavel.css uses
 * logical sides), and the countdown stays a left-to-right run of Western digits, as the UN's
 * Arabic documents and its meeting-room screens write figures.
 *
 * In index.html, [data-i18n=KEY] sets an element's text and [data-i18n-attr="attr:KEY,..."]
 * its attributes. t(KEY, {name: value}) fills {name} in a label. */
"use strict";
(function (Gavel) {
  var CODES = ["ar", "zh", "en", "fr", "ru", "es"];
  var current = null;

  function table(code) { return (Gavel.languages || {})[code]; }

  /* A code this page speaks, from "fr", "fr-CH", "zh-Hans-CN"...; null otherwise. */
  function supported(code) {
    var base = String(code || "").toLowerCase().split(/[-_]/)[0];
    return CODES.indexOf(base) >= 0 && table(base) ? base : null;
  }

  function browserLanguage() {
    var list = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language];
    for (var i = 0; i < list.length; i++) {
      var code = supported(list[i]);
      if (code) return code;
    }
    return null;
  }

  /* The label KEY in the current language, {name} filled from params. A key missing from a
   * table falls back to English (the test of the tables fails on it first). */
  function t(key, params) {
    var lang = current || table("en");
    var text = lang.labels[key];
    if (text == null) text = table("en").labels[key];
    if (text == null) text = key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return params[name] != null ? String(params[name]) : whole;
      });
    }
    return text;
  }

  /* Sets the language and writes it into the document: lang, dir, the static labels. */
  function use(code, root) {
    current = table(supported(code) || "en");
    var html = document.documentElement;
    html.setAttribute("lang", current.code);
    html.setAttribute("dir", current.dir);
    translate(root || document);
    if (Gavel.format && Gavel.format.reset) Gavel.format.reset();
    return current.code;
  }

  function translate(root) {
    var nodes = root.querySelectorAll("[data-i18n]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute("data-i18n"));
    var withAttrs = root.querySelectorAll("[data-i18n-attr]");
    for (var j = 0; j < withAttrs.length; j++) {
      withAttrs[j].getAttribute("data-i18n-attr").split(",").forEach(function (pair) {
        var p = pair.split(":");
        withAttrs[j].setAttribute(p[0].trim(), t(p[1].trim()));
      });
    }
  }

  Gavel.i18n = {
    CODES: CODES,
    supported: supported,
    browserLanguage: browserLanguage,
    t: t,
    use: use,
    translate: translate,
    /* The current table: code, dir, locale (for Intl), name. */
    get language() { return current || table("en"); },
    /* An agenda text in this page's language when the agenda has one ({titles: {fr: ...}}). */
    localized: function (value, translations) {
      var code = (current || table("en")).code;
      return translations && translations[code] ? translations[code] : value;
    }
  };
})(window.Gavel = window.Gavel || {});
