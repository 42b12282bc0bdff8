// The national administrator's page: compare each member's fingerprint (computed here from the public keys about
// to be used), then seal the Party key of every generation to the member; create generation 1, or a new generation
// when a member left (sealed to the remaining confirmed members only).
import * as crypto from '../crypto.js';
import { api, describe, el, show, t, unlockForm, iso } from './common.js';

const status = document.getElementById('members-status');
const table = document.getElementById('members-table');
const generationBox = document.getElementById('generation-box');
let ring = null;
let view = null;

async function load() {
  view = await api('/party-keys');
  const s = view.status;
  generationBox.replaceChildren(
    el('p', {}, s.currentGeneration ? t('Current Party key generation: {0}', s.currentGeneration) : t('Your Party has no key yet.')),
    s.rotationRequired ? el('p', { class: 'notice', id: 'rotation-required' }, t('These former members hold the current generation: {0}. Start a new generation before anything more is sent.', view.departedHolders.join(', '))) : '',
    el('button', { type: 'button', id: 'new-generation', disabled: !ring, onclick: newGeneration }, s.currentGeneration ? t('Start a new generation') : t('Create the Party key (generation 1)')));
  const rows = [];
  for (const m of view.members) {
    const fp = m.encryptionPublicKey ? await crypto.fingerprint(m.encryptionPublicKey, m.signingPublicKey) : '';
    rows.push(el('tr', { dataset: { member: m.email } },
      el('td', {}, m.name, el('br'), el('span', { class: 'muted' }, m.email)),
      el('td', { class: 'mono fingerprint' }, fp || t('No keys yet')),
      el('td', {}, m.registeredAt ? iso(m.registeredAt) : ''),
      el('td', {}, m.confirmed ? el('span', { class: 'tag' }, t('Confirmed')) : m.keyId ? el('span', { class: 'tag' }, t('Waiting for confirmation')) : '',
        m.missingGenerations.length ? el('span', { class: 'muted' }, ' ', t('Missing generations: {0}', m.missingGenerations.join(', '))) : ''),
      el('td', {}, m.keyId && m.missingGenerations.length && s.currentGeneration
        ? el('button', { type: 'button', class: 'confirm', disabled: !ring, onclick: () => confirmMember(m, fp) }, t('Fingerprints match: confirm'))
        : '')));
  }
  table.replaceChildren(...rows);
}

async function confirmMember(member, fingerprint) {
  if (!ring) return;
  if (!window.confirm(t('Confirm only if {0} read you exactly this fingerprint: {1}', member.name, fingerprint))) return;
  try {
    const shares = [];
    for (const generation of member.missingGenerations) {
      const key = await ring.partyKey(generation);
      shares.push({ generation, wrappedKey: await crypto.wrapPartyKeyForMember(key, member.encryptionPublicKey) });
    }
    await api('/party-keys/members', { method: 'POST', body: { userKeyId: member.keyId, shares } });
    show(status, t('{0} is confirmed.', member.name), 'success');
    await load();
  } catch (error) {
    show(status, describe(error));
  }
}

async function newGeneration() {
  if (!ring) return;
  try {
    const current = view.status.currentGeneration;
    // Members to seal the new generation to: those confirmed in the current one (the administrator included); a
    // departed member is no longer listed, so never receives it.
    const recipients = view.members.filter(m => m.keyId && (current ? m.confirmed : m.keyId === ring.mine.key.id));
    if (!recipients.some(m => m.keyId === ring.mine.key.id)) recipients.push({ keyId: ring.mine.key.id, encryptionPublicKey: ring.mine.key.encryptionPublicKey });
    const party = await crypto.generatePartyKey();
    const shares = [];
    for (const m of recipients) shares.push({ userKeyId: m.keyId, wrappedKey: await crypto.wrapPartyKeyForMember(party.privateKey, m.encryptionPublicKey) });
    // Endorsed with the administrator's own signing key: senders verify it before wrapping anything to this key.
    const number = (current || 0) + 1;
    const endorsement = await crypto.endorsePartyKey(ring.party.party, number, party.publicKey, ring.userKeys);
    await api('/party-keys/generations', { method: 'POST', body: { number, publicKey: party.publicKey, endorsement, reason: current ? 'rotation' : 'first generation', shares } });
    ring = await refreshRing();
    show(status, t('Generation {0} created.', (current || 0) + 1), 'success');
    await load();
  } catch (error) {
    show(status, describe(error));
  }
}

async function refreshRing() {
  const mine = await api('/keys/me');
  ring.mine = mine;
  ring.partyKeys.clear();
  return ring;
}

unlockForm(document.getElementById('unlock-form'), status, async (r) => { ring = r; await load(); });
load().catch(error => show(status, describe(error)));
