// End-to-end encryption of one page in a meeting: its key pair, its media key, the key exchange
// with the others over the server's relay (the "e2ee" signaling message, docs/protocol.md), the
// worker that encrypts and decrypts frames (e2ee/worker.js) and the safety code.
//
// The exchange, as JSON inside the relay's opaque data:
//   {t: 'hello', pub, join, mac?}  a public key (raw P-256, base64). join: true when this page has
//                             just arrived; everyone already there then ratchets their key forward
//                             (the newcomer cannot read what was sent before it came) and
//                             answers with its own hello (join: false) and its key. mac: in
//                             passphrase mode, an HMAC over the sender's id and public key with a
//                             key derived from the passphrase (keys.js helloMac).
//   {t: 'key', iv, ct}        the sender's media key wrapped to the recipient's public key.
// Someone leaving (or removed) makes everyone replace their key with a new random one, sent to
// those who remain, so the one who left cannot read what is sent after.
//
// A key message opens only with the ECDH secret of its real sender's key pair: one the server
// relays under another member's name does not open, is dropped and shown as an error.
// Passphrase mode: a hello without the right mac is not taken (no key is sent to it or taken
// from it), and the bar says the passphrases differ.

import { b64, helloMac, helloMacValid, newIdentity, newMediaKey, passphraseSecret, safetyCode, unb64, unwrapKey, wrapKey } from './keys.js';
import { ratchet } from './sframe.js';

/** Whether this browser can encrypt frames (encoded transforms, either API). */
export function e2eeSupported() {
  return typeof RTCRtpScriptTransform !== 'undefined'
    || (typeof RTCRtpSender !== 'undefined' && 'createEncodedStreams' in RTCRtpSender.prototype);
}

/** Only the older API: the peer connections must be created with encodedInsertableStreams. */
export const usesEncodedStreams = () => typeof RTCRtpScriptTransform === 'undefined';

export class E2eeSession extends EventTarget {
  /** {@code passphrase}: the meeting passphrase this participant typed, if any; {@code meetingId} salts it. */
  constructor(signal, selfId, { passphrase = '', meetingId = '' } = {}) {
    super();
    this.signal = signal;
    this.selfId = selfId;
    this.passphrase = passphrase;
    this.meetingId = meetingId;
    this.mismatched = new Set(); // members whose hello did not prove our passphrase (or proved one we lack)
    this.rejectedKeys = 0; // key messages that did not open with their named sender's key
    this.members = new Map(); // participant id -> public key (Uint8Array) or null until their hello
    this.queue = Promise.resolve(); // relay messages are handled one at a time, in order
    this.safetyCode = null;
    this.failure = null;
    this.statsWaiters = new Map();
  }

  /** Starts with the others present at the welcome; {@code lifetime} ends the worker and listeners. */
  start(participantIds, lifetime) {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    lifetime.addEventListener('abort', () => this.worker.terminate());
    this.worker.onmessage = (e) => this.statsWaiters.get(e.data.id)?.(e.data.stats);
    // Listening starts now, before the key pair exists: what arrives meanwhile waits in the queue.
    const run = (fn) => { this.queue = this.queue.then(fn).catch((err) => this.fail(err)); return this.queue; };
    const on = (type, fn) => this.signal.addEventListener(type, (e) => run(() => fn(e.detail)), { signal: lifetime });
    run(async () => {
      this.secret = this.passphrase ? await passphraseSecret(this.passphrase, this.meetingId) : null;
      this.identity = await newIdentity(this.secret);
      if (this.secret) this.worker.postMessage({ op: 'secret', secret: this.secret });
    });
    on('e2ee', (m) => this.onRelay(m));
    on('participantJoined', (m) => { this.members.set(m.participant.id, null); return this.update(); });
    on('participantLeft', (m) => this.onLeft(m.participantId));
    on('roomChanged', (m) => this.enter((m.participants ?? []).map((p) => p.id)));
    return run(() => this.enter(participantIds));
  }

  /** A room's members (the main room or a breakout): a new key, and a hello to everyone there. */
  async enter(participantIds) {
    this.members = new Map(participantIds.filter((id) => id !== this.selfId).map((id) => [id, null]));
    this.setSendKey(newMediaKey());
    this.mismatched.clear();
    this.relay(null, await this.hello(true));
    await this.update();
  }

  async hello(join) {
    const pub = b64(this.identity.publicRaw);
    return this.secret ? { t: 'hello', pub, join, mac: await helloMac(this.secret, this.selfId, this.identity.publicRaw) }
      : { t: 'hello', pub, join };
  }

  relay(to, message) {
    this.signal.send({ type: 'e2ee', ...(to ? { to: [to] } : {}), data: JSON.stringify(message) });
  }

  setSendKey(mediaKey) {
    this.mediaKey = mediaKey;
    this.worker.postMessage({ op: 'sendKey', key: mediaKey.key, epoch: mediaKey.epoch, gen: mediaKey.gen });
  }

