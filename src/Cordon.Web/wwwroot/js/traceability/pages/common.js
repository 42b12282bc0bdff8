// Shared helpers of the traceability pages. Keys are held in this page's memory only: each page asks for the
// passphrase and unlocks the passphrase-wrapped blob the server returns; no private key is ever stored.
import * as crypto from '../crypto.js';

const stringsElement = document.getElementById('t-strings');
const STRINGS = stringsElement ? JSON.parse(stringsElement.textContent) : {};

/** A localized string by its resource key (the page renders the ones it needs). */
export function t(key, ...args) {
  let s = STRINGS[key] ?? key;
  args.forEach((a, i) => { s = s.replace(`{${i}}`, String(a)); });
  return s;
}

/** The Article 8 §4.1 items a to j that a request may tick and a reply's template answers. */
export const ARTICLE_8 = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API with JSON; answers the parsed body (or text), throws ApiError with the problem details. */
export async function api(path, { method = 'GET', body, text = false } = {}) {
  const headers = { Accept: text ? 'text/plain' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch('/api/v1/traceability' + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) {
    let problem = null;
    try { problem = await r.json(); } catch { /* not JSON */ }
    throw new ApiError(r.status, problem);
  }
  if (text) return r.text();
  const type = r.headers.get('Content-Type') || '';
  return type.includes('json') ? r.json() : r.text();
}

/** A readable message for an error: the problem's title and field errors. */
export function describe(error) {
  if (error instanceof ApiError && error.problem) {
    const fields = Object.values(error.problem.errors || {}).flat();
    return [error.problem.title, ...fields].filter(Boolean).join(' ');
  }
  return error?.message || String(error);
}

/** Creates an element: el('p', {class: 'muted'}, 'text', child). Text is always set as text, never HTML. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function show(target, message, kind = 'notice') {
  target.replaceChildren(message ? el('p', { class: kind, role: kind === 'notice' ? 'alert' : 'status' }, message) : '');
}

/** The user's side of the keys: unlocked user keys and the Party private keys of each generation (unwrapped on demand). */
export class KeyRing {
  constructor(mine, userKeys) {
    this.mine = mine;
    this.userKeys = userKeys;
    this.partyKeys = new Map();
  }

  /** Unlocks the passphrase-wrapped keys the server holds for the signed-in user. */
  static async unlock(passphrase) {
    const mine = await api('/keys/me');
    if (!mine.key) throw new Error(t('Set up your keys first.'));
    let userKeys;
    try {
      userKeys = await crypto.unlockUserKeys(mine.wrappedPrivateKeys, passphrase);
    } catch {
      throw new Error(t('The passphrase does not unlock your keys.'));
    }
    // The keys unlocked must be the registered ones (a swapped blob would not match the fingerprint).
    if (userKeys.fingerprint !== mine.key.fingerprint) throw new Error(t('Your keys do not match the registered fingerprint.'));
    return new KeyRing(mine, userKeys);
  }

  get party() { return this.mine.party; }

  /** The Party private key of a generation, checked against the published public key of that generation. */
  async partyKey(generation) {
    if (this.partyKeys.has(generation)) return this.partyKeys.get(generation);
    const share = this.mine.shares.find(s => s.generation === generation);
    if (!share) throw new Error(t('You do not hold your Party key of generation {0}.', generation));
    const key = await crypto.unwrapPartyKey(share.wrappedPrivateKey, this.userKeys);
    const published = this.mine.party.generations.find(g => g.number === generation);
    if (!published || await crypto.publicKeyOf(key) !== published.publicKey) throw new Error(t('Your Party key does not match the published key.'));
    this.partyKeys.set(generation, key);
    return key;
  }
}

const PINS = 'cordon.traceability.endorsers';

/**
 * The Party's current key as the server hands it out, refused unless the generation carries a valid endorsement by its
 * national administrator (so the server cannot slip in a key of its own) and, once seen in this browser, by the same
 * administrator key (pinned: public fingerprints only, no secret is stored). Answers {number, publicKey}.
 */
export async function verifiedPartyKey(status) {
  const g = (status.generations || []).find(x => x.number === status.currentGeneration);
  if (!g) throw new Error(t('{0} has not set up its Party key yet.', status.party));
  if (!await crypto.isEndorsed(status.party, g.number, g.publicKey, g.endorsement, g.endorserSigningPublicKey)) {
    throw new Error(t('The key of {0} is not endorsed by its national administrator: nothing was sent.', status.party));
  }
  let pins = {};
  try { pins = JSON.parse(localStorage.getItem(PINS) || '{}'); } catch { pins = {}; }
  if (pins[status.party] && pins[status.party] !== g.endorserFingerprint) {
    throw new Error(t('The key of {0} is endorsed by another administrator key than before ({1}): nothing was sent.', status.party, g.endorserFingerprint || '?'));
  }
  if (!pins[status.party]) {
    pins[status.party] = g.endorserFingerprint;
    try { localStorage.setItem(PINS, JSON.stringify(pins)); } catch { /* private mode: verify without pinning */ }
  }
  return { number: g.number, publicKey: g.publicKey };
}

/** Wires an unlock form (passphrase field + button) to a callback receiving the KeyRing. */
export function unlockForm(form, status, onUnlocked) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const field = form.querySelector('input[type=password]');
    const button = form.querySelector('button');
    button.disabled = true;
    show(status, t('Unlocking…'), 'muted');
    try {
      const ring = await KeyRing.unlock(field.value);
      field.value = '';
      form.remove();
      show(status, t('Keys unlocked for this page.'), 'success');
      await onUnlocked(ring);
    } catch (error) {
      show(status, describe(error));
    } finally {
      button.disabled = false;
    }
  });
}

/** Reads a file as text, or as rows when it is an Excel workbook. */
export async function readCodesFile(file) {
  if (/\.xlsx$/i.test(file.name)) {
    const { readXlsxRows } = await import('./xlsx.js');
    return { rows: await readXlsxRows(await file.arrayBuffer()) };
  }
  return { text: await file.text() };
}

export function iso(value) {
  return value ? String(value).replace(/\.\d+/, '').replace('+00:00', 'Z') : '';
}
