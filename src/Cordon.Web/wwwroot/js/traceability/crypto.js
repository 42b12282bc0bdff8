// End-to-end encryption of traceability chains in the browser, byte-compatible with
// Cordon.Domain.Traceability.Crypto.TraceabilityCrypto in .NET (tested both ways in a real browser).
// Web Crypto only: ECDH P-256, HKDF-SHA256, AES-256-GCM, ECDSA P-256/SHA-256, PBKDF2-SHA256.
// Formats, key hierarchy and threat model: docs/traceability-crypto.md.

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const PASSPHRASE_ITERATIONS = 600000;
export const MINIMUM_PASSPHRASE_ITERATIONS = 100000;
const USER_KEYS_LABEL = 'cordon/user-keys/v1';
const PARTY_KEY_LABEL = 'cordon/party-key/v1';
const CONTENT_KEY_LABEL = 'cordon/content-key/v1';
const MESSAGE_LABEL = 'cordon/message/v1';
const SIGNATURE_LABEL = 'cordon/message-signature/v1';
const BYTES_LABEL = 'cordon/bytes/v1';
const ENDORSEMENT_LABEL = 'cordon/party-key-endorsement/v1';
const APPROVAL_LABEL = 'cordon/connector-approval/v1';
const ECDH = { name: 'ECDH', namedCurve: 'P-256' };
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' };

// ---- encoding ----

/** Base64 of bytes (standard alphabet, padded), in chunks so that large ciphertexts do not overflow the stack. */
export function toBase64(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (typeof view.toBase64 === 'function') return view.toBase64(); // native where the browser has it
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text) {
  if (typeof text !== 'string') throw new Error('A required value is missing.');
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const utf8 = text => encoder.encode(text);
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
};
const random = n => globalThis.crypto.getRandomValues(new Uint8Array(n));

function readJson(text, what) {
  try {
    const value = JSON.parse(text);
    if (value && typeof value === 'object') return value;
  } catch { /* reported below */ }
  throw new Error(`Malformed ${what}.`);
}

// ---- user keys ----

async function passphraseKey(passphrase, salt, iterations) {
  const material = await subtle.importKey('raw', utf8(String(passphrase).normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function exportSpki(key) { return toBase64(await subtle.exportKey('spki', key)); }

/**
 * A new user's key pairs, generated here: returns the strings the server stores
 * {encryptionPublicKey, signingPublicKey, fingerprint, wrappedPrivateKeys} and the unlocked keys as userKeys.
 */
export async function generateUserKeys(passphrase) {
  if (!passphrase) throw new Error('A passphrase is required.');
  const encryption = await subtle.generateKey(ECDH, true, ['deriveBits']);
  const signing = await subtle.generateKey(ECDSA, true, ['sign', 'verify']);
  const encryptionPublicKey = await exportSpki(encryption.publicKey);
  const signingPublicKey = await exportSpki(signing.publicKey);
  const userKeys = {
    encryptionPrivateKey: encryption.privateKey,
    signingPrivateKey: signing.privateKey,
    encryptionPublicKey,
    signingPublicKey,
    fingerprint: await fingerprint(encryptionPublicKey, signingPublicKey),
  };
  return {
    encryptionPublicKey,
    signingPublicKey,
    fingerprint: userKeys.fingerprint,
    wrappedPrivateKeys: await wrapUserKeys(userKeys, passphrase),
    userKeys,
  };
}

/** The private keys under a passphrase: compact JSON {v, kdf, iterations, salt, iv, ciphertext}. */
export async function wrapUserKeys(userKeys, passphrase, iterations = PASSPHRASE_ITERATIONS) {
  const salt = random(16);
  const iv = random(12);
  const key = await passphraseKey(passphrase, salt, iterations);
  const plaintext = utf8(JSON.stringify({
    encryption: toBase64(await subtle.exportKey('pkcs8', userKeys.encryptionPrivateKey)),
    signing: toBase64(await subtle.exportKey('pkcs8', userKeys.signingPrivateKey)),
    encryptionPublicKey: userKeys.encryptionPublicKey,
    signingPublicKey: userKeys.signingPublicKey,
  }));
  const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(USER_KEYS_LABEL) }, key, plaintext);
  plaintext.fill(0);
  return JSON.stringify({ v: 1, kdf: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), iv: toBase64(iv), ciphertext: toBase64(ciphertext) });
}

