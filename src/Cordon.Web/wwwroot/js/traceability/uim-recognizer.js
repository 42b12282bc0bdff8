// UIM recognition in the browser: which Party issued each code, against the published pattern library
// (GET /api/v1/traceability/patterns). Runs on the user's side so the server never sees the codes.
// Same semantics as Cordon.Domain.Traceability.Recognition.UimRecognizer (a parity test holds them together):
// white space is ignored, ASCII letters upper-cased; a code is "recognized" when it matches patterns of one
// Party, "ambiguous" for several, "unrecognized" for none. Validity dates do not filter: a seized pack may
// carry a code issued under a pattern since retired.

// The white space ignored: the same explicit list as UimNormalizer.WhiteSpace in .NET.
const WHITE_SPACE = '\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF';
const SPACE = new Set([...WHITE_SPACE].map(c => c.charCodeAt(0)));

// Alphabet flags per ASCII code: digits 1, letters 2, hex letters 4.
const FLAGS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) FLAGS[c] = 1 | 4;
for (let c = 65; c <= 90; c++) FLAGS[c] = 2 | (c <= 70 ? 4 : 0);
const ALPHABETS = { digits: 1, letters: 2, alphanumeric: 3, hex: 4 };
// The mask per alphabet as a lookup table over 0-127 (1 = allowed), so the inner loop is one array read.
const TABLES = Object.fromEntries(Object.entries(ALPHABETS).map(([name, mask]) => [name, FLAGS.map(f => ((f & mask) !== 0 ? 1 : 0))]));

/** The normal form of a code: white space removed, a-z upper-cased, nothing else changed. */
export function normalize(code) {
  const s = String(code ?? '');
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && (FLAGS[c] & 3) !== 0) continue; // 0-9, A-Z: the common case
    if ((c >= 97 && c <= 122) || SPACE.has(c)) { clean = false; break; }
  }
  if (clean) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) out += String.fromCharCode(c - 32);
    else if (!SPACE.has(c)) out += s[i];
  }
  return out;
}

/** The literal 0-9/A-Z start every match of a regular expression has (as UimPatternRules.RegexLiteralPrefix). */
export function regexLiteralPrefix(regex) {
  const source = regex.startsWith('^') ? regex.slice(1) : regex;
  let depth = 0, inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return '';
  }
  let end = 0;
  while (end < source.length && /[0-9A-Z]/.test(source[end])) end++;
  if (end < source.length && '?*+{'.includes(source[end])) end--;
  return end <= 0 ? '' : source.slice(0, end);
}

function compile(pattern, index) {
  const compiled = { index, pattern, party: pattern.party, id: pattern.id, min: 0, max: 0, segments: null, regex: null, prefix: '' };
  if (Array.isArray(pattern.segments) && pattern.segments.length > 0) {
    compiled.segments = pattern.segments.map(s => {
      if (typeof s.literal === 'string') {
        const literal = normalize(s.literal);
        if (literal.length === 0) throw new Error(`Pattern ${pattern.id}: a fixed segment is empty.`);
        return { literal, min: literal.length, max: literal.length };
      }
      const table = TABLES[s.alphabet];
      if (!table) throw new Error(`Pattern ${pattern.id}: unknown alphabet "${s.alphabet}".`);
      if (!(Number.isInteger(s.min) && Number.isInteger(s.max) && s.min >= 0 && s.max >= 1 && s.min <= s.max))
        throw new Error(`Pattern ${pattern.id}: a segment needs 0 <= min <= max and max >= 1.`);
      return { literal: null, table, min: s.min, max: s.max };
    });
    for (const s of compiled.segments) { compiled.min += s.min; compiled.max += s.max; }
    // At most one segment of variable length: its length, and every offset, follow from the code's length.
    const variable = compiled.segments.map((s, i) => (s.min !== s.max ? i : -1)).filter(i => i >= 0);
    compiled.direct = variable.length <= 1;
    compiled.variable = variable.length === 1 ? variable[0] : -1;
    const first = compiled.segments[0];
    compiled.prefix = first.literal ?? '';
  } else if (typeof pattern.regex === 'string' && pattern.regex.length > 0) {
    compiled.regex = new RegExp('^(?:' + pattern.regex + ')$');
    compiled.prefix = regexLiteralPrefix(pattern.regex);
    compiled.min = compiled.prefix.length;
    compiled.max = Infinity;
  } else {
    throw new Error(`Pattern ${pattern.id} has neither segments nor a regular expression.`);
  }
  // The result when this pattern alone matches, shared (as in .NET: nothing allocated per code).
  compiled.single = Object.freeze({ status: 'recognized', parties: Object.freeze([pattern.party]), patternIds: Object.freeze([pattern.id]) });
  return compiled;
}

function matches(p, code) {
  if (p.regex) return p.regex.test(code);
  const n = code.length;
  if (n < p.min || n > p.max) return false;
  if (p.direct) {
    const extra = n - p.min;
    let offset = 0;
    for (let i = 0; i < p.segments.length; i++) {
      const s = p.segments[i];
      const length = i === p.variable ? s.min + extra : s.min;
      if (s.literal !== null) {
        if (!code.startsWith(s.literal, offset)) return false;
      } else {
        const table = s.table;
        for (let k = offset, end = offset + length; k < end; k++) if (table[code.charCodeAt(k)] !== 1) return false;
      }
      offset += length;
    }
    return true;
  }
  // Variable lengths: the set of reachable positions, segment by segment (as in .NET: no backtracking blow-up).
  let current = new Uint8Array(n + 1), next = new Uint8Array(n + 1);
  current[0] = 1;
  for (const s of p.segments) {
    next.fill(0);
    let any = false;
    for (let pos = 0; pos <= n; pos++) {
      if (!current[pos]) continue;
      if (s.literal !== null) {
        if (code.startsWith(s.literal, pos)) { next[pos + s.literal.length] = 1; any = true; }
        continue;
      }
      const limit = Math.min(s.max, n - pos);
      let run = 0;
      while (run < limit && s.table[code.charCodeAt(pos + run)] === 1) run++;
      for (let k = s.min; k <= run; k++) { next[pos + k] = 1; any = true; }
    }
    if (!any) return false;
    [current, next] = [next, current];
  }
  return current[n] === 1;
}

