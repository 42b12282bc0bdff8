#!/usr/bin/env python3
"""Generate salts.csv: common salts, esters and hydrates in which controlled
substances are traded, with the anhydrous-base content factor.

    base_factor = (n_base x M(base)) / M(salt form)

where M is computed from the molecular formulae with standard atomic weights
(C 12.011, H 1.008, N 14.007, O 15.999, Cl 35.45, S 32.06, P 30.974,
Br 79.904, Na 22.990; F 18.998 is also needed for midazolam), rounded to
4 decimals. For sodium salts of barbiturates / GHB the "base" is the free acid.

The script prints every formula it uses. CAS numbers are only given where the
curator is confident; each one is checked with the CAS check digit and dropped
(left empty) if it fails.

Re-run:  python3 tools/refdata/salts.py
"""
import re
import sys

from refdata_common import cas_is_valid, write_csv

ATOMIC_WEIGHTS = {
    "C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999, "Cl": 35.45,
    "S": 32.06, "P": 30.974, "Br": 79.904, "Na": 22.990, "F": 18.998,
}

HEADER = ["substance_code", "salt", "cas", "base_factor"]

# Counter-ions / solvates
HCL = "HCl"
H2O = "H2O"
H2SO4 = "H2SO4"
H3PO4 = "H3PO4"
TARTARIC = "C4H6O6"        # L-(+)-tartaric acid (hydrogen tartrate / bitartrate)
CITRIC = "C6H8O7"          # citric acid (dihydrogen citrate)
NAPSYLIC = "C10H8O3S"      # naphthalene-2-sulfonic acid (napsilate)