/** Unlocks the keys with the passphrase; rejects on a wrong passphrase or a tampered blob. */
export async function unlockUserKeys(wrappedPrivateKeys, passphrase) {
  const wrapped = readJson(wrappedPrivateKeys, 'wrapped user keys');
  if (wrapped.v !== 1 || wrapped.kdf !== 'PBKDF2-SHA256') throw new Error('Unknown wrapped user keys format.');
  if (!(wrapped.iterations >= MINIMUM_PASSPHRASE_ITERATIONS)) throw new Error('The wrapped user keys use too few PBKDF2 iterations.');
  const key = await passphraseKey(passphrase, fromBase64(wrapped.salt), wrapped.iterations);
  let plaintext;
  try {
    plaintext = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(wrapped.iv), additionalData: utf8(USER_KEYS_LABEL) }, key, fromBase64(wrapped.ciphertext)));
  } catch {
    throw new Error('Wrong passphrase, or the wrapped keys were altered.');
  }
  const content = JSON.parse(decoder.decode(plaintext));
  plaintext.fill(0);
  const encryptionPrivateKey = await subtle.importKey('pkcs8', fromBase64(content.encryption), ECDH, true, ['deriveBits']);
  const signingPrivateKey = await subtle.importKey('pkcs8', fromBase64(content.signing), ECDSA, true, ['sign']);
  return {
    encryptionPrivateKey,
    signingPrivateKey,
    encryptionPublicKey: content.encryptionPublicKey,
    signingPublicKey: content.signingPublicKey,
    fingerprint: await fingerprint(content.encryptionPublicKey, content.signingPublicKey),
  };
}

/**
 * What the national administrator compares with the member before wrapping the Party key for them:
 * SHA-256 over both SPKIs, first 20 bytes, ten groups of four hex digits ("3F2A 91C0 ...").
 */
export async function fingerprint(encryptionPublicKey, signingPublicKey) {
  const hash = new Uint8Array(await subtle.digest('SHA-256', concat(fromBase64(encryptionPublicKey), fromBase64(signingPublicKey))));
  const hex = [...hash.subarray(0, 20)].map(b => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  return hex.match(/.{4}/g).join(' ');
}

// ---- Party keys ----

/** One generation of a Party key pair: {publicKey (base64 SPKI), privateKey (CryptoKey)}. */
export async function generatePartyKey() {
  const pair = await subtle.generateKey(ECDH, true, ['deriveBits']);
  return { publicKey: await exportSpki(pair.publicKey), privateKey: pair.privateKey };
}

// ECIES from standard parts: ephemeral ECDH P-256, HKDF-SHA256 (empty salt, info = label || ephemeral SPKI),
// AES-256-GCM. JSON {v, epk, iv, ciphertext} (the ciphertext ends with the tag, Web Crypto's layout).
async function sealKey(privateKey, publicKey, epk, label) {
  const secret = await subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const material = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: concat(utf8(label), epk) }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function sealTo(recipientPublicKey, plaintext, label) {
  const recipient = await subtle.importKey('spki', fromBase64(recipientPublicKey), ECDH, true, []);
  const ephemeral = await subtle.generateKey(ECDH, true, ['deriveBits']);
  const epk = new Uint8Array(await subtle.exportKey('spki', ephemeral.publicKey));
  const key = await sealKey(ephemeral.privateKey, recipient, epk, label);
  const iv = random(12);
  const ciphertext = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(label) }, key, plaintext);
  return JSON.stringify({ v: 1, epk: toBase64(epk), iv: toBase64(iv), ciphertext: toBase64(ciphertext) });
}

