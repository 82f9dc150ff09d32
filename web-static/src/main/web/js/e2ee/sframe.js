// SFrame (RFC 9605): the header, the key schedule and the AEAD, with WebCrypto only, so the same
// module runs in a page, a worker and Node (the RFC's test vectors run under Node in the build).
// Counters and key ids are BigInts: the header carries up to 64 bits of each (RFC 9605 §4.3).

const subtle = globalThis.crypto.subtle;
const text = new TextEncoder();

/** The cipher suites WebCrypto can do (RFC 9605 §4.5, §8.1): AES-GCM with a 128-bit tag. */
export const SUITES = {
  AES_128_GCM_SHA256_128: { id: 0x0004, nk: 16, nn: 12, hash: 'SHA-256' },
  AES_256_GCM_SHA512_128: { id: 0x0005, nk: 32, nn: 12, hash: 'SHA-512' },
};

/** The suite this client uses. */
export const DEFAULT_SUITE = SUITES.AES_128_GCM_SHA256_128;

/** Big-endian bytes of {@code value} in {@code n} bytes. */
export function bigEndian(value, n) {
  const out = new Uint8Array(n);
  let v = BigInt(value);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function minBytes(v) {
  let n = 1;
  while (v >> BigInt(8 * n) > 0n) n++;
  return n;
}

function readBig(bytes, off, n) {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(bytes[off + i]);
  return v;
}

/**
 * The SFrame header (RFC 9605 §4.3): a config byte |X|K|Y|C| then the KID and CTR in as few
 * bytes as they need; values below 8 live in the config byte itself.
 */
export function encodeHeader(kid, ctr) {
  kid = BigInt(kid);
  ctr = BigInt(ctr);
  const kidLen = kid < 8n ? 0 : minBytes(kid);
  const ctrLen = ctr < 8n ? 0 : minBytes(ctr);
  const out = new Uint8Array(1 + kidLen + ctrLen);
  const k = kidLen ? 0x80 | ((kidLen - 1) << 4) : Number(kid) << 4;
  const c = ctrLen ? 0x08 | (ctrLen - 1) : Number(ctr);
  out[0] = k | c;
  out.set(bigEndian(kid, kidLen), 1);
  out.set(bigEndian(ctr, ctrLen), 1 + kidLen);
  return out;
}

/** Parses the header at the start of {@code bytes}: {kid, ctr, length}; throws if it is cut short. */
export function parseHeader(bytes) {
  if (bytes.length < 1) throw new Error('empty SFrame');
  const b = bytes[0];
  const kidLen = b & 0x80 ? ((b >> 4) & 0x07) + 1 : 0;
  const ctrLen = b & 0x08 ? (b & 0x07) + 1 : 0;
  const length = 1 + kidLen + ctrLen;
  if (bytes.length < length) throw new Error('SFrame header cut short');
  const kid = kidLen ? readBig(bytes, 1, kidLen) : BigInt((b >> 4) & 0x07);
  const ctr = ctrLen ? readBig(bytes, 1 + kidLen, ctrLen) : BigInt(b & 0x07);
  return { kid, ctr, length };
}

async function hkdfExpand(hash, prk, info, length) {
  // HKDF-Expand by hand (RFC 5869 §2.3): WebCrypto's HKDF always extracts first.
  const mac = await subtle.importKey('raw', prk, { name: 'HMAC', hash }, false, ['sign']);
  const out = new Uint8Array(length);
  let t = new Uint8Array(0);
  for (let i = 1, off = 0; off < length; i++) {
    const input = new Uint8Array(t.length + info.length + 1);
    input.set(t);
    input.set(info, t.length);
    input[input.length - 1] = i;
    t = new Uint8Array(await subtle.sign('HMAC', mac, input));
    out.set(t.subarray(0, Math.min(t.length, length - off)), off);
    off += t.length;
  }
  return out;
}

async function hkdfExtract(hash, salt, ikm) {
  const mac = await subtle.importKey('raw', salt.length ? salt : new Uint8Array(hash === 'SHA-512' ? 64 : 32),
    { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', mac, ikm));
}

function label(prefix, kid, suite) {
  const p = text.encode(prefix);
  const out = new Uint8Array(p.length + 10);
  out.set(p);
  out.set(bigEndian(kid, 8), p.length);
  out.set(bigEndian(suite.id, 2), p.length + 8);
  return out;
}

/** RFC 9605 §4.4.2 derive_key_salt: {key (raw bytes), salt, secret}. */
export async function deriveKeySalt(baseKey, kid, suite = DEFAULT_SUITE) {
  const secret = await hkdfExtract(suite.hash, new Uint8Array(0), baseKey);
  const key = await hkdfExpand(suite.hash, secret, label('SFrame 1.0 Secret key ', kid, suite), suite.nk);
  const salt = await hkdfExpand(suite.hash, secret, label('SFrame 1.0 Secret salt ', kid, suite), suite.nn);
  return { key, salt, secret };
}

/** HKDF-SHA256 of {@code ikm} with {@code info}: the ratchet and the key wrapping use it. */
export async function hkdf(ikm, info, length = 16) {
  const prk = await hkdfExtract('SHA-256', new Uint8Array(0), ikm);
  return hkdfExpand('SHA-256', prk, typeof info === 'string' ? text.encode(info) : info, length);
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

function nonce(salt, ctr) {
  const c = bigEndian(ctr, salt.length);
  const out = new Uint8Array(salt.length);
  for (let i = 0; i < salt.length; i++) out[i] = salt[i] ^ c[i];
  return out;
}

/**
 * One key of an SFrame context (RFC 9605 §4.4): the AES-GCM key and salt derived from a base key
 * for a KID. {@code encrypt} and {@code decrypt} take the metadata that is authenticated but not
 * sent (here: the codec bytes left in the clear).
 */
export class SFrameKey {
  static async derive(baseKey, kid, suite = DEFAULT_SUITE) {
    const { key, salt } = await deriveKeySalt(baseKey, kid, suite);
    const aes = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
    return new SFrameKey(BigInt(kid), aes, salt);
  }

  constructor(kid, aes, salt) {
    this.kid = kid;
    this.aes = aes;
    this.salt = salt;
  }

  /** RFC 9605 §4.4.3: header || AEAD.Encrypt(key, nonce, header || metadata, plaintext). */
  async encrypt(ctr, metadata, plaintext) {
    const header = encodeHeader(this.kid, ctr);
    const ct = await subtle.encrypt({ name: 'AES-GCM', iv: nonce(this.salt, BigInt(ctr)), additionalData: concat(header, metadata), tagLength: 128 },
      this.aes, plaintext);
    return concat(header, new Uint8Array(ct));
  }

  /** RFC 9605 §4.4.4; the caller parsed the header to pick this key. Throws if authentication fails. */
  async decrypt(header, metadata, sframe) {
    const aad = concat(sframe.subarray(0, header.length), metadata);
    const pt = await subtle.decrypt({ name: 'AES-GCM', iv: nonce(this.salt, header.ctr), additionalData: aad, tagLength: 128 },
      this.aes, sframe.subarray(header.length));
    return new Uint8Array(pt);
  }
}

/** The next key of a sender's ratchet: one-way, so whoever holds it cannot go back. */
export function ratchet(baseKey) {
  return hkdf(baseKey, 'ZoomVconnect SFrame ratchet', baseKey.length);
}