# (substance_code, salt name, cas, base formula, n_base, [(count, component formula), ...])
# The component list describes the whole salt form, including the base itself.
SALTS = [
    ("N-MORPHINE", "morphine hydrochloride trihydrate", "6055-06-7",
     "C17H19NO3", 1, [(1, "C17H19NO3"), (1, HCL), (3, H2O)]),
    ("N-MORPHINE", "morphine sulfate pentahydrate", "6211-15-0",
     "C17H19NO3", 2, [(2, "C17H19NO3"), (1, H2SO4), (5, H2O)]),
    ("N-CODEINE", "codeine phosphate hemihydrate", "41444-62-6",
     "C18H21NO3", 1, [(1, "C18H21NO3"), (1, H3PO4), (0.5, H2O)]),
    ("N-CODEINE", "codeine phosphate sesquihydrate", "",
     "C18H21NO3", 1, [(1, "C18H21NO3"), (1, H3PO4), (1.5, H2O)]),
    ("N-CODEINE", "codeine hydrochloride dihydrate", "",
     "C18H21NO3", 1, [(1, "C18H21NO3"), (1, HCL), (2, H2O)]),
    ("N-DIHYDROCODEINE", "dihydrocodeine hydrogen tartrate (bitartrate)", "5965-13-9",
     "C18H23NO3", 1, [(1, "C18H23NO3"), (1, TARTARIC)]),
    ("N-ETHYLMORPHINE", "ethylmorphine hydrochloride dihydrate", "",
     "C19H23NO3", 1, [(1, "C19H23NO3"), (1, HCL), (2, H2O)]),
    ("N-PHOLCODINE", "pholcodine monohydrate", "",
     "C23H30N2O4", 1, [(1, "C23H30N2O4"), (1, H2O)]),
    ("N-DEXTROPROPOXYPHENE", "dextropropoxyphene hydrochloride", "1639-60-7",
     "C22H29NO2", 1, [(1, "C22H29NO2"), (1, HCL)]),
    ("N-DEXTROPROPOXYPHENE", "dextropropoxyphene napsilate monohydrate", "26570-10-5",
     "C22H29NO2", 1, [(1, "C22H29NO2"), (1, NAPSYLIC), (1, H2O)]),
    ("N-OXYCODONE", "oxycodone hydrochloride", "124-90-3",
     "C18H21NO4", 1, [(1, "C18H21NO4"), (1, HCL)]),
    ("N-OXYMORPHONE", "oxymorphone hydrochloride", "357-07-3",
     "C17H19NO4", 1, [(1, "C17H19NO4"), (1, HCL)]),
    ("N-HYDROMORPHONE", "hydromorphone hydrochloride", "71-68-1",
     "C17H19NO3", 1, [(1, "C17H19NO3"), (1, HCL)]),
    ("N-HYDROCODONE", "hydrocodone bitartrate hemipentahydrate",
     "34195-34-1", "C18H21NO3", 1, [(1, "C18H21NO3"), (1, TARTARIC), (2.5, H2O)]),
    ("N-FENTANYL", "fentanyl citrate", "990-73-8",
     "C22H28N2O", 1, [(1, "C22H28N2O"), (1, CITRIC)]),
    ("N-SUFENTANIL", "sufentanil citrate", "60561-17-3",
     "C22H30N2O2S", 1, [(1, "C22H30N2O2S"), (1, CITRIC)]),
    ("N-REMIFENTANIL", "remifentanil hydrochloride", "132539-07-2",
     "C20H28N2O5", 1, [(1, "C20H28N2O5"), (1, HCL)]),
    ("N-ALFENTANIL", "alfentanil hydrochloride", "",
     "C21H32N6O3", 1, [(1, "C21H32N6O3"), (1, HCL)]),
    ("N-ALFENTANIL", "alfentanil hydrochloride monohydrate", "",
     "C21H32N6O3", 1, [(1, "C21H32N6O3"), (1, HCL), (1, H2O)]),
    ("N-METHADONE", "methadone hydrochloride", "1095-90-5",
     "C21H27NO", 1, [(1, "C21H27NO"), (1, HCL)]),
    ("N-PETHIDINE", "pethidine hydrochloride", "50-13-5",
     "C15H21NO2", 1, [(1, "C15H21NO2"), (1, HCL)]),
    ("N-LEVORPHANOL", "levorphanol tartrate dihydrate", "",
     "C17H23NO", 1, [(1, "C17H23NO"), (1, TARTARIC), (2, H2O)]),
    ("N-DEXTROMORAMIDE", "dextromoramide hydrogen tartrate", "",
     "C25H32N2O2", 1, [(1, "C25H32N2O2"), (1, TARTARIC)]),
    ("N-TILIDINE", "tilidine hydrochloride hemihydrate", "",
     "C17H23NO2", 1, [(1, "C17H23NO2"), (1, HCL), (0.5, H2O)]),
    ("N-COCAINE", "cocaine hydrochloride", "53-21-4",
     "C17H21NO4", 1, [(1, "C17H21NO4"), (1, HCL)]),
    ("N-HEROIN", "diamorphine hydrochloride monohydrate", "",
     "C21H23NO5", 1, [(1, "C21H23NO5"), (1, HCL), (1, H2O)]),
    ("P-BUPRENORPHINE", "buprenorphine hydrochloride", "53152-21-9",
     "C29H41NO4", 1, [(1, "C29H41NO4"), (1, HCL)]),
    ("P-METHYLPHENIDATE", "methylphenidate hydrochloride", "298-59-9",
     "C14H19NO2", 1, [(1, "C14H19NO2"), (1, HCL)]),
    ("P-DEXAMFETAMINE", "dexamfetamine sulfate", "51-63-8",
     "C9H13N", 2, [(2, "C9H13N"), (1, H2SO4)]),
    ("P-AMFETAMINE", "amfetamine sulfate", "60-13-9",
     "C9H13N", 2, [(2, "C9H13N"), (1, H2SO4)]),
    ("P-METAMFETAMINE", "metamfetamine hydrochloride", "51-57-0",
     "C10H15N", 1, [(1, "C10H15N"), (1, HCL)]),
    ("P-GHB", "sodium oxybate (sodium 4-hydroxybutanoate)", "502-85-2",
     "C4H8O3", 1, [(1, "C4H7NaO3")]),
    ("P-SECOBARBITAL", "secobarbital sodium", "309-43-3",
     "C12H18N2O3", 1, [(1, "C12H17N2NaO3")]),
    ("P-AMOBARBITAL", "amobarbital sodium", "64-43-7",
     "C11H18N2O3", 1, [(1, "C11H17N2NaO3")]),
    ("P-PENTOBARBITAL", "pentobarbital sodium", "57-33-0",
     "C11H18N2O3", 1, [(1, "C11H17N2NaO3")]),
    ("P-PHENOBARBITAL", "phenobarbital sodium", "57-30-7",
     "C12H12N2O3", 1, [(1, "C12H11N2NaO3")]),
    ("P-MIDAZOLAM", "midazolam hydrochloride", "59467-96-8",
     "C18H13ClFN3", 1, [(1, "C18H13ClFN3"), (1, HCL)]),
    ("P-PHENTERMINE", "phentermine hydrochloride", "1197-21-3",
     "C10H15N", 1, [(1, "C10H15N"), (1, HCL)]),
    ("P-ZOLPIDEM", "zolpidem tartrate", "99294-93-6",
     "C19H21N3O", 2, [(2, "C19H21N3O"), (1, TARTARIC)]),
    ("PRE-EPHEDRINE", "ephedrine hydrochloride", "50-98-6",
     "C10H15NO", 1, [(1, "C10H15NO"), (1, HCL)]),
    ("PRE-EPHEDRINE", "ephedrine sulfate", "134-72-5",
     "C10H15NO", 2, [(2, "C10H15NO"), (1, H2SO4)]),
    ("PRE-PSEUDOEPHEDRINE", "pseudoephedrine hydrochloride", "345-78-8",
     "C10H15NO", 1, [(1, "C10H15NO"), (1, HCL)]),
    ("PRE-PSEUDOEPHEDRINE", "pseudoephedrine sulfate", "7460-12-0",
     "C10H15NO", 2, [(2, "C10H15NO"), (1, H2SO4)]),
]

