#!/usr/bin/env python3
"""Generate countries.csv from Debian's iso-codes package (ISO 3166-1).

English name = the JSON `name` field. French, Russian and Spanish names are the
gettext translations of that `name` msgid from the iso_3166-1 catalogues.
Re-run:  python3 tools/refdata/countries.py
"""
import gettext
import json
import os
import sys

from refdata_common import write_csv

ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
LOCALE_DIR = "/usr/share/locale"
LANGS = ["fr", "ru", "es"]
# Names whose current English msgid has no entry in the installed catalogues
# (iso-codes 4.15 renamed "Turkey" to "Türkiye"; translations not yet updated).
# "Türkiye" is also the UN short name in French and Spanish, so only Russian
# needs a Cyrillic fallback. Applied only when the catalogue lacks the msgid.
FALLBACKS = {
    ("ru", "Türkiye"): "Турция",
}
HEADER = ["alpha2", "alpha3", "numeric", "name_en", "name_fr", "name_ru", "name_es"]


def main():
    with open(ISO_JSON, encoding="utf-8") as f:
        entries = json.load(f)["3166-1"]
    catalogs = {}
    for lang in LANGS:
        mo = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", "iso_3166-1.mo")
        with open(mo, "rb") as f:
            catalogs[lang] = gettext.GNUTranslations(f)
    rows = []
    missing = []
    for e in entries:
        name = e["name"]
        row = [e["alpha_2"], e["alpha_3"], "%03d" % int(e["numeric"]), name]
        for lang in LANGS:
            if name in catalogs[lang]._catalog:
                tr = catalogs[lang].gettext(name)
            else:
                tr = FALLBACKS.get((lang, name), name)
                missing.append((lang, e["alpha_2"], name, tr))
            row.append(tr)
        rows.append(row)
    rows.sort(key=lambda r: r[0])
    path = write_csv("countries.csv", HEADER, rows)
    print("wrote %d rows to %s" % (len(rows), path))
    for lang, a2, name, tr in missing:
        print("note: no %s catalogue entry for %s (%s); used %r" % (lang, a2, name, tr),
              file=sys.stderr)


if __name__ == "__main__":
    main()
