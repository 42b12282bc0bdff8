#!/usr/bin/env python3
"""Finds the UI strings of Cordon.Web and checks that every language has them (standard library only).

Keys are collected from:
  * src/Cordon.Web/**/*.cshtml and **/*.cs: the first argument of L["..."] / l["..."]
    when it is a plain string literal, and the literal after `??` in L[expr ?? "..."];
  * src/Cordon.Web/**/*.cs: ErrorMessage = "..." and Display(Name = "...") of data-annotation
    attributes (localized through SharedResource by AddDataAnnotationsLocalization);
  * src/Cordon.Application/**/*.cs: literal messages of Outcome<T>.Invalid/NotFound/Forbidden/
    Conflict/PreconditionFailed/TooLarge/Unsupported(...) and of errors["field"] = ["..."], because pages show them
    through l[outcome.Message] and l[m] (interpolated $"..." messages cannot be keys and are skipped);
  * keys built at run time (L["Module." + module], localizer[n.MessageKey]...): the SYMBOLIC list
    below, which gives their English text, plus what src/Cordon.Domain and the code imply (one key
    per member of CordonModule, ModuleRight, SubstanceKind and const of CordonRoles, and every
    "Notification.X" literal), so that a new module, kind, role or notification is not missed.

Checks, against src/Cordon.Web/Resources/SharedResource{,.fr,.ru,.es}.resx:
  (a) keys found in code but missing (or empty) in the neutral (English) resx;
  (b) keys missing or empty in fr, ru, es (every key of the code and of the neutral resx);
      and translations whose {0} {1}... placeholders differ from the English value.
Keys in a resx that the code no longer uses are listed for information only.

  python3 tools/i18n/extract.py            report; exit 1 if anything is missing
  python3 tools/i18n/extract.py --write    also add missing keys to the neutral resx
                                           (value = the key, or the English text of a
                                           symbolic key) and list what still needs translating
  python3 tools/i18n/extract.py --format   also rewrite all four resx files sorted by name with
                                           the standard header (values and comments kept)

Exit status 0 when nothing is missing, 1 otherwise.
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEB = os.path.join(ROOT, "src", "Cordon.Web")
APPLICATION = os.path.join(ROOT, "src", "Cordon.Application")
DOMAIN = os.path.join(ROOT, "src", "Cordon.Domain")
RESOURCES = os.path.join(WEB, "Resources")
BASENAME = "SharedResource"
LANGUAGES = ["fr", "ru", "es"]
SKIP_DIRS = {"bin", "obj", "node_modules", "wwwroot"}

# Keys that the code builds at run time, with their English text.
SYMBOLIC = {
    "Module.Authorizations": "Authorizations",
    "Module.PreExport": "Pre-export notifications",
    "Module.Incidents": "Incidents",
    "Module.Permits": "Permits",
    "Module.Traceability": "Traceability queries",
    "Module.Monitoring": "Monitoring",
    "ModuleDescription.Authorizations":
        "Import and export authorizations for narcotic drugs and psychotropic substances, checked against estimates and assessments.",
    "ModuleDescription.PreExport": "Pre-export notifications of shipments of precursor chemicals.",
    "ModuleDescription.Incidents":
        "Real-time sharing of seizures and other incidents involving precursors and new psychoactive substances.",
    "ModuleDescription.Permits": "Electronic CITES permits and certificates, and their validation at the border.",
    "ModuleDescription.Traceability": "End-to-end encrypted queries about unique identification markings on tobacco products.",
    "ModuleDescription.Monitoring": "Statistics, utilization against estimates and detection of unusual trade patterns.",
    "Right.View": "View",
    "Right.Submit": "Submit",
    "Right.Approve": "Approve",
    "Role.SecretariatAdministrator": "Secretariat administrator",
    "Role.SecretariatAnalyst": "Secretariat analyst",
    "Role.NationalAdministrator": "National administrator",
    "Kind.NarcoticDrug": "Narcotic drug (1961)",
    "Kind.PsychotropicSubstance": "Psychotropic substance (1971)",
    "Kind.Precursor": "Precursor (1988)",
    "Kind.NewPsychoactiveSubstance": "New psychoactive substance",
    "Kind.NonScheduledChemical": "Non-scheduled chemical",
    "AuthorityKind.Regulator": "Regulator",
    "AuthorityKind.Customs": "Customs",
    "AuthorityKind.Police": "Police",
    "AuthorityKind.ManagementAuthority": "CITES Management Authority",
    "AuthorityKind.ScientificAuthority": "CITES Scientific Authority",
    "AuthorityKind.Other": "Other",
    "Notification.UserRemoved": "User {0} of {1} was removed.",
    "Notification.RightRevoked": "Right {1} was revoked from {0} ({2}).",
}

# Where the symbolic keys come from: every member of these enums (and every const of CordonRoles)
# needs a key per prefix, and every "Notification.X" literal in the code is a message key.
# A member or literal with no entry in SYMBOLIC (and none in the neutral resx) is reported.
ENUM_PREFIXES = {
    "CordonModule": ["Module.", "ModuleDescription."],
    "ModuleRight": ["Right."],
    "SubstanceKind": ["Kind."],
    "AuthorityKind": ["AuthorityKind."],
}
CONST_CLASS_PREFIXES = {"CordonRoles": ["Role."]}
NOTIFICATION_KEY = re.compile(r'"(Notification\.[A-Za-z_]\w*)"')

# A regular C# string literal (verbatim @"..." and raw """...""" strings are not used for keys).
LITERAL = r'"((?:[^"\\\n]|\\.)*)"'
LOCALIZER = re.compile(r"(?<![\w.])[lL]\[")
ERROR_MESSAGE = re.compile(r"\bErrorMessage\s*=\s*" + LITERAL)
DISPLAY_NAME = re.compile(r"\bDisplay\s*\([^)]*?\bName\s*=\s*" + LITERAL)
OUTCOME = re.compile(r"\b(?:Invalid|NotFound|Forbidden|Conflict|PreconditionFailed|TooLarge|Unsupported)\s*\(\s*(?:string\s+\w+\s*=\s*)?" + LITERAL)
FIELD_ERROR = re.compile(r"\berrors\s*\[[^\]]*\]\s*=\s*\[\s*" + LITERAL)
COALESCE = re.compile(r"\?\?\s*" + LITERAL + r"\s*$")
PLACEHOLDER = re.compile(r"(?<!\{)\{(\d+)(?:,[-\d\s]+)?(?::[^{}]*)?\}")

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "u" and i + 6 <= len(s):
                out.append(chr(int(s[i + 2:i + 6], 16)))
                i += 6
                continue
            if n == "x":
                m = re.match(r"[0-9a-fA-F]{1,4}", s[i + 2:])
                if m:
                    out.append(chr(int(m.group(0), 16)))
                    i += 2 + len(m.group(0))
                    continue
            out.append(ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def first_argument(text, start):
    """Text of the first argument of an indexer whose '[' is just before `start`, or None if unterminated."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            m = re.compile(LITERAL).match(text, i)
            if not m:
                return None
            i = m.end()
            continue
        if c == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return text[start:i] if c == "]" else None
            depth -= 1
        elif c == "," and depth == 0:
            return text[start:i]
        i += 1
    return None


