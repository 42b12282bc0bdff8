// One chain: decrypt the history in this browser (content keys unwrapped with the Party key of the generation each
// key version used), mark what the other Party sent as read / actioned, reply per UIM with the Article 8 template or
// free text, add follow-ups with encrypted attachments, close. A new key version is made when a Party's key changed.
import * as crypto from '../crypto.js';
import { api, describe, el, show, t, unlockForm, iso, verifiedPartyKey, ARTICLE_8 } from './common.js';

const root = document.getElementById('chain');
const chainId = root.dataset.chainId;
const status = document.getElementById('chain-status');
const history = document.getElementById('chain-history');
const actions = document.getElementById('chain-actions');
const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
let ring = null;
let chain = null;
const contentKeys = new Map();
let request = null;

const attachmentContext = (attachmentId, keyVersion) => `chain:${chainId}|attachment:${attachmentId}|key:${keyVersion}`;

async function contentKey(number) {
  if (contentKeys.has(number)) return contentKeys.get(number);
  const version = chain.keyVersions.find(v => v.number === number);
  const partyKey = await ring.partyKey(version.generation);
  const key = await crypto.unwrapContentKey(version.wrappedKey, partyKey);
  contentKeys.set(number, key);
  return key;
}

function wantedList(wanted) {
  return el('ul', { class: 'wanted' }, (wanted || []).map(letter => el('li', {}, t('Art8.' + letter))));
}

function attachmentsOf(message, content) {
  const list = content.attachments || [];
  if (!list.length) return '';
  return el('p', { class: 'attachments' }, t('Attachments'), ': ', list.map(a => el('button', {
    type: 'button', class: 'link attachment', onclick: () => download(a, message.keyVersion),
  }, `${a.name} (${a.size ?? '?'} B)`)));
}

