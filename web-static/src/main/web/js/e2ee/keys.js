// The key exchange's cryptography: an ephemeral ECDH P-256 key pair per participant and page
// load, media keys wrapped to one recipient (ECDH → HKDF-SHA256 → AES-128-GCM, with both
// participant ids and both public keys bound in), the safety code everyone compares, and the
// optional meeting passphrase (PBKDF2), which never leaves the page.
//
// A wrapped key opens only with the ECDH secret of its sender's and its recipient's key pairs:
// a key message the server relays under another sender's name (re-labelled) does not open with
// that sender's public key, so a receiver can only ever file a key under the participant whose
// key pair made it.

import { hkdf } from './sframe.js';

const subtle = globalThis.crypto.subtle;
const text = new TextEncoder();

export const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
export const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/**
 * This participant's key pair; the private key cannot be exported, even by this page. With a
 * passphrase {@code secret} (see {@link passphraseSecret}) every key it wraps or opens also needs it.
 */
export async function newIdentity(secret = null) {
  const pair = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const publicRaw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicRaw, secret };
}

/** PBKDF2 rounds for the passphrase: OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
export const PBKDF2_ITERATIONS = 600000;

/**
 * The 32-byte secret of a meeting passphrase: PBKDF2-HMAC-SHA256 over the passphrase (Unicode
 * NFC, so the same words typed on any keyboard agree), salted with the meeting's id.
 */
export async function passphraseSecret(passphrase, meetingId) {
  const base = await subtle.importKey('raw', text.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const salt = text.encode(`ZoomVconnect E2EE passphrase v1 ${meetingId}`);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: PBKDF2_ITERATIONS }, base, 256));
}

async function helloMacKey(secret) {
  return subtle.importKey('raw', await hkdf(secret, 'ZoomVconnect E2EE hello mac v1', 32), { name: 'HMAC', hash: 'SHA-256' },
    false, ['sign', 'verify']);
}

/** Proof that whoever sent this public key as {@code participantId} knows the passphrase (base64 HMAC-SHA256). */
export async function helloMac(secret, participantId, publicRaw) {
  return b64(await subtle.sign('HMAC', await helloMacKey(secret), concat(text.encode(`${participantId}\n`), publicRaw)));
}

/** Whether {@code mac} proves the passphrase for this participant and public key. */
export async function helloMacValid(secret, participantId, publicRaw, mac) {
  if (typeof mac !== 'string') return false;
  try {
    return await subtle.verify('HMAC', await helloMacKey(secret), unb64(mac), concat(text.encode(`${participantId}\n`), publicRaw));
  } catch {
    return false; // not base64
  }
}

/** A fresh random media key (16 bytes, the SFrame base key) and a random 24-bit epoch. */
export function newMediaKey() {
  const key = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const [epoch] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return { key, epoch: epoch & 0xffffff, gen: 0 };
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * The AES-GCM key shared by sender and recipient: ECDH secret, then HKDF with both public keys
 * (sender's first) in the info, so a key wrapped for one pair opens for no other.
 */
async function pairKey(identity, theirPublicRaw, senderPub, recipientPub) {
  const theirs = await subtle.importKey('raw', theirPublicRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const secret = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: theirs }, identity.privateKey, 256));
  // With a passphrase its secret joins the ECDH secret: without the passphrase nothing opens.
  const ikm = identity.secret ? concat(secret, identity.secret) : secret;
  const raw = await hkdf(ikm, concat(text.encode('ZoomVconnect E2EE key wrap v1'), senderPub, recipientPub), 16);
  return subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** A media key for one recipient: {iv, ct} in base64; the ids are authenticated (AAD). */
export async function wrapKey(identity, recipientPublicRaw, fromId, toId, mediaKey) {
  const aes = await pairKey(identity, recipientPublicRaw, identity.publicRaw, recipientPublicRaw);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const body = text.encode(JSON.stringify({ key: b64(mediaKey.key), epoch: mediaKey.epoch, gen: mediaKey.gen }));
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: text.encode(`${fromId}>${toId}`) }, aes, body);
  return { iv: b64(iv), ct: b64(ct) };
}

/** Opens a key wrapped for this participant by {@code fromId}; throws if anything was changed. */
export async function unwrapKey(identity, senderPublicRaw, fromId, toId, wrapped) {
  const aes = await pairKey(identity, senderPublicRaw, senderPublicRaw, identity.publicRaw);
  const pt = await subtle.decrypt({ name: 'AES-GCM', iv: unb64(wrapped.iv), additionalData: text.encode(`${fromId}>${toId}`) },
    aes, unb64(wrapped.ct));
  const m = JSON.parse(new TextDecoder().decode(pt));
  return { key: unb64(m.key), epoch: m.epoch, gen: m.gen };
}

/** 64 short words, easy to say and tell apart: 6 bits each. */
const WORDS = [
  'apple', 'bear', 'cloud', 'drum', 'eagle', 'fern', 'grape', 'harbor', 'iris', 'jungle', 'kite', 'lemon', 'maple', 'north',
  'ocean', 'piano', 'quartz', 'river', 'salt', 'tiger', 'umbrella', 'violet', 'walnut', 'yellow', 'zebra', 'anchor', 'bridge',
  'candle', 'desert', 'ember', 'forest', 'garden', 'honey', 'island', 'jacket', 'kettle', 'lantern', 'meadow', 'nickel',
  'orange', 'pepper', 'rabbit', 'silver', 'tomato', 'unicorn', 'valley', 'window', 'yogurt', 'arrow', 'basket', 'copper',
  'dolphin', 'engine', 'falcon', 'glacier', 'hammer', 'igloo', 'jigsaw', 'koala', 'ladder', 'mirror', 'noodle', 'otter', 'puzzle',
];

/**
 * The safety code of a set of public keys: SHA-256 over the keys sorted bytewise, its first 48
 * bits as 8 words. The same set gives the same words on every screen; one key swapped (by a
 * server in the middle) or one member more or fewer gives different words.
 */
export async function safetyCode(publicKeys) {
  const hexOf = (k) => [...k].map((b) => b.toString(16).padStart(2, '0')).join('');
  const sorted = [...publicKeys].sort((a, b) => (hexOf(a) < hexOf(b) ? -1 : hexOf(a) > hexOf(b) ? 1 : 0));
  const digest = new Uint8Array(await subtle.digest('SHA-256', concat(text.encode('ZoomVconnect safety code v1'), ...sorted)));
  const words = [];
  for (let i = 0; i < 8; i++) {
    const bit = i * 6;
    const v = ((digest[bit >> 3] << 8) | digest[(bit >> 3) + 1]) >> (10 - (bit & 7));
    words.push(WORDS[v & 63]);
  }
  return words.join(' ');
}
