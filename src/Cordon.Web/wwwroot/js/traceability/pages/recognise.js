// Version 2: recognise pasted or uploaded UIMs in this browser against the published library, group them per
// issuing Party, flag unrecognised and ambiguous codes, and prepare one encrypted request per Party. The codes
// reach the server only inside the encrypted requests.
import * as crypto from '../crypto.js';
import { createRecognizer, parseCodes, codesFromRows } from '../uim-recognizer.js';
import { api, describe, el, show, t, unlockForm, readCodesFile, verifiedPartyKey, ARTICLE_8 } from './common.js';

const status = document.getElementById('recognise-status');
const results = document.getElementById('recognise-results');
const form = document.getElementById('recognise-form');
let recognizer = null;
let ring = null;

async function library() {
  if (!recognizer) recognizer = createRecognizer(await api('/patterns'));
  return recognizer;
}

/** Opens a chain to the Party: a fresh content key wrapped to both Parties' current generations, the request signed. */
export async function sendRequest(keyRing, party, content) {
  const mineStatus = (await api('/keys/me')).party;
  const other = await api(`/parties/${encodeURIComponent(party)}/key`);
  if (!mineStatus.currentGeneration) throw new Error(t('Your Party has no key yet.'));
  if (!other.currentGeneration) throw new Error(t('{0} has not set up its Party key yet.', party));
  // Both keys are checked against their administrators' endorsements before anything is wrapped to them.
  const mineKey = await verifiedPartyKey(mineStatus);
  const otherKey = await verifiedPartyKey(other);
  const chainId = globalThis.crypto.randomUUID();
  const messageId = globalThis.crypto.randomUUID();
  const contentKey = await crypto.newContentKey();
  const encrypted = await crypto.encryptMessage(contentKey, content, keyRing.userKeys, crypto.messageContext(chainId, messageId, 1));
  return api('/chains', {
    method: 'POST',
    body: {
      id: chainId, respondingParty: party,
      keys: {
        number: 1,
        requestingGeneration: mineKey.number, requestingWrappedKey: await crypto.wrapContentKey(contentKey, mineKey.publicKey),
        respondingGeneration: otherKey.number, respondingWrappedKey: await crypto.wrapContentKey(contentKey, otherKey.publicKey),
      },
      message: { id: messageId, kind: 'request', keyVersion: 1, ciphertext: encrypted.ciphertext, signature: encrypted.signature, uimCount: content.uims.length },
    },
  });
}

function requestForm(party, codes, own) {
  const ticks = ARTICLE_8.map(letter => el('label', { class: 'tick' },
    el('input', { type: 'checkbox', name: 'wanted', value: letter }), ' ', t('Art8.' + letter)));
  const outcome = el('div', { class: 'outcome' });
  const f = el('form', { class: 'request-form', dataset: { party } },
    el('label', {}, t('Subject'), el('input', { name: 'subject', maxlength: 200 })),
    el('label', {}, t('Questions'), el('textarea', { name: 'questions', rows: 3 })),
    el('fieldset', {}, el('legend', {}, t('Traceability data wanted (Article 8, paragraph 4.1)')), ...ticks),
    el('button', { type: 'submit', disabled: !ring }, t('Send the request to {0}', party)),
    outcome);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!ring) return show(outcome, t('Unlock your keys first.'));
    const button = f.querySelector('button');
    button.disabled = true;
    try {
      const wanted = Array.from(f.querySelectorAll('input[name=wanted]:checked'), x => x.value);
      const chain = await sendRequest(ring, party, { type: 'request', subject: f.elements.subject.value.trim(), uims: codes, questions: f.elements.questions.value.trim(), wanted });
      outcome.replaceChildren(el('p', { class: 'success' }, t('Request sent.'), ' ', el('a', { href: `/Traceability/Chain?id=${chain.id}`, class: 'sent-chain' }, t('Open the chain'))));
    } catch (error) {
      show(outcome, describe(error));
      button.disabled = false;
    }
  });
  return own ? el('p', { class: 'muted' }, t('These codes were issued by your own Party.')) : f;
}

function render(grouping, ownParty) {
  const sections = [];
  for (const [party, codes] of Object.entries(grouping.byParty)) {
    sections.push(el('section', { class: 'card party-group', dataset: { party } },
      el('h2', {}, party, ' ', el('span', { class: 'muted' }, t('{0} code(s)', codes.length))),
      el('ul', { class: 'mono codes' }, codes.slice(0, 200).map(c => el('li', {}, c))),
      codes.length > 200 ? el('p', { class: 'muted' }, t('… and {0} more', codes.length - 200)) : '',
      requestForm(party, codes, party === ownParty)));
  }
  if (grouping.unrecognized.length) {
    sections.push(el('section', { class: 'card', id: 'unrecognized' }, el('h2', {}, t('Not recognised'), ' ', el('span', { class: 'muted' }, String(grouping.unrecognized.length))),
      el('ul', { class: 'mono codes' }, grouping.unrecognized.map(c => el('li', {}, c)))));
  }
  if (grouping.ambiguous.length) {
    sections.push(el('section', { class: 'card', id: 'ambiguous' }, el('h2', {}, t('Ambiguous (several Parties)'), ' ', el('span', { class: 'muted' }, String(grouping.ambiguous.length))),
      el('ul', { class: 'mono codes' }, grouping.ambiguous.map(a => el('li', {}, a.code, ' → ', a.parties.join(', '))))));
  }
  results.replaceChildren(...sections);
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    let codes = parseCodes(form.elements.codes.value);
    const file = form.elements.file.files[0];
    if (file) {
      const read = await readCodesFile(file);
      codes = codes.concat(read.rows ? codesFromRows(read.rows) : parseCodes(read.text));
    }
    if (codes.length === 0) return show(status, t('Paste codes or choose a file.'));
    const grouping = (await library()).group(codes);
    const ownParty = form.dataset.party;
    render(grouping, ownParty);
    show(status, t('{0} code(s): {1} Party(ies), {2} not recognised, {3} ambiguous.', codes.length, Object.keys(grouping.byParty).length, grouping.unrecognized.length, grouping.ambiguous.length), 'success');
  } catch (error) {
    show(status, describe(error));
  }
});

unlockForm(document.getElementById('unlock-form'), document.getElementById('unlock-status'), async (r) => {
  ring = r;
  for (const b of results.querySelectorAll('.request-form button')) b.disabled = false;
});