async function openSealed(blob, recipientPrivateKey, label) {
  const sealed = readJson(blob, 'sealed key');
  if (sealed.v !== 1) throw new Error('Unknown sealed key format.');
  const epk = fromBase64(sealed.epk);
  const ephemeral = await subtle.importKey('spki', epk, ECDH, true, []);
  const key = await sealKey(recipientPrivateKey, ephemeral, epk, label);
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: utf8(label) }, key, fromBase64(sealed.ciphertext)));
  } catch {
    throw new Error('This key was not wrapped for you, or it was altered.');
  }
}

/** The Party private key sealed to a member's encryption public key (the national administrator does this). */
export async function wrapPartyKeyForMember(partyPrivateKey, memberEncryptionPublicKey) {
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', partyPrivateKey));
  try {
    return await sealTo(memberEncryptionPublicKey, pkcs8, PARTY_KEY_LABEL);
  } finally {
    pkcs8.fill(0);
  }
}

export async function unwrapPartyKey(blob, userKeys) {
  const pkcs8 = await openSealed(blob, userKeys.encryptionPrivateKey, PARTY_KEY_LABEL);
  try {
    // Extractable: an administrator holding it wraps it again for new members.
    return await subtle.importKey('pkcs8', pkcs8, ECDH, true, ['deriveBits']);
  } finally {
    pkcs8.fill(0);
  }
}

/** The base64 SPKI of a private ECDH key, e.g. to check an unwrapped Party key against the published generation. */
export async function publicKeyOf(privateKey) {
  const jwk = await subtle.exportKey('jwk', privateKey);
  const publicKey = await subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, ext: true }, ECDH, true, []);
  return exportSpki(publicKey);
}

const endorsedData = (party, generation, partyPublicKey) => concat(utf8(`${ENDORSEMENT_LABEL}\n${party}\n${generation}\n`), fromBase64(partyPublicKey));

/**
 * The national administrator's signature on a Party key generation (base64), so that a sender can check,
 * before wrapping a content key to another Party, that the key the server hands out is the one that
 * Party's administrator created (whose own fingerprint was compared out of band).
 */
export async function endorsePartyKey(party, generation, partyPublicKey, userKeys) {
  return toBase64(await subtle.sign(ECDSA_SHA256, userKeys.signingPrivateKey, endorsedData(party, generation, partyPublicKey)));
}

export async function verifyPartyKeyEndorsement(party, generation, partyPublicKey, endorsement, administratorSigningPublicKey) {
  const verifier = await subtle.importKey('spki', fromBase64(administratorSigningPublicKey), ECDSA, false, ['verify']);
  const signature = fromBase64(endorsement);
  return signature.length === 64 && subtle.verify(ECDSA_SHA256, verifier, signature, endorsedData(party, generation, partyPublicKey));
}

// ---- content keys ----

/** A fresh AES-256-GCM content key for one key version of a chain. */
export function newContentKey() {
  return subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

export async function wrapContentKey(contentKey, partyPublicKey) {
  return sealTo(partyPublicKey, new Uint8Array(await subtle.exportKey('raw', contentKey)), CONTENT_KEY_LABEL);
}

export async function unwrapContentKey(blob, partyPrivateKey) {
  const raw = await openSealed(blob, partyPrivateKey, CONTENT_KEY_LABEL);
  if (raw.length !== 32) throw new Error('A content key is 32 bytes.');
  return subtle.importKey('raw', raw, { name: 'AES-GCM' }, true, ['encrypt', 'decrypt']);
}

// ---- messages and attachments ----

/** The server-visible ids a message is bound to, as TraceabilityCrypto.MessageContext in .NET. */
export function messageContext(chainId, messageId, keyVersion) {
  return `chain:${String(chainId).toLowerCase()}|message:${String(messageId).toLowerCase()}|key:${keyVersion}`;
}

// nonce || ciphertext || tag, base64 (Web Crypto already appends the tag).
async function sealCompact(contentKey, plaintext, aad) {
  const iv = random(12);
  const ciphertext = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, contentKey, plaintext));
  return concat(iv, ciphertext);
}

