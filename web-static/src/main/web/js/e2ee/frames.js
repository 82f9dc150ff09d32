// Encrypts and decrypts encoded media frames with SFrame, leaving in the clear only the codec
// bytes the SFU and the receiving browser's depacketizer need (docs/security.md):
//
//   VP8 key frame   first 10 bytes: the 3-byte frame tag (key/delta bit P, version, show_frame,
//                   first partition size) and the 7-byte key frame header (start code 9d 01 2a,
//                   width and height). The SFU detects key frames from the P bit (RFC 7741 §4.3)
//                   to switch simulcast layers and start streams; the receiver reads the size.
//   VP8 delta frame first 3 bytes: the frame tag, for the same P bit.
//   Opus            first byte: the TOC (RFC 6716 §3.1), mode and frame size, kept as Chrome's
//                   own frame encryption keeps it.
//
// The VP8 payload descriptor (picture id, TL0PICIDX, temporal layer) is not in the encoded frame
// at all: the browser writes it into each RTP packet around the (encrypted) frame, so the SFU's
// rewriting of picture ids and temporal-layer dropping work unchanged. The clear bytes are the
// SFrame metadata: authenticated, so changing them makes the frame fail to decrypt.
//
// A frame on the wire: clear bytes || SFrame header (KID, CTR) || ciphertext || 16-byte tag.
// KID = epoch << 8 | generation: a sender's key of one epoch (random, new when someone leaves)
// ratchets forward (HKDF) one generation when someone joins; receivers follow the ratchet.

import { hkdf, parseHeader, ratchet, SFrameKey } from './sframe.js';

/** How many leading bytes of a frame stay in the clear. */
export function clearBytes(kind, frameType) {
  if (kind === 'audio') return 1;
  return frameType === 'key' ? 10 : 3;
}

/** A sender's keys: the newest generation of each epoch, older generations kept for late frames. */
class SenderKeys {
  constructor(participantId, epoch, gen, base, derive) {
    this.participantId = participantId;
    this.derive = derive;
    this.epoch = epoch;
    this.gen = gen;
    this.base = base;
    this.keys = new Map(); // kid -> Promise<SFrameKey>
    this.chain = Promise.resolve();
  }

  kid(gen) {
    return (BigInt(this.epoch) << 8n) | BigInt(gen);
  }

  /** The key for {@code gen}: derived now, ratcheting forward if needed; null for a generation left behind. */
  key(gen) {
    const kid = this.kid(gen);
    if (this.keys.has(kid)) return this.keys.get(kid);
    if (gen < this.gen) return null;
    const p = (this.chain = this.chain.then(async () => {
      while (this.gen < gen) {
        this.base = await ratchet(this.base);
        this.gen++;
      }
      return this.derive(this.base, kid);
    }));
    this.keys.set(kid, p);
    // Old generations stay a little for frames in flight, not forever.
    while (this.keys.size > 3) this.keys.delete(this.keys.keys().next().value);
    return p;
  }
}

/**
 * All keys of one page: its own send key (one counter for all its tracks, so no nonce repeats
 * under a key) and every other participant's, by epoch. Counts what it does for tests and stats.
 */
export class FrameCrypto {
  constructor() {
    this.send = null; // {kid, key: Promise<SFrameKey>}
    this.ctr = 0n;
    this.epochs = new Map(); // epoch -> SenderKeys
    this.stats = { encrypted: 0, decrypted: 0, noKey: 0, failed: 0, wrongSender: 0, epochTaken: 0, bySender: {} };
    this.secret = null;
  }

  /** Counts one outcome of decrypting (decrypted, noKey, failed, wrongSender) overall and per sender and kind. */
  count(outcome, participantId, kind) {
    this.stats[outcome]++;
    const key = `${participantId}/${kind}`;
    const mine = (this.stats.bySender[key] ??= {});
    mine[outcome] = (mine[outcome] ?? 0) + 1;
  }

