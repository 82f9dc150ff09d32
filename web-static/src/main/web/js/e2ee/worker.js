// The frame-encryption worker: one per page, holding every media key (they never go back to the
// page's main thread). Frames arrive through RTCRtpScriptTransform (rtctransform events) where the
// browser has it, else as the streams of createEncodedStreams posted by e2ee/session.js.
//
// Messages from the page: {op: 'secret', secret} (passphrase mode, first) · {op: 'sendKey', key, epoch, gen} · {op: 'addKey', participantId, key,
// epoch, gen} · {op: 'forget', participantId} · {op: 'stream', readable, writable, options} ·
// {op: 'bind', binding, participantId} · {op: 'stats', id}. options: {role: 'encrypt' | 'decrypt', kind: 'audio' | 'video',
// participantId, binding}. A receiver's binding names whose frames it decrypts now: the SFU reuses an m-line (and so the
// browser a receiver, transform and all) for another participant after the first left, and 'bind' re-targets it.

import { FrameCrypto } from './frames.js';

const crypto = new FrameCrypto();
const bindings = new Map(); // binding -> participantId: whose frames a receiver decrypts now
const decryptors = new Map(); // binding -> transformer (for key frame requests)
const senders = new Set(); // transformers of this page's video, asked for a key frame on a new key

function pump(readable, writable, options, transformer) {
  const { role, kind, binding } = options;
  if (transformer && role === 'decrypt') decryptors.set(binding, transformer);
  if (transformer && role === 'encrypt' && kind === 'video') senders.add(transformer);
  let dropping = false;
  readable.pipeThrough(new TransformStream({
    async transform(frame, controller) {
      const type = frame.type; // 'key' | 'delta' for video, undefined for audio
      // The clear bytes are VP8's (frames.js): a frame of another video codec is dropped, never sent with the wrong split.
      // The SFU answers VP8 whenever offered, which every browser does, so this does not happen (docs/security.md).
      const mime = kind === 'video' ? frame.getMetadata?.().mimeType : undefined;
      if (mime && mime.toLowerCase() !== 'video/vp8') return;
      const out = role === 'encrypt'
        ? await crypto.encrypt(frame.data, kind, type)
        : await crypto.decrypt(frame.data, kind, type, bindings.get(binding) ?? options.participantId);
      if (!out) {
        // No key yet: drop it rather than hand the decoder ciphertext; ask for a key frame once decrypting works again.
        dropping = true;
        return;
      }
      if (dropping && role === 'decrypt' && kind === 'video' && type !== 'key') transformer?.sendKeyFrameRequest?.().catch(() => {});
      dropping = false;
      frame.data = out;
      controller.enqueue(frame);
    },
  })).pipeTo(writable).catch(() => {}); // ends with the transceiver
}

self.onrtctransform = (e) => pump(e.transformer.readable, e.transformer.writable, e.transformer.options, e.transformer);

self.onmessage = (e) => {
  const m = e.data;
  switch (m.op) {
    case 'secret':
      crypto.setSecret(new Uint8Array(m.secret));
      break;
    case 'sendKey':
      crypto.setSendKey(new Uint8Array(m.key), m.epoch, m.gen);
      // Receivers decode from a key frame under the new key: one now, and one a little later, when the
      // wrapped key has surely reached them over the relay (frames before that are dropped there).
      for (const delay of [0, 400]) {
        setTimeout(() => { for (const t of senders) t.generateKeyFrame?.().catch(() => {}); }, delay);
      }
      break;
    case 'addKey':
      if (!crypto.addKey(m.participantId, new Uint8Array(m.key), m.epoch, m.gen)) break;
      for (const [b, t] of decryptors) if (bindings.get(b) === m.participantId) t.sendKeyFrameRequest?.().catch(() => {});
      break;
    case 'forget':
      crypto.forget(m.participantId);
      break;
    case 'bind':
      bindings.set(m.binding, m.participantId);
      break;
    case 'stream':
      pump(m.readable, m.writable, m.options, null);
      break;
    case 'stats':
      self.postMessage({ op: 'stats', id: m.id, stats: { ...crypto.stats } });
      break;
    default:
      break;
  }
};