function result(matched) {
  const parties = [...new Set(matched.map(p => p.party))].sort();
  return {
    status: parties.length === 0 ? 'unrecognized' : parties.length === 1 ? 'recognized' : 'ambiguous',
    parties,
    patternIds: matched.map(p => p.id),
  };
}

/**
 * Builds a recognizer from the published library ({generatedAt, patterns:[...]}) or a bare array of patterns.
 * recognize(code) -> {status, parties, patternIds}; group(codes) -> {byParty:{AT:[...]}, unrecognized:[...],
 * ambiguous:[{code, parties}]}.
 */
export function createRecognizer(library) {
  const list = Array.isArray(library) ? library : (library?.patterns ?? []);
  const patterns = list.map(compile);
  // Candidates by the first character: a fixed start picks one list; a run or regex without one goes in "any".
  const byFirst = new Map();
  const anyFirst = [];
  for (const p of patterns) {
    if (p.prefix.length > 0) {
      const key = p.prefix.charCodeAt(0);
      if (!byFirst.has(key)) byFirst.set(key, []);
      byFirst.get(key).push(p);
    } else {
      anyFirst.push(p);
    }
  }
  // Merged per (length, first character), kept in library order, so results list patterns in the order published.
  const candidatesFor = new Map();
  const byIndex = (a, b) => a.index - b.index;
  const unrecognized = Object.freeze({ status: 'unrecognized', parties: Object.freeze([]), patternIds: Object.freeze([]) });

  function recognizeNormal(code) {
    if (code.length === 0) return unrecognized;
    const first = code.charCodeAt(0);
    const key = code.length * 65536 + first;
    let candidates = candidatesFor.get(key);
    if (!candidates) {
      // Built on first use per (length, first character): only the patterns such a code could match.
      candidates = [...(byFirst.get(first) ?? []), ...anyFirst].filter(p => code.length >= p.min && code.length <= p.max).sort(byIndex);
      candidatesFor.set(key, candidates);
    }
    let matched = null;
    for (const p of candidates) {
      if (p.prefix.length > 1 && !code.startsWith(p.prefix)) continue;
      if (matches(p, code)) (matched ??= []).push(p);
    }
    if (matched === null) return unrecognized;
    return matched.length === 1 ? matched[0].single : result(matched);
  }

  return {
    patterns: list,
    recognize(code) {
      const r = recognizeNormal(normalize(code));
      return { status: r.status, parties: [...r.parties], patternIds: [...r.patternIds] };
    },
    group(codes) {
      const seen = new Set();
      const byParty = new Map();
      const unrecognizedCodes = [];
      const ambiguous = [];
      for (const raw of codes) {
        const code = normalize(raw);
        if (code.length === 0 || seen.has(code)) continue;
        seen.add(code);
        const r = recognizeNormal(code);
        if (r.status === 'recognized') {
          if (!byParty.has(r.parties[0])) byParty.set(r.parties[0], []);
          byParty.get(r.parties[0]).push(code);
        } else if (r.status === 'ambiguous') {
          ambiguous.push({ code, parties: [...r.parties] });
        } else {
          unrecognizedCodes.push(code);
        }
      }
      const grouped = {};
      for (const party of [...byParty.keys()].sort()) grouped[party] = byParty.get(party);
      return { byParty: grouped, unrecognized: unrecognizedCodes, ambiguous };
    },
  };
}

const FIELD_SEPARATORS = /[,;\t|]/;
const HEADER_NAMES = new Set(['UIM', 'UIMS', 'CODE', 'CODES', 'UNIQUE IDENTIFIER']);

function trimChars(s, set) {
  let start = 0, end = s.length;
  while (start < end && set.has(s[start])) start++;
  while (end > start && set.has(s[end - 1])) end--;
  return s.slice(start, end);
}
const SPACE_CHARS = new Set([...WHITE_SPACE]);
const QUOTES = new Set(['"', "'"]);
const clean = field => trimChars(trimChars(trimChars(field, SPACE_CHARS), QUOTES), SPACE_CHARS);

/**
 * Splits pasted text, a text file or a CSV into codes (as UimCodeText.Parse): one per line or per field
 * (comma, semicolon, tab, |), quotes and surrounding white space removed, empty fields skipped. When the
 * first line names a column uim/uims/code/codes, only that column is read.
 */
export function parseCodes(text) {
  const rows = String(text ?? '').split(/\r\n|\n|\r/).map(line => line.split(FIELD_SEPARATORS))
    .filter(fields => fields.some(f => clean(f).length > 0));
  return codesFromRows(rows);
}

/** The same rule over rows already split into cells (e.g. a worksheet read by the page). */
export function codesFromRows(rows) {
  const codes = [];
  if (rows.length === 0) return codes;
  const column = rows[0].findIndex(f => HEADER_NAMES.has(clean(String(f ?? '')).toUpperCase()));
  const body = column >= 0 ? rows.slice(1) : rows;
  for (const row of body) {
    if (column >= 0) {
      const code = column < row.length ? clean(String(row[column] ?? '')) : '';
      if (code.length > 0) codes.push(code);
      continue;
    }
    for (const field of row) {
      const code = clean(String(field ?? ''));
      if (code.length > 0) codes.push(code);
    }
  }
  return codes;
}
