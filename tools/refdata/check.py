#!/usr/bin/env python3
"""Consistency checks for the shipped reference data (standard library only).

Checks, for every CSV in src/Cordon.Application/Reference/Data/:
  * valid UTF-8, LF line endings only (no CR), final newline, exact header row;
  * every row has exactly as many columns as the header;
countries.csv: 249 rows, unique/well-formed codes, 3-digit numeric, sorted by alpha2,
  no empty names;
substances.csv: unique codes, code format and prefix consistent with kind, valid
  kind and schedules, unique names, CAS well-formed with a correct check digit;
salts.csv: every substance_code exists in substances.csv, unique (code, salt),
  0 < base_factor <= 1 with 4 decimals, CAS check digit.

Exit status 0 when all checks pass, 1 otherwise.
Run:  python3 tools/refdata/check.py
"""
import csv
import io
import os
import re
import sys

from refdata_common import DATA_DIR, cas_is_valid

HEADERS = {
    "countries.csv": ["alpha2", "alpha3", "numeric", "name_en", "name_fr", "name_ru", "name_es"],
    "substances.csv": ["code", "kind", "schedules", "name", "cas", "synonyms"],
    "salts.csv": ["substance_code", "salt", "cas", "base_factor"],
}
KIND_PREFIX = {
    "NarcoticDrug": "N-",
    "PsychotropicSubstance": "P-",
    "Precursor": "PRE-",
    "NewPsychoactiveSubstance": "NPS-",
}
CODE_RE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
ROMAN = {"I", "II", "III", "IV"}

errors = []


def err(msg):
    errors.append(msg)


def load(name):
    path = os.path.join(DATA_DIR, name)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err("%s: not valid UTF-8 (%s)" % (name, e))
        return []
    if "\r" in text:
        err("%s: contains CR characters (line endings must be LF)" % name)
    if not text.endswith("\n"):
        err("%s: missing final newline" % name)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        err("%s: empty file" % name)
        return []
    header, body = rows[0], rows[1:]
    if header != HEADERS[name]:
        err("%s: header %r != %r" % (name, header, HEADERS[name]))
    for i, row in enumerate(body, start=2):
        if len(row) != len(HEADERS[name]):
            err("%s line %d: %d columns, expected %d" % (name, i, len(row), len(HEADERS[name])))
    return [dict(zip(HEADERS[name], r)) for r in body if len(r) == len(HEADERS[name])]


def check_countries(rows):
    if len(rows) != 249:
        err("countries.csv: %d rows, expected 249" % len(rows))
    a2 = [r["alpha2"] for r in rows]
    if a2 != sorted(a2):
        err("countries.csv: not sorted by alpha2")
    for key, pat in (("alpha2", r"^[A-Z]{2}$"), ("alpha3", r"^[A-Z]{3}$"), ("numeric", r"^\d{3}$")):
        vals = [r[key] for r in rows]
        if len(set(vals)) != len(vals):
            err("countries.csv: duplicate %s values" % key)
        for v in vals:
            if not re.match(pat, v):
                err("countries.csv: bad %s %r" % (key, v))
    for r in rows:
        for k in ("name_en", "name_fr", "name_ru", "name_es"):
            if not r[k].strip():
                err("countries.csv: empty %s for %s" % (k, r["alpha2"]))


def check_substances(rows):
    codes = {}
    names = {}
    for r in rows:
        code, kind = r["code"], r["kind"]
        if code in codes:
            err("substances.csv: duplicate code %s" % code)
        codes[code] = r
        if not CODE_RE.match(code):
            err("substances.csv: bad code format %r" % code)
        if kind not in KIND_PREFIX:
            err("substances.csv: %s has unknown kind %r" % (code, kind))
            continue
        prefix = KIND_PREFIX[kind]
        if not code.startswith(prefix) or any(
                code.startswith(p) and len(p) > len(prefix) for p in KIND_PREFIX.values()):
            err("substances.csv: %s does not carry prefix %s for kind %s" % (code, prefix, kind))
        sched = r["schedules"]
        if kind == "NewPsychoactiveSubstance":
            if sched:
                err("substances.csv: NPS %s has schedules %r" % (code, sched))
        else:
            parts = sched.split(";") if sched else []
            if not parts or any(p not in ROMAN for p in parts) or len(set(parts)) != len(parts):
                err("substances.csv: %s has bad schedules %r" % (code, sched))
            if kind == "Precursor" and sched not in ("I", "II"):
                err("substances.csv: precursor %s must be Table I or II" % code)
            if kind == "PsychotropicSubstance" and len(parts) != 1:
                err("substances.csv: psychotropic %s must have exactly one schedule" % code)
        if not r["name"].strip():
            err("substances.csv: %s has empty name" % code)
        key = re.sub(r"[^a-z0-9]", "", r["name"].lower())
        if key in names:
            err("substances.csv: name of %s duplicates %s" % (code, names[key]))
        names[key] = code
        if r["cas"] and not cas_is_valid(r["cas"]):
            err("substances.csv: %s has invalid CAS %r" % (code, r["cas"]))
        syns = r["synonyms"].split("|") if r["synonyms"] else []
        if any(not s.strip() for s in syns):
            err("substances.csv: %s has an empty synonym" % code)
    return codes


def check_salts(rows, codes):
    seen = set()
    for r in rows:
        code = r["substance_code"]
        if code not in codes:
            err("salts.csv: substance_code %s not in substances.csv" % code)
        key = (code, r["salt"])
        if key in seen:
            err("salts.csv: duplicate row %s / %s" % key)
        seen.add(key)
        if not re.match(r"^\d\.\d{4}$", r["base_factor"]):
            err("salts.csv: %s base_factor %r not a 4-decimal number" % (r["salt"], r["base_factor"]))
        else:
            v = float(r["base_factor"])
            if not (0 < v <= 1):
                err("salts.csv: %s base_factor %s out of (0, 1]" % (r["salt"], v))
        if r["cas"] and not cas_is_valid(r["cas"]):
            err("salts.csv: %s has invalid CAS %r" % (r["salt"], r["cas"]))


def main():
    countries = load("countries.csv")
    substances = load("substances.csv")
    salts = load("salts.csv")
    check_countries(countries)
    codes = check_substances(substances)
    check_salts(salts, codes)
    print("countries.csv  %4d rows" % len(countries))
    print("substances.csv %4d rows" % len(substances))
    counts = {}
    for r in substances:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    for kind in KIND_PREFIX:
        print("  %-26s %4d" % (kind, counts.get(kind, 0)))
    print("salts.csv      %4d rows" % len(salts))
    if errors:
        for e in errors:
            print("ERROR: " + e, file=sys.stderr)
        print("%d error(s)" % len(errors), file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