TOKEN_RE = re.compile(r"([A-Z][a-z]?)(\d*)")


def parse_formula(formula):
    counts = {}
    pos = 0
    for m in TOKEN_RE.finditer(formula):
        if m.start() != pos:
            raise ValueError("cannot parse formula %r" % formula)
        el, n = m.group(1), int(m.group(2) or 1)
        if el not in ATOMIC_WEIGHTS:
            raise ValueError("unknown element %s in %r" % (el, formula))
        counts[el] = counts.get(el, 0) + n
        pos = m.end()
    if pos != len(formula):
        raise ValueError("cannot parse formula %r" % formula)
    return counts


def molar_mass(formula):
    return sum(ATOMIC_WEIGHTS[el] * n for el, n in parse_formula(formula).items())


def fmt_count(c):
    return ("%g" % c) if c != 1 else ""


def describe(components):
    parts = []
    for count, f in components:
        if count == 1:
            parts.append(f)
        elif float(count).is_integer() and f not in (H2O,):
            parts.append("(%s)%d" % (f, count))
        else:
            parts.append("%s%s" % (fmt_count(count), f))
    return "\u00b7".join(parts)


def main():
    rows = []
    seen = set()
    print("%-22s %-72s %-40s %9s %9s %7s" % ("code", "salt", "formula", "M(base)", "M(salt)", "factor"))
    for code, salt, cas, base, n_base, components in SALTS:
        key = (code, salt)
        if key in seen:
            sys.exit("duplicate salt row %s / %s" % key)
        seen.add(key)
        m_base = molar_mass(base)
        m_salt = sum(count * molar_mass(f) for count, f in components)
        factor = round(n_base * m_base / m_salt, 4)
        if not (0 < factor <= 1):
            sys.exit("base_factor out of range for %s: %s" % (salt, factor))
        if cas and not cas_is_valid(cas):
            print("warning: CAS %s for %s failed the check digit; left empty" % (cas, salt),
                  file=sys.stderr)
            cas = ""
        print("%-22s %-72s %-40s %9.3f %9.3f %7.4f  base %s" % (
            code, salt, describe(components), m_base, m_salt, factor, base))
        rows.append([code, salt, cas, "%.4f" % factor])
    path = write_csv("salts.csv", HEADER, rows)
    print("wrote %d rows to %s" % (len(rows), path))


if __name__ == "__main__":
    main()
