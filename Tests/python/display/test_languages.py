"""The displays in the six official languages of the United Nations (issue 23): one table of
labels per language with the same keys, the language chosen by ?lang=, the daemon's
--display-language or the browser, Arabic right to left with the countdown's Western digits,
the agenda's own titles in a display's language, and every view in every language at 16:9, 4:3
and portrait with no layout problem, in the fonts gaveld serves.

One daemon and one browser for the whole grid: the page switches language in place
(Gavel.app.useLanguage, what a hello naming another language does) and the viewport is resized,
so 72 layouts cost four page loads."""
import os
import re
import subprocess

from display_page import layout_problems
from gavel_harness import GAVELD, seconds_agenda
from meeting import WEB_ROOT, drive

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
SIZES = {"16x9": (1920, 1080), "4x3": (1024, 768), "portrait": (1080, 1920)}
I18N = os.path.join(WEB_ROOT, "js", "i18n")

# Item 2's title in five more languages, long as UN titles are, and a speaker's name in Cyrillic.
PANEL_TITLES = {
    "fr": "Débat : meilleures pratiques pour des migrations sûres, ordonnées et régulières",
    "es": "Debate: mejores prácticas para una migración segura, ordenada y regular",
    "ru": "Дискуссия: передовой опыт обеспечения безопасной, упорядоченной и легальной миграции",
    "zh": "小组讨论：支持安全、有序和正常移民的最佳做法",
    "ar": "حلقة نقاش: أفضل الممارسات لدعم الهجرة الآمنة والمنظمة والنظامية",
}
MEETING_TITLES = {
    "fr": "Cinquième audition interactive informelle multipartite",
    "es": "Quinta audiencia interactiva oficiosa de múltiples interesados",
    "ru": "Пятые неофициальные интерактивные слушания с участием многих заинтересованных сторон",
    "zh": "第五次非正式互动多利益攸关方听证会",
    "ar": "جلسة الاستماع الخامسة غير الرسمية التفاعلية لأصحاب المصلحة المتعددين",
}
EXPECTED_LABEL = {"ar": "الوقت المتبقي", "zh": "剩余时间", "en": "REMAINING", "fr": "TEMPS RESTANT",
                  "ru": "ОСТАЛОСЬ", "es": "TIEMPO RESTANTE"}


def tables():
    """{language: {key: label}} from js/i18n/<code>.js, read as text."""
    result = {}
    for code in LANGUAGES:
        with open(os.path.join(I18N, f"{code}.js"), encoding="utf-8") as f:
            text = f.read()
        body = text[text.index("labels: {"):]
        result[code] = dict(re.findall(r'"([\w.]+)":\s*"((?:[^"\\]|\\.)*)"', body))
    return result


def test_every_language_has_every_label_and_the_page_uses_no_other():
    labels = tables()
    english = set(labels["en"])
    assert len(english) >= 100, len(english)
    for code, table in labels.items():
        assert set(table) == english, (code, "missing", sorted(english - set(table)), "extra",
                                       sorted(set(table) - english))
        for key, text in table.items():
            assert text.strip(), (code, key)
            # The same {placeholders} in every language: a label that drops one loses a value.
            assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", labels["en"][key])), (code, key)
    # Every key the page asks for is in the tables.
    used = set()
    for name in ("index.html", "displays.html", "console.html"):
        with open(os.path.join(WEB_ROOT, name), encoding="utf-8") as f:
            html = f.read()
        used |= set(re.findall(r'data-i18n="([\w.]+)"', html))
        used |= {pair.split(":")[1] for attr in re.findall(r'data-i18n-attr="([^"]+)"', html) for pair in attr.split(",")}
    for name in os.listdir(os.path.join(WEB_ROOT, "js")):
        if name.endswith(".js"):
            with open(os.path.join(WEB_ROOT, "js", name), encoding="utf-8") as f:
                used |= set(re.findall(r'\bt\("([\w.]+)"[,)]', f.read()))
    # And the keys made from a name (t("level." + level)).
    used |= {f"level.{x}" for x in ("normal", "warning", "wrapUp", "timeUp", "overrun")}
    used |= {f"view.{x}" for x in ("speaker", "hall", "chair", "clock")}
    used |= {f"alert.{x}" for x in ("warning", "wrapUp", "timeUp", "overrun")}
    assert used and used <= english, sorted(used - english)