def localizer_keys(text):
    for m in LOCALIZER.finditer(text):
        arg = first_argument(text, m.end())
        if arg is None:
            continue
        whole = re.fullmatch(r"\s*" + LITERAL + r"\s*", arg)
        if whole:
            yield unescape(whole.group(1)), m.start()
            continue
        if arg.lstrip().startswith(("$", "@")):
            continue
        tail = COALESCE.search(arg)
        if tail:
            yield unescape(tail.group(1)), m.start() + 2 + tail.start(1)


def source_files(top, extensions):
    for directory, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(extensions):
                yield os.path.join(directory, name)


def read(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.read()


def where(path, text, offset):
    return f"{os.path.relpath(path, ROOT)}:{text.count(chr(10), 0, offset) + 1}"


def strip_comments(text):
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)


def symbolic_keys():
    """Yields (key, place) for keys built from enum members, role names and notification keys."""
    for path in source_files(DOMAIN, (".cs",)):
        text = read(path)
        code = strip_comments(text)
        for name, prefixes in ENUM_PREFIXES.items():
            m = re.search(r"\benum\s+" + name + r"\b[^{]*\{([^}]*)\}", code)
            if m:
                for member in re.findall(r"(?:^|,)\s*(?:\[[^\]]*\]\s*)*([A-Za-z_]\w*)", m.group(1)):
                    for prefix in prefixes:
                        yield prefix + member, f"enum {name} ({os.path.relpath(path, ROOT)})"
        for name, prefixes in CONST_CLASS_PREFIXES.items():
            m = re.search(r"\bclass\s+" + name + r"\b[^{]*\{(.*?)^\}", code, flags=re.S | re.M)
            if m:
                for const in re.findall(r"\bconst\s+string\s+(\w+)\s*=", m.group(1)):
                    for prefix in prefixes:
                        yield prefix + const, f"{name}.{const} ({os.path.relpath(path, ROOT)})"
    for top in (APPLICATION, WEB):
        for path in source_files(top, (".cs",)):
            text = read(path)
            for m in NOTIFICATION_KEY.finditer(strip_comments(text)):
                yield m.group(1), f"notification key ({os.path.relpath(path, ROOT)})"