async function download(attachment, keyVersion) {
  try {
    const text = await api(`/attachments/${attachment.id}`, { text: true });
    const bytes = await crypto.decryptBytes(await contentKey(keyVersion), text, attachmentContext(attachment.id, keyVersion));
    const url = URL.createObjectURL(new Blob([bytes], { type: attachment.type || 'application/octet-stream' }));
    const a = el('a', { href: url, download: attachment.name || 'attachment' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    show(status, describe(error));
  }
}

function renderContent(message, c) {
  if (c.type === 'request') {
    return [
      c.subject ? el('p', {}, el('strong', {}, c.subject)) : '',
      el('p', {}, t('UIMs'), ` (${(c.uims || []).length})`),
      el('ul', { class: 'mono codes uims' }, (c.uims || []).map(u => el('li', {}, u))),
      c.questions ? el('p', { class: 'questions' }, c.questions) : '',
      c.wanted?.length ? [el('p', {}, t('Traceability data wanted (Article 8, paragraph 4.1)')), wantedList(c.wanted)] : '',
      attachmentsOf(message, c),
    ];
  }
  if (c.type === 'reply') {
    return [
      el('table', { class: 'answers' },
        el('thead', {}, el('tr', {}, el('th', {}, t('UIM')), el('th', {}, t('Valid in our system')), el('th', {}, t('Data')))),
        el('tbody', {}, (c.answers || []).map(a => el('tr', {},
          el('td', { class: 'mono' }, a.uim),
          el('td', { class: 'valid' }, a.valid === true ? t('Yes') : a.valid === false ? t('No') : t('Unknown')),
          el('td', {}, el('dl', {}, Object.entries(a.template || {}).filter(([, v]) => v).map(([k, v]) => [el('dt', {}, t('Art8.' + k)), el('dd', { class: 'template-value' }, v)])),
            a.text ? el('p', {}, a.text) : ''))))),
      c.text ? el('p', {}, c.text) : '',
      attachmentsOf(message, c),
    ];
  }
  return [el('p', { class: 'follow-up-text' }, c.text || ''), attachmentsOf(message, c)];
}

async function renderHistory() {
  const items = [];
  for (const m of chain.messages) {
    let body;
    let signature = '';
    try {
      const d = await crypto.decryptMessage(await contentKey(m.keyVersion), m.ciphertext, m.signature, m.senderSigningPublicKey, crypto.messageContext(chainId, m.id, m.keyVersion));
      if (d.object.type === 'request' && !request) request = d.object;
      body = renderContent(m, d.object);
      signature = d.signatureValid ? el('span', { class: 'tag signature-valid' }, t('Signature valid')) : el('span', { class: 'tag notice' }, t('Signature NOT valid'));
    } catch (error) {
      body = el('p', { class: 'notice' }, t('This message cannot be decrypted with your keys.'), ' ', describe(error));
    }
    const received = m.recipientParty === chain.myParty;
    if (received && !m.readAt) {
      try { await api(`/messages/${m.id}/read`, { method: 'POST' }); m.readAt = new Date().toISOString(); } catch { /* shown as unread */ }
    }
    const state = received
      ? (m.actionedAt ? el('span', { class: 'tag' }, t('Actioned')) : el('button', { type: 'button', class: 'mark-actioned', onclick: () => mark(m) }, t('Mark as actioned')))
      : el('span', { class: 'muted' }, m.actionedAt ? t('Actioned by {0}', m.recipientParty) : m.readAt ? t('Read by {0}', m.recipientParty) : t('Not yet read by {0}', m.recipientParty));
    items.push(el('article', { class: 'card message', dataset: { kind: m.kind, sequence: m.sequence } },
      el('header', {}, el('strong', {}, t('MessageKind.' + m.kind)), ' · ', m.senderParty, ' · ', m.senderName, ' · ', el('span', { class: 'mono' }, iso(m.sentAt)), ' ', signature,
        el('span', { class: 'muted' }, ' ', t('key version {0}', m.keyVersion))),
      body,
      el('footer', {}, state)));
  }
  history.replaceChildren(...items);
}

async function mark(m) {
  try {
    await api(`/messages/${m.id}/actioned`, { method: 'POST' });
    await reload();
  } catch (error) {
    show(status, describe(error));
  }
}

/** The key version to encrypt with now: the current one if both Parties' generations are unchanged, else a new one. */
async function currentVersion() {
  ring.mine = await api('/keys/me');
  ring.partyKeys.clear();
  const mine = ring.mine.party;
  const otherParty = chain.requestingParty === chain.myParty ? chain.respondingParty : chain.requestingParty;
  const other = await api(`/parties/${encodeURIComponent(otherParty)}/key`);
  const last = chain.keyVersions[chain.keyVersions.length - 1];
  if (last.generation === mine.currentGeneration && last.otherGeneration === other.currentGeneration) return last.number;
  // Endorsed by each Party's administrator, or nothing is wrapped to them.
  const mineKey = await verifiedPartyKey(mine);
  const otherKey = await verifiedPartyKey(other);
  const key = await crypto.newContentKey();
  const mineWrapped = await crypto.wrapContentKey(key, mineKey.publicKey);
  const otherWrapped = await crypto.wrapContentKey(key, otherKey.publicKey);
  const requesting = chain.requestingParty === chain.myParty;
  chain = await api(`/chains/${chainId}/key-versions`, {
    method: 'POST',
    body: {
      number: last.number + 1,
      requestingGeneration: requesting ? mine.currentGeneration : other.currentGeneration, requestingWrappedKey: requesting ? mineWrapped : otherWrapped,
      respondingGeneration: requesting ? other.currentGeneration : mine.currentGeneration, respondingWrappedKey: requesting ? otherWrapped : mineWrapped,
    },
  });
  contentKeys.set(last.number + 1, key);
  return last.number + 1;
}

async function send(kind, content, files, uimCount) {
  const version = await currentVersion();
  const key = await contentKey(version);
  const messageId = globalThis.crypto.randomUUID();
  const attachments = [];
  content.attachments = [];
  for (const file of files) {
    if (file.size > MAX_ATTACHMENT_BYTES) throw new Error(t('{0} is larger than 5 MB.', file.name));
    const id = globalThis.crypto.randomUUID();
    attachments.push({ id, ciphertext: await crypto.encryptBytes(key, new Uint8Array(await file.arrayBuffer()), attachmentContext(id, version)) });
    content.attachments.push({ id, name: file.name, type: file.type, size: file.size });
  }
  const encrypted = await crypto.encryptMessage(key, content, ring.userKeys, crypto.messageContext(chainId, messageId, version));
  chain = await api(`/chains/${chainId}/messages`, {
    method: 'POST',
    body: { id: messageId, kind, keyVersion: version, ciphertext: encrypted.ciphertext, signature: encrypted.signature, uimCount, attachments },
  });
}

function replyForm() {
  const uims = request?.uims || [];
  const letters = request?.wanted?.length ? request.wanted : ARTICLE_8;
  const rows = uims.map((uim, i) => el('fieldset', { class: 'answer', dataset: { uim } },
    el('legend', { class: 'mono' }, uim),
    el('label', {}, t('Valid in our system'), ' ', el('select', { name: `valid-${i}` },
      el('option', { value: 'yes' }, t('Yes')), el('option', { value: 'no' }, t('No')), el('option', { value: '' }, t('Unknown')))),
    letters.map(letter => el('label', { class: 'template' }, t('Art8.' + letter), el('input', { name: `t-${i}-${letter}`, dataset: { letter } }))),
    el('label', {}, t('Free text'), el('textarea', { name: `text-${i}`, rows: 2 }))));
  const f = el('form', { id: 'reply-form', class: 'card' }, el('h2', {}, t('Reply per UIM')), ...rows,
    el('label', {}, t('Comments'), el('textarea', { name: 'text', rows: 2 })),
    el('label', {}, t('Attachments'), el('input', { type: 'file', name: 'files', multiple: true })),
    el('button', { type: 'submit' }, t('Send the reply')));
  f.addEventListener('submit', (e) => submit(e, f, () => {
    const answers = uims.map((uim, i) => {
      const v = f.elements[`valid-${i}`].value;
      const template = {};
      for (const input of f.querySelectorAll(`input[name^="t-${i}-"]`)) if (input.value.trim()) template[input.dataset.letter] = input.value.trim();
      return { uim, valid: v === 'yes' ? true : v === 'no' ? false : null, template, text: f.elements[`text-${i}`].value.trim() };
    });
    return ['reply', { type: 'reply', answers, text: f.elements.text.value.trim() }, uims.length];
  }));
  return f;
}

function followUpForm() {
  const f = el('form', { id: 'follow-up-form', class: 'card' }, el('h2', {}, t('Follow-up')),
    el('label', {}, t('Message'), el('textarea', { name: 'text', rows: 3, required: true })),
    el('label', {}, t('Attachments'), el('input', { type: 'file', name: 'files', multiple: true })),
    el('button', { type: 'submit' }, t('Send the follow-up')));
  f.addEventListener('submit', (e) => submit(e, f, () => ['follow-up', { type: 'follow-up', text: f.elements.text.value.trim() }, 0]));
  return f;
}

async function submit(e, form, build) {
  e.preventDefault();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const [kind, content, uimCount] = build();
    await send(kind, content, Array.from(form.elements.files.files), uimCount);
    show(status, t('Sent.'), 'success');
    await render();
  } catch (error) {
    show(status, describe(error));
    button.disabled = false;
  }
}

function renderActions() {
  const parts = [];
  if (chain.state !== 'Closed') {
    if (chain.respondingParty === chain.myParty) parts.push(replyForm());
    parts.push(followUpForm());
    parts.push(el('button', { type: 'button', id: 'close-chain', onclick: closeChain }, t('Close the chain')));
  } else {
    parts.push(el('p', { class: 'muted' }, t('The chain is closed.')));
  }
  actions.replaceChildren(...parts);
}

async function closeChain() {
  try {
    chain = await api(`/chains/${chainId}/close`, { method: 'POST' });
    await render();
  } catch (error) {
    show(status, describe(error));
  }
}

async function reload() {
  chain = await api(`/chains/${chainId}`);
  await render();
}

async function render() {
  document.getElementById('chain-state').textContent = t('ChainState.' + chain.state);
  await renderHistory();
  renderActions();
}

unlockForm(document.getElementById('unlock-form'), status, async (r) => { ring = r; await reload(); });