def languages_agenda():
    agenda = seconds_agenda(
        [("Opening of the multi-stakeholder hearing", 600),
         ("Panel Discussion: Best practices to support safe, orderly and regular migration", 900),
         ("Closing of the hearing", 300)],
        zone="America/New_York", title="Fifth informal interactive multi-stakeholder hearing", start_in=0)
    agenda["titles"] = MEETING_TITLES
    agenda["items"][1]["titles"] = PANEL_TITLES
    agenda["items"][1]["people"] = [{"name": "Louise Arbour", "names": {"ru": "Луиза Арбур", "zh": "路易丝·阿尔布尔"},
                                     "role": "moderator"}]
    return agenda


# Every font the page asked for is in, and the message band has slid in (its animation), then
# two frames drawn.
FONTS_READY = """
var done = arguments[arguments.length - 1];
var sliding = (document.getAnimations ? document.getAnimations() : []).filter(function (a) {
  return a.effect && a.effect.getComputedTiming().iterations !== Infinity; });
Promise.all([document.fonts.ready].concat(sliding.map(function (a) { return a.finished.catch(function () {}); })))
  .then(function () {
    requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); }); });
"""


def loaded_fonts(page):
    return page.js("return Array.from(document.fonts).filter(function (f) { return f.status === 'loaded'; })"
                   ".map(function (f) { return f.family.replace(/[\"']/g, '') + ' ' + f.weight; })")


def test_every_view_in_every_language_fits_in_the_fonts_gaveld_serves(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=languages_agenda())
    drive(daemon, "start")
    drive(daemon, "goto", item=2)
    drive(daemon, "floorGrant", speaker="H.E. Ms. María Fernanda Espinosa Garcés", duration="3m")
    drive(daemon, "queueAdd", speaker="Mr. Vassily Nebenzia")
    drive(daemon, "showMessage", text="Please conclude / Veuillez conclure / 请结束发言 / يرجى الاختتام")
    page = None
    for view in ("speaker", "hall", "chair", "clock"):
        if page is None:
            page = browser(daemon, view=view, query="lang=en")
        else:
            page.open(daemon, view=view, query="lang=en")
        page.wait_probe(lambda p: p["connection"] == "connected" and p["synced"], message=f"{view}: connected")
        for code in LANGUAGES if view != "speaker" else ("en", *[c for c in LANGUAGES if c != "en"]):
            page.js("Gavel.app.useLanguage(arguments[0])", code)
            for size_name, size in SIZES.items():
                page.resize(*size)
                # Drawn first (a font is fetched when text of its range is laid out), then every
                # font in, then drawn again (the page fits again when a font arrives).
                page.settle()
                page.driver.execute_async_script(FONTS_READY)
                problems = layout_problems(page)
                page.screenshot(os.path.join(screenshot_dir, f"lang-{view}-{code}-{size_name}.png"))
                assert problems == [], (view, code, size_name, problems)
            facts = page.js("""
                var h = document.documentElement, d = document.querySelector('#countdown .digits');
                return {lang: h.lang, dir: h.dir, text: document.body.innerText, title: document.title,
                        digits: d ? d.textContent : null,
                        label: (document.getElementById('level') || {}).textContent || ''};""")
            assert (facts["lang"], facts["dir"]) == (code, "rtl" if code == "ar" else "ltr"), (view, facts)
            if facts["digits"] is not None:
                # Western digits in every language, Arabic included.
                assert re.fullmatch(r"[0-9:]+", facts["digits"]), (view, code, facts["digits"])
            if view in ("hall", "chair"):
                assert MEETING_TITLES.get(code, "Fifth informal") in facts["text"], (view, code, facts["text"])
            if view == "hall":
                assert PANEL_TITLES.get(code, "Panel Discussion") in facts["text"], (code, facts["text"])
            if view == "speaker":
                assert EXPECTED_LABEL[code] in facts["label"], (code, facts["label"])
            if view == "chair" and code in ("ru", "zh"):
                assert PANEL_TITLES[code] in facts["text"], (code, facts["text"])
        if view == "speaker":
            # Served, and fetched only for a script on the page: the English pass loaded no
            # Arabic or Chinese font; the Arabic and Chinese ones drew in those languages.
            fonts = loaded_fonts(page)
            assert any(f.startswith("Gavel Arabic") for f in fonts), fonts
            assert any(f.startswith("Gavel CJK") for f in fonts), fonts
            assert any(f.startswith("Gavel Text") for f in fonts), fonts
        if view == "hall":
            # Arabic mirrors the whole view: the item stands right of the timer at 16:9.
            page.js("Gavel.app.useLanguage('ar')")
            page.resize(*SIZES["16x9"])
            page.settle()
            now_box, timer_box = page.js("""
                return [document.querySelector('.hall-now').getBoundingClientRect().left,
                        document.querySelector('.v-hall .timer').getBoundingClientRect().left];""")
            assert now_box > timer_box, (now_box, timer_box)