async function openCompact(contentKey, sealed, aad) {
  if (sealed.length < 28) throw new Error('Malformed ciphertext.');
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12), additionalData: aad }, contentKey, sealed.subarray(12)));
  } catch {
    throw new Error('The ciphertext does not decrypt with this key and context.');
  }
}

const signedData = (sealed, context) => concat(utf8(`${SIGNATURE_LABEL}\n${context}\n`), sealed);

/** Encrypts an object as JSON and signs the ciphertext: {ciphertext, signature}, both base64. */
export async function encryptMessage(contentKey, object, userKeys, context) {
  const sealed = await sealCompact(contentKey, utf8(JSON.stringify(object)), utf8(`${MESSAGE_LABEL}\n${context}`));
  const signature = await subtle.sign(ECDSA_SHA256, userKeys.signingPrivateKey, signedData(sealed, context));
  return { ciphertext: toBase64(sealed), signature: toBase64(signature) };
}

/**
 * Decrypts a message and checks the signature against the sender's signing public key:
 * {object, signatureValid}. A bad signature does not hide the content; a ciphertext that fails to
 * authenticate rejects.
 */
export async function decryptMessage(contentKey, ciphertext, signature, senderSigningPublicKey, context) {
  const sealed = fromBase64(ciphertext);
  let signatureValid = false;
  if (senderSigningPublicKey && signature) {
    const verifier = await subtle.importKey('spki', fromBase64(senderSigningPublicKey), ECDSA, false, ['verify']);
    const signatureBytes = fromBase64(signature);
    signatureValid = signatureBytes.length === 64 && await subtle.verify(ECDSA_SHA256, verifier, signatureBytes, signedData(sealed, context));
  }
  const plaintext = await openCompact(contentKey, sealed, utf8(`${MESSAGE_LABEL}\n${context}`));
  return { object: JSON.parse(decoder.decode(plaintext)), signatureValid };
}

/** An attachment: base64 of nonce || ciphertext || tag. */
export async function encryptBytes(contentKey, bytes, context) {
  return toBase64(await sealCompact(contentKey, bytes, utf8(`${BYTES_LABEL}\n${context}`)));
}

export async function decryptBytes(contentKey, text, context) {
  return openCompact(contentKey, fromBase64(text), utf8(`${BYTES_LABEL}\n${context}`));
}

/** SHA-256 (lower-case hex) of a connector transfer's preview text: what an approver signs (ADR 26). */
export async function previewDigest(preview) {
  const hash = new Uint8Array(await subtle.digest('SHA-256', utf8(preview)));
  return Array.from(hash, b => b.toString(16).padStart(2, '0')).join('');
}

/** The context (AAD) a transfer preview is encrypted with. */
export function transferContext(transferId) {
  return `transfer:${String(transferId).toLowerCase()}`;
}

/** The approver's signature over the transfer id, its direction and the digest of the preview they read. */
export async function signApproval(transferId, direction, digest, userKeys) {
  const data = utf8(`${APPROVAL_LABEL}\n${String(transferId).toLowerCase()}\n${direction}\n${digest}`);
  return toBase64(await subtle.sign(ECDSA_SHA256, userKeys.signingPrivateKey, data));
}

/** True when the Party key generation as the server hands it out carries a valid endorsement by its administrator. */
export async function isEndorsed(party, generation, partyPublicKey, endorsement, administratorSigningPublicKey) {
  if (!partyPublicKey || !endorsement || !administratorSigningPublicKey) return false;
  try {
    return await verifyPartyKeyEndorsement(party, generation, partyPublicKey, endorsement, administratorSigningPublicKey);
  } catch {
    return false;
  }
}