def collect():
    """Returns {key: first place it was found}."""
    found = {}

    def add(key, place):
        if key and key not in found:
            found[key] = place

    for path in source_files(WEB, (".cshtml", ".cs")):
        text = read(path)
        for key, offset in localizer_keys(text):
            add(key, where(path, text, offset))
        if path.endswith(".cs"):
            for rx in (ERROR_MESSAGE, DISPLAY_NAME):
                for m in rx.finditer(text):
                    add(unescape(m.group(m.lastindex)), where(path, text, m.start()))
    for path in source_files(APPLICATION, (".cs",)):
        text = read(path)
        for rx in (OUTCOME, FIELD_ERROR):
            for m in rx.finditer(text):
                if text[m.start(1) - 2] == "$":
                    continue
                add(unescape(m.group(1)), where(path, text, m.start()))
    for key, place in symbolic_keys():
        add(key, place)
    for key in SYMBOLIC:
        add(key, "symbolic key (tools/i18n/extract.py)")
    return found


def is_symbolic(key):
    return bool(re.fullmatch(r"[A-Z]\w*\.[A-Za-z_]\w*", key))


def resx_path(language=None):
    return os.path.join(RESOURCES, f"{BASENAME}.{language}.resx" if language else f"{BASENAME}.resx")


def read_resx(path):
    """{name: value} of the string entries, or None if the file does not exist. Raises on invalid XML."""
    if not os.path.exists(path):
        return None
    entries = {}
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise ET.ParseError(f"{os.path.relpath(path, ROOT)}: {e}") from e
    for data in root.findall("data"):
        if data.get("type") or data.get("mimetype"):
            continue
        value, comment = data.find("value"), data.find("comment")
        entries[data.get("name")] = "" if value is None or value.text is None else value.text
        if comment is not None and comment.text:
            COMMENTS.setdefault(path, {})[data.get("name")] = comment.text
    return entries


COMMENTS = {}  # path -> {name: <comment> text}, kept when a file is rewritten


RESX_HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <xsd:schema id="root" xmlns="" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">
    <xsd:import namespace="http://www.w3.org/XML/1998/namespace" />
    <xsd:element name="root" msdata:IsDataSet="true">
      <xsd:complexType>
        <xsd:choice maxOccurs="unbounded">
          <xsd:element name="metadata">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="value" type="xsd:string" minOccurs="0" />
              </xsd:sequence>
              <xsd:attribute name="name" use="required" type="xsd:string" />
              <xsd:attribute name="type" type="xsd:string" />
              <xsd:attribute name="mimetype" type="xsd:string" />
              <xsd:attribute ref="xml:space" />
            </xsd:complexType>
          </xsd:element>
          <xsd:element name="assembly">
            <xsd:complexType>
              <xsd:attribute name="alias" type="xsd:string" />
              <xsd:attribute name="name" type="xsd:string" />
            </xsd:complexType>
          </xsd:element>
          <xsd:element name="data">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="value" type="xsd:string" minOccurs="0" msdata:Ordinal="1" />
                <xsd:element name="comment" type="xsd:string" minOccurs="0" msdata:Ordinal="2" />
              </xsd:sequence>
              <xsd:attribute name="name" type="xsd:string" use="required" msdata:Ordinal="1" />
              <xsd:attribute name="type" type="xsd:string" msdata:Ordinal="3" />
              <xsd:attribute name="mimetype" type="xsd:string" msdata:Ordinal="4" />
              <xsd:attribute ref="xml:space" />
            </xsd:complexType>
          </xsd:element>
          <xsd:element name="resheader">
            <xsd:complexType>
              <xsd:sequence>
                <xsd:element name="value" type="xsd:string" minOccurs="0" msdata:Ordinal="1" />
              </xsd:sequence>
              <xsd:attribute name="name" type="xsd:string" use="required" />
            </xsd:complexType>
          </xsd:element>
        </xsd:choice>
      </xsd:complexType>
    </xsd:element>
  </xsd:schema>
  <resheader name="resmimetype">
    <value>text/microsoft-resx</value>
  </resheader>
  <resheader name="version">
    <value>2.0</value>
  </resheader>
  <resheader name="reader">
    <value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
  <resheader name="writer">
    <value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
