"""Makes the display's digits font: Liberation Sans Bold (Debian's fonts-liberation2), cut down
to the characters the countdowns and clocks show and renamed, as the SIL Open Font License asks of
a modified font that keeps a Reserved Font Name.

Why a font of our own: the countdown is fitted to its box from the glyphs' widths, and "DejaVu
Sans" (what a machine without Liberation falls back to) draws "0:00" 24 % wider. Served by gaveld, the
same glyphs reach every display, with or without internet, whatever fonts the screen has.

    python display_font.py SOURCE.ttf OUTPUT.woff2
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Gavel Digits"
# Digits and what stands beside them: the sign, the colon, "over", the clock's separators, the
# placeholder dashes; ASCII letters too, for "TIME", "over", "AM"/"PM" in any view.
CHARACTERS = [*range(0x20, 0x7F), 0xA0, 0x2002, 0x2013, 0x2014, 0x2212, 0x2248, 0x00B7]


def main(source, output):
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "tnum", "lnum"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CHARACTERS)
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(FAMILY + " Bold", 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName("GavelDigits-Bold", 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName("Gavel Digits Bold; subset of Liberation Sans Bold", 3,
                          record.platformID, record.platEncID, record.langID)
    font.flavor = "woff2"
    font.save(output)


if __name__ == "__main__":
    main(*sys.argv[1:3])
