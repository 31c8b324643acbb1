"""Makes the display's text fonts for the six UN languages from Debian's packages, cut down to
what a display needs, as woff2 (Scripts/display-font runs it; the results are committed and
gaveld serves them from fonts/):

- Gavel Text (Liberation Sans, fonts-liberation2): Latin (English, French, Spanish and the
  rest of Western Europe's names), Greek and Cyrillic (Russian), and the punctuation the labels use.
- Gavel Arabic (Noto Sans Arabic, fonts-noto-core): the whole Arabic script with its shaping
  tables, since agenda titles and names may hold any Arabic text.
- Gavel CJK (Noto Sans CJK SC, fonts-noto-cjk): the 3,500 characters of China's list of
  commonly used characters' first two tiers are not packaged in Debian, so GB 2312's first level
  (the 3,755 most frequent hanzi) stands for them, with every character of the label tables,
  CJK punctuation and full-width forms. A rarer character in a title falls back to the screen's
  own fonts.

The CSS names each with a unicode-range, so a browser fetches a script's font only when the page
shows that script: an English display downloads neither the Arabic nor the Chinese one.

    python language_fonts.py OUTPUT_DIR LABEL_TABLES...
"""
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

LIBERATION = "/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf"
NOTO_ARABIC = "/usr/share/fonts/truetype/noto/NotoSansArabic-{}.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
CJK_SC_INDEX = 2  # in Debian's NotoSansCJK-*.ttc: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK

LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x370, 0x400), *range(0x400, 0x530),
         *range(0x1E00, 0x1F00), *range(0x2000, 0x2070), 0x20AC, 0x2116, 0x2122, 0x2212, 0x2248,
         0x25A0, 0x25B2, 0x25B6, 0x25BC, 0x25C6, 0x25CB, 0x25CF, 0x2713, 0x271A, 0x275A]
ARABIC = [*range(0x600, 0x700), *range(0x750, 0x780), *range(0x8A0, 0x900), *range(0xFB50, 0xFE00),
          *range(0xFE70, 0xFF00), 0x200C, 0x200D, 0x200E, 0x200F, 0x20, 0xA0, 0x2E, 0x3A, 0x28, 0x29]
CJK_PUNCTUATION = [*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0), 0x2014, 0x2026, 0x201C, 0x201D, 0xB7]


def gb2312_level1():
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def table_characters(paths):
    text = "".join(open(p, encoding="utf-8").read() for p in paths)
    return {ord(c) for c in text if 0x2E80 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF}


def make(source, output, unicodes, family, font_number=0, features=("*",)):
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = list(features)
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    options.hinting = False
    options.font_number = font_number
    font = TTFont(source, recalcTimestamp=False, fontNumber=font_number)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    names = font["name"]
    style = "Bold" if "Bold" in source else "Regular"
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(f"{family} {style}", 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(family.replace(" ", "") + "-" + style, 6, record.platformID, record.platEncID,
                          record.langID)
    font.flavor = "woff2"
    font.save(output)


def main(out, *tables):
    cjk = sorted(set(gb2312_level1()) | table_characters(tables) | set(CJK_PUNCTUATION))
    for style in ("Regular", "Bold"):
        low = style.lower()
        make(LIBERATION.format(style), f"{out}/gavel-text-{low}.woff2", LATIN, "Gavel Text")
        make(NOTO_ARABIC.format(style), f"{out}/gavel-arabic-{low}.woff2", ARABIC, "Gavel Arabic")
        make(NOTO_CJK.format(style), f"{out}/gavel-cjk-{low}.woff2", cjk, "Gavel CJK", CJK_SC_INDEX,
             features=("kern", "vert", "palt", "locl"))


if __name__ == "__main__":
    main(*sys.argv[1:])