  /** The meeting passphrase's secret (keys.js passphraseSecret): from now on every frame key derives from it too. */
  setSecret(secret) {
    this.secret = secret;
  }

  /** The SFrame key of a base key and KID; in passphrase mode the base key is first mixed with the passphrase's secret. */
  async derive(base, kid) {
    if (!this.secret) return SFrameKey.derive(base, kid);
    const mixed = new Uint8Array(base.length + this.secret.length);
    mixed.set(base);
    mixed.set(this.secret, base.length);
    return SFrameKey.derive(await hkdf(mixed, 'ZoomVconnect E2EE passphrase media key v1', base.length), kid);
  }

  /** This page's media key from now on; the counter restarts with each key. */
  setSendKey(base, epoch, gen) {
    const kid = (BigInt(epoch) << 8n) | BigInt(gen);
    this.send = { kid, key: this.derive(base, kid) };
    this.ctr = 0n;
  }

  /**
   * Another participant's key (a new epoch, or a generation of a known one). An epoch belongs to
   * the participant whose key first named it: a key from someone else under that epoch (a member
   * trying to have frames taken for another's) is refused; false then.
   */
  addKey(participantId, base, epoch, gen) {
    const known = this.epochs.get(epoch);
    if (known && known.participantId !== participantId) {
      this.stats.epochTaken++;
      return false;
    }
    if (known && known.gen >= gen) return true;
    this.epochs.set(epoch, new SenderKeys(participantId, epoch, gen, base, (b, kid) => this.derive(b, kid)));
    // Two epochs per sender: the current one and the one before, for frames in flight.
    const mine = [...this.epochs.values()].filter((s) => s.participantId === participantId);
    for (const old of mine.slice(0, Math.max(0, mine.length - 2))) this.epochs.delete(old.epoch);
    return true;
  }

  /** Forgets a participant's keys (they left). */
  forget(participantId) {
    for (const [epoch, s] of this.epochs) if (s.participantId === participantId) this.epochs.delete(epoch);
  }

  /** The encrypted frame, or null when there is no key yet (the frame is dropped). */
  async encrypt(data, kind, frameType) {
    if (!this.send) return null;
    const bytes = new Uint8Array(data);
    const n = Math.min(clearBytes(kind, frameType), bytes.length);
    const clear = bytes.subarray(0, n);
    const ctr = this.ctr++;
    const sframe = await (await this.send.key).encrypt(ctr, clear, bytes.subarray(n));
    const out = new Uint8Array(n + sframe.length);
    out.set(clear);
    out.set(sframe, n);
    this.stats.encrypted++;
    return out.buffer;
  }

  /** The plain frame, or null (no key for it, not this sender's key, or it does not authenticate). */
  async decrypt(data, kind, frameType, participantId) {
    const bytes = new Uint8Array(data);
    const n = Math.min(clearBytes(kind, frameType), bytes.length);
    const clear = bytes.subarray(0, n);
    const sframe = bytes.subarray(n);
    let header;
    try {
      header = parseHeader(sframe);
    } catch {
      this.count('failed', participantId, kind);
      return null;
    }
    const sender = this.epochs.get(Number(header.kid >> 8n));
    if (!sender) {
      this.count('noKey', participantId, kind);
      return null;
    }
    // The key of this epoch came wrapped by its owner's key pair (keys.js), so a track the SFU labels
    // as another participant's is refused. Every member holds every key, so a member could still forge.
    if (participantId && sender.participantId !== participantId) {
      this.count('wrongSender', participantId, kind);
      return null;
    }
    const key = sender.key(Number(header.kid & 0xffn));
    if (!key) {
      this.count('noKey', participantId, kind);
      return null;
    }
    try {
      const pt = await (await key).decrypt(header, clear, sframe);
      const out = new Uint8Array(n + pt.length);
      out.set(clear);
      out.set(pt, n);
      this.count('decrypted', participantId, kind);
      return out.buffer;
    } catch {
      this.count('failed', participantId, kind);
      return null;
    }
  }
}
