// Connector approvals (ADR 26): each transfer's preview is sealed to the Party's own key; it is decrypted here, shown
// exactly as the connector will send it, and approved by signing the SHA-256 of that very ciphertext with the user's key.
import * as crypto from '../crypto.js';
import { api, describe, el, show, t, unlockForm, iso } from './common.js';

const status = document.getElementById('approvals-status');
const list = document.getElementById('approvals');
let ring = null;

async function open(transfer) {
  const partyKey = await ring.partyKey(transfer.generation);
  const key = await crypto.unwrapContentKey(transfer.wrappedKey, partyKey);
  return crypto.decryptMessage(key, transfer.preview, transfer.previewSignature, transfer.proposerSigningPublicKey, crypto.transferContext(transfer.id));
}

async function decide(transfer, approve, card) {
  const buttons = card.querySelectorAll('button');
  buttons.forEach(b => { b.disabled = true; });
  try {
    if (approve) {
      const previewDigest = await crypto.previewDigest(transfer.preview);
      const signature = await crypto.signApproval(transfer.id, transfer.direction, previewDigest, ring.userKeys);
      await api(`/transfers/${transfer.id}/approve`, { method: 'POST', body: { previewDigest, signature } });
    } else {
      await api(`/transfers/${transfer.id}/reject`, { method: 'POST', body: {} });
    }
    show(status, approve ? t('Approved: the connector will send it.') : t('Rejected: nothing will be sent.'), 'success');
    await load();
  } catch (error) {
    show(status, describe(error));
    buttons.forEach(b => { b.disabled = false; });
  }
}

async function load() {
  const pending = await api('/transfers?state=pending');
  if (!pending.length) {
    list.replaceChildren(el('p', { class: 'muted', id: 'nothing-pending' }, t('Nothing is waiting for approval.')));
    return;
  }
  const cards = [];
  for (const transfer of pending) {
    const card = el('section', { class: 'card transfer', dataset: { transferId: transfer.id } });
    let body;
    let trusted = false;
    try {
      const preview = await open(transfer);
      trusted = preview.signatureValid;
      body = el('pre', { class: 'preview' }, JSON.stringify(preview.object, null, 2));
    } catch (error) {
      body = el('p', { class: 'notice' }, describe(error));
    }
    card.append(
      el('h2', {}, transfer.direction === 'query' ? t('Query to the national system') : t('Reply to the requesting Party')),
      el('p', { class: 'muted' }, t('Proposed by {0} on {1}, key fingerprint {2}', transfer.proposerName, iso(transfer.proposedAt), transfer.proposerFingerprint || '?')),
      trusted ? '' : el('p', { class: 'notice' }, t('The connector\'s signature does not hold: do not approve.')),
      body,
      el('p', {},
        el('button', { type: 'button', class: 'approve', disabled: !trusted, onclick: () => decide(transfer, true, card) }, t('Approve and sign')), ' ',
        el('button', { type: 'button', class: 'reject secondary', onclick: () => decide(transfer, false, card) }, t('Reject'))));
    cards.push(card);
  }
  list.replaceChildren(...cards);
}

unlockForm(document.getElementById('unlock-form'), status, async (r) => { ring = r; await load(); });
