"""Shared helpers for the Cordon reference-data generators (standard library only)."""
import csv
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.normpath(os.path.join(
    HERE, "..", "..", "src", "Cordon.Application", "Reference", "Data"))

CAS_RE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def cas_is_valid(cas):
    """True if `cas` is a well-formed CAS RN whose check digit is correct.

    The check digit is the sum of the other digits, each multiplied by its
    position counted from the right (1, 2, 3, ...), modulo 10.
    """
    m = CAS_RE.match(cas or "")
    if not m:
        return False
    digits = (m.group(1) + m.group(2))[::-1]
    total = sum((i + 1) * int(d) for i, d in enumerate(digits))
    return total % 10 == int(m.group(3))


def write_csv(filename, header, rows):
    """Write UTF-8, comma separated, RFC 4180 minimal quoting, LF line endings."""
    path = os.path.join(DATA_DIR, filename)
    os.makedirs(DATA_DIR, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)
    return path