def test_an_english_display_fetches_no_arabic_or_chinese_font(gaveld_factory, browser):
    page = browser(gaveld_factory(agenda=seconds_agenda([("Item", 60)])), view="hall", query="lang=en")
    page.wait_probe(lambda p: p["connection"] == "connected", message="connected")
    page.settle()
    page.driver.execute_async_script(FONTS_READY)
    fonts = loaded_fonts(page)
    assert any(f.startswith("Gavel Text") for f in fonts), fonts
    assert not any(f.startswith(("Gavel Arabic", "Gavel CJK")) for f in fonts), fonts


def test_language_from_the_address_the_daemon_or_the_browser(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Item", 60)]), extra_args=["--display-language", "ar"])
    subscriber = daemon.subscribe()
    assert subscriber.next(type="hello")["displayLanguage"] == "ar"
    subscriber.close()
    # No ?lang=: the daemon's default, from the hello.
    page = browser(daemon, view="speaker")
    page.wait(lambda: page.js("return document.documentElement.lang") == "ar", message="the daemon's language")
    assert page.js("return document.documentElement.dir") == "rtl"
    page.wait_probe(lambda p: "لم تبدأ" in (p["label"] or ""), message="an Arabic label")
    # ?lang= wins over the daemon's; an unknown one is said, and the daemon's is used.
    page.open(daemon, view="hall", query="lang=fr-CH")
    page.wait_probe(lambda p: p["connection"] == "connected", message="connected")
    assert page.js("return [document.documentElement.lang, document.documentElement.dir]") == ["fr", "ltr"]
    # Connected is said on the hello; the state, and the label drawn from it, follow.
    page.wait_probe(lambda p: "PAS COMMENCÉ" in p["text"], message="a French label")
    page.open(daemon, view="hall", query="lang=xx")
    page.wait(lambda: page.js("return document.documentElement.lang") == "ar", message="the daemon's language")
    assert "xx" in page.js("return document.getElementById('notice').textContent")
    # Neither: the browser's first language the page speaks.
    chosen = page.js("""
        var out = [];
        [['ru-RU', 'en'], ['de-DE', 'es-MX'], ['zh-Hant-TW'], ['de', 'nl']].forEach(function (list) {
          Object.defineProperty(navigator, 'languages', {configurable: true, get: function () { return list; }});
          out.push(Gavel.i18n.browserLanguage());
        });
        return out;""")
    assert chosen == ["ru", "es", "zh", None]
    # The technician's page speaks them too.
    labels = tables()
    for code in ("zh", "ar"):
        page.driver.get(daemon.url(f"/displays?lang={code}"))
        page.wait(lambda: page.js("return document.getElementById('status').textContent")
                  == labels[code]["tech.enterToken"], message=f"/displays in {code}")
        heading, direction = page.js("return [document.querySelector('h1').textContent, document.documentElement.dir]")
        assert (heading, direction) == (labels[code]["tech.title"], "rtl" if code == "ar" else "ltr")


def test_an_unknown_display_language_is_refused_with_the_six_named():
    result = subprocess.run([GAVELD, "--display-language", "de", "--check"], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "'de' is not a display language" in said and "ar, zh, en, fr, ru, es" in said, said