"""


def write_resx(path, entries):
    """Writes the string entries sorted by name (ordinal), with the standard .NET resx header."""
    parts = [RESX_HEADER]
    comments = COMMENTS.get(path, {})
    for name in sorted(entries):
        attr = escape(name, {'"': "&quot;"})
        comment = f"\n    <comment>{escape(comments[name])}</comment>" if name in comments else ""
        parts.append(f'  <data name="{attr}" xml:space="preserve">\n    <value>{escape(entries[name])}</value>{comment}\n  </data>\n')
    parts.append("</root>\n")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(parts))
    ET.parse(path)  # what we wrote must read back


def placeholders(value):
    return sorted(set(PLACEHOLDER.findall(value)))


def show(s):
    return s if len(s) <= 100 else s[:97] + "..."


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="add missing keys to the neutral (English) resx")
    parser.add_argument("--format", action="store_true",
                        help="rewrite every existing resx in canonical form (sorted, standard header), then check")
    args = parser.parse_args()

    found = collect()
    problems = 0
    try:
        neutral = read_resx(resx_path())
        translations = {lang: read_resx(resx_path(lang)) for lang in LANGUAGES}
    except ET.ParseError as e:
        print(f"invalid resx XML: {e}")
        return 1

    if args.format:
        for lang, entries in [(None, neutral)] + list(translations.items()):
            if entries is not None:
                write_resx(resx_path(lang), entries)
        print("Rewrote the resx files in canonical form.")
    neutral = neutral if neutral is not None else {}
    missing = [k for k in found if k not in neutral]
    empty = sorted(k for k, v in neutral.items() if not v.strip())
    if args.write and missing:
        # A symbolic key (Prefix.Name) has no English text of its own: it must come from SYMBOLIC.
        addable = [k for k in missing if k in SYMBOLIC or not is_symbolic(k)]
        for k in addable:
            neutral[k] = SYMBOLIC.get(k, k)
        if addable:
            write_resx(resx_path(), neutral)
            print(f"Added {len(addable)} key(s) to {os.path.relpath(resx_path(), ROOT)}:")
            for k in sorted(addable):
                print(f"  + {show(k)}    ({found[k]})")
        missing = [k for k in missing if k not in addable]
        if missing:
            print("Symbolic keys with no English text: add them to SYMBOLIC in tools/i18n/extract.py "
                  "(or by hand to the neutral resx) and run again.")
    if missing:
        problems += len(missing)
        print(f"(a) {len(missing)} key(s) used in code but missing from {os.path.relpath(resx_path(), ROOT)}:")
        for k in sorted(missing):
            print(f"  {show(k)}    ({found[k]})")
    if empty:
        problems += len(empty)
        print(f"(a) {len(empty)} key(s) with an empty English value:")
        for k in empty:
            print(f"  {show(k)}")

    wanted = sorted(set(found) | set(neutral))
    for lang in LANGUAGES:
        entries = translations[lang]
        label = os.path.relpath(resx_path(lang), ROOT)
        if entries is None:
            problems += len(wanted)
            print(f"(b) {label} does not exist: all {len(wanted)} key(s) need translating.")
            continue
        todo = [k for k in wanted if not entries.get(k, "").strip()]
        if todo:
            problems += len(todo)
            print(f"(b) {len(todo)} key(s) missing or empty in {label}{' (still to translate)' if args.write else ''}:")
            for k in todo:
                print(f"  {show(k)}")
        bad = [k for k in wanted if entries.get(k, "").strip() and k in neutral
               and placeholders(entries[k]) != placeholders(neutral[k])]
        if bad:
            problems += len(bad)
            print(f"(b) {len(bad)} translation(s) in {label} whose placeholders differ from English:")
            for k in bad:
                print(f"  {show(k)}: {placeholders(neutral[k])} vs {placeholders(entries[k])}")
        unused = sorted(set(entries) - set(wanted))
        if unused:
            print(f"note: {len(unused)} key(s) in {label} are not in the code nor the neutral resx:")
            for k in unused:
                print(f"  {show(k)}")
    unused = sorted(set(neutral) - set(found))
    if unused:
        print(f"note: {len(unused)} key(s) in the neutral resx were not found in the code (dynamic or unused):")
        for k in unused:
            print(f"  {show(k)}")

    print(f"{len(found)} key(s) in code, {len(neutral)} in the neutral resx; "
          + ("all languages complete." if problems == 0 else f"{problems} problem(s)."))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
