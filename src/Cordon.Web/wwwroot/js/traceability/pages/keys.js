// My keys: generate a key pair on this side with a passphrase, register the public keys and the passphrase-wrapped
// private keys, and show the fingerprint to read out to the national administrator.
import * as crypto from '../crypto.js';
import { api, describe, el, show, t, iso } from './common.js';

const status = document.getElementById('keys-status');
const details = document.getElementById('keys-details');
const form = document.getElementById('keys-generate');

async function render() {
  const mine = await api('/keys/me');
  details.replaceChildren();
  if (!mine.key) {
    details.append(el('p', {}, t('You have no keys yet. Choose a passphrase of at least 12 characters: it never leaves this browser, and nobody can recover it.')));
    return;
  }
  // Computed here, from the public keys, so that it is what this browser generated that is compared.
  const local = await crypto.fingerprint(mine.key.encryptionPublicKey, mine.key.signingPublicKey);
  details.append(
    el('p', {}, t('Your key fingerprint (read it to your national administrator, who compares it on their screen):')),
    el('p', { class: 'mono fingerprint', id: 'my-fingerprint' }, local),
    el('p', {}, t('Registered'), ': ', iso(mine.key.registeredAt)),
    el('p', { id: 'my-confirmation', class: mine.confirmed ? 'success' : 'notice' },
      mine.confirmed ? t('Confirmed: you hold your Party key (generations {0}).', mine.shares.map(s => s.generation).join(', '))
        : t('Waiting for your national administrator to compare the fingerprint and confirm you.')));
  if (local !== mine.key.fingerprint) details.append(el('p', { class: 'notice' }, t('Warning: the fingerprint stored on the server differs from your keys.')));
  form.querySelector('button').textContent = t('Replace my keys');
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const [pass, again] = [form.elements.passphrase.value, form.elements.confirm.value];
  if (pass.length < 12) return show(status, t('The passphrase needs at least 12 characters.'));
  if (pass !== again) return show(status, t('The two passphrases differ.'));
  const button = form.querySelector('button');
  button.disabled = true;
  show(status, t('Generating your keys…'), 'muted');
  try {
    const keys = await crypto.generateUserKeys(pass);
    await api('/keys', { method: 'POST', body: { encryptionPublicKey: keys.encryptionPublicKey, signingPublicKey: keys.signingPublicKey, fingerprint: keys.fingerprint, wrappedPrivateKeys: keys.wrappedPrivateKeys } });
    form.reset();
    show(status, t('Your keys are registered.'), 'success');
    await render();
  } catch (error) {
    show(status, describe(error));
  } finally {
    button.disabled = false;
  }
});

render().catch(error => show(status, describe(error)));