  async onRelay({ from, data }) {
    const m = JSON.parse(data);
    if (!this.members.has(from)) return; // not (or no longer) in this room
    if (m.t === 'hello') {
      const pub = unb64(m.pub);
      // Passphrase mode: only a hello proving the same passphrase counts; with none, one that proves some passphrase
      // is from someone we cannot talk to either.
      if (this.secret ? !(await helloMacValid(this.secret, from, pub, m.mac)) : m.mac !== undefined) {
        this.mismatched.add(from);
        if (m.join) this.relay(from, await this.hello(false)); // so the newcomer learns it too
        await this.update();
        return;
      }
      this.mismatched.delete(from);
      const known = this.members.get(from);
      if (known && b64(known) !== m.pub) {
        // A participant's key is fixed for their stay: a second one means someone in between.
        this.fail(new Error('a participant\'s public key changed; compare the safety code'));
        return;
      }
      this.members.set(from, pub);
      if (m.join) {
        // Ratchet forward: the newcomer gets a key that cannot be turned back into the one before.
        if (this.mediaKey.gen >= 255) this.setSendKey(newMediaKey());
        else this.setSendKey({ ...this.mediaKey, key: await ratchet(this.mediaKey.key), gen: this.mediaKey.gen + 1 });
        this.relay(from, await this.hello(false));
      }
      await this.sendKeyTo(from);
      await this.update();
    } else if (m.t === 'key') {
      const pub = this.members.get(from);
      if (!pub) return;
      let key;
      try {
        key = await unwrapKey(this.identity, pub, from, this.selfId, m);
      } catch {
        // Not made by this member's key pair (re-labelled or forged by the server in between), or altered.
        this.rejectedKeys++;
        this.fail(new Error('a media key that did not come from the participant it names was refused; compare the safety code'));
        return;
      }
      this.worker.postMessage({ op: 'addKey', participantId: from, key: key.key, epoch: key.epoch, gen: key.gen });
      this.received = (this.received ?? new Set()).add(from);
      await this.update();
    }
  }

  async sendKeyTo(id) {
    const pub = this.members.get(id);
    if (pub) this.relay(id, { t: 'key', ...(await wrapKey(this.identity, pub, this.selfId, id, this.mediaKey)) });
  }

  /** Someone left or was removed: forget their keys, and everyone who remains gets a new key of ours. */
  async onLeft(id) {
    this.mismatched.delete(id);
    if (!this.members.delete(id)) return;
    this.received?.delete(id);
    this.worker.postMessage({ op: 'forget', participantId: id });
    this.setSendKey(newMediaKey());
    for (const other of this.members.keys()) await this.sendKeyTo(other);
    await this.update();
  }

  async update() {
    const keys = [this.identity.publicRaw, ...[...this.members.values()].filter(Boolean)];
    this.safetyCode = await safetyCode(keys);
    this.dispatchEvent(new Event('change'));
  }

  /** Whether every other member's public key and media key have arrived. */
  get ready() {
    return [...this.members.keys()].every((id) => this.members.get(id) && this.received?.has(id));
  }

  /** What the bar shows as wrong: a failure of the exchange, or passphrases that differ. */
  get error() {
    if (this.failure) return this.failure;
    if (!this.mismatched.size) return null;
    return this.secret
      ? 'someone here has a different passphrase (or none): you cannot see or hear each other. Check the passphrase and join again'
      : 'the others use a meeting passphrase: leave and join again with it to see and hear them';
  }

  fail(err) {
    this.failure = err.message;
    this.dispatchEvent(new Event('change'));
  }

  /** Encrypts what this sender sends ({@code kind}: audio or video). */
  attachSender(sender, kind) {
    this.attach(sender, { role: 'encrypt', kind });
  }

  /**
   * Decrypts what this receiver gets from {@code participantId}. The SFU may later hand the receiver's
   * m-line to another participant (docs/protocol.md, m-line reuse): the transform stays (createEncodedStreams
   * works once per receiver) and only the worker's binding of the receiver to a participant changes.
   */
  attachReceiver(receiver, kind, participantId) {
    const known = receiver.e2eeBinding !== undefined;
    if (!known) receiver.e2eeBinding = this.nextBinding = (this.nextBinding ?? 0) + 1;
    this.worker.postMessage({ op: 'bind', binding: receiver.e2eeBinding, participantId });
    if (!known) this.attach(receiver, { role: 'decrypt', kind, participantId, binding: receiver.e2eeBinding });
  }

  attach(senderOrReceiver, options) {
    if (!usesEncodedStreams()) {
      senderOrReceiver.transform = new RTCRtpScriptTransform(this.worker, options);
      return;
    }
    if (senderOrReceiver.e2eeAttached) return; // createEncodedStreams works once per sender or receiver
    senderOrReceiver.e2eeAttached = true;
    const { readable, writable } = senderOrReceiver.createEncodedStreams();
    this.worker.postMessage({ op: 'stream', readable, writable, options }, [readable, writable]);
  }

  /**
   * Frames encrypted, decrypted and dropped (no key, or failing authentication) so far; null when
   * the worker, busy with frames on a starved machine, does not answer within 5 s.
   */
  stats() {
    const id = Math.random();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.statsWaiters.delete(id); resolve(null); }, 5000);
      this.statsWaiters.set(id, (s) => { clearTimeout(timer); this.statsWaiters.delete(id); resolve(s); });
      this.worker.postMessage({ op: 'stats', id });
    });
  }
}
