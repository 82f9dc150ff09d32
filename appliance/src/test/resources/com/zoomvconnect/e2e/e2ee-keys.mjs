// The web client's frame and key modules (js/e2ee/frames.js, keys.js) under Node: which bytes stay
// in the clear, the receiver following a sender's ratchet, the key wrapping and the safety code.
import { clearBytes, FrameCrypto } from './frames.js';
import { helloMac, helloMacValid, newIdentity, newMediaKey, passphraseSecret, safetyCode, unwrapKey, wrapKey } from './keys.js';
import { ratchet } from './sframe.js';

let checks = 0;
function same(what, got, want) {
  if (got !== want) {
    console.error(`FAIL ${what}: got ${got}, want ${want}`);
    process.exit(1);
  }
  checks++;
}
const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

same('VP8 key frame clear bytes', clearBytes('video', 'key'), 10);
same('VP8 delta frame clear bytes', clearBytes('video', 'delta'), 3);
same('Opus clear bytes', clearBytes('audio', undefined), 1);

const alice = new FrameCrypto();
const bob = new FrameCrypto();
const k = newMediaKey();
alice.setSendKey(k.key, k.epoch, k.gen);
// A VP8 key frame: tag (P=0), start code 9d 01 2a, 640x360, then the compressed body.
const frame = Uint8Array.from([0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01, ...Array(200).fill(7)]);
same('no receive key: dropped', await bob.decrypt(await alice.encrypt(frame.buffer, 'video', 'key'), 'video', 'key', 'alice'), null);
bob.addKey('alice', k.key, k.epoch, k.gen);
const enc = await alice.encrypt(frame.buffer, 'video', 'key');
same('key frame header stays clear', hex(enc.slice(0, 10)), hex(frame.slice(0, 10)));
same('body is not', hex(enc).includes('07070707'), false);
same('key frame round trip', hex(await bob.decrypt(enc, 'video', 'key', 'alice')), hex(frame));
same('another participant\'s track refused', await bob.decrypt(enc, 'video', 'key', 'mallory'), null);
const tampered = new Uint8Array(enc.slice(0));
tampered[0] ^= 1; // the P bit: clear, but authenticated
same('changed clear byte refused', await bob.decrypt(tampered.buffer, 'video', 'key', 'alice'), null);

// Alice ratchets twice (two people joined); Bob, holding generation 0, follows.
alice.setSendKey(await ratchet(await ratchet(k.key)), k.epoch, 2);
const audio = Uint8Array.from([0xfc, 1, 2, 3, 4, 5]);
const encAudio = await alice.encrypt(audio.buffer, 'audio', undefined);
same('Opus TOC stays clear', new Uint8Array(encAudio)[0], 0xfc);
same('receiver follows the ratchet', hex(await bob.decrypt(encAudio, 'audio', undefined, 'alice')), hex(audio));
// A newcomer given generation 2 cannot read generation 0.
const carol = new FrameCrypto();
carol.addKey('alice', await ratchet(await ratchet(k.key)), k.epoch, 2);
same('newcomer cannot read before it came', await carol.decrypt(enc, 'video', 'key', 'alice'), null);
same('newcomer reads from then on', hex(await carol.decrypt(encAudio, 'audio', undefined, 'alice')), hex(audio));
// After a leave Alice takes a new random key: whoever kept the old one reads nothing new.
const k2 = newMediaKey();
alice.setSendKey(k2.key, k2.epoch, 0);
const after = await alice.encrypt(audio.buffer, 'audio', undefined);
same('removed participant cannot read after', await carol.decrypt(after, 'audio', undefined, 'alice'), null);

const a = await newIdentity();
const b = await newIdentity();
const wrapped = await wrapKey(a, b.publicRaw, 'a', 'b', k2);
const opened = await unwrapKey(b, a.publicRaw, 'a', 'b', wrapped);
same('wrapped key opens for its recipient', hex(opened.key) + opened.epoch, hex(k2.key) + k2.epoch);
let refused = false;
try { await unwrapKey(b, a.publicRaw, 'a', 'c', wrapped); } catch { refused = true; }
same('wrapped key bound to the recipient id', refused, true);
const c = await newIdentity();
refused = false;
try { await unwrapKey(c, a.publicRaw, 'a', 'b', wrapped); } catch { refused = true; }
same('another key pair cannot open it', refused, true);


// A server re-labelling a's key message for b as coming from c: b opens it with c's public key and ids, and it does not open.
refused = false;
try { await unwrapKey(b, c.publicRaw, 'c', 'b', wrapped); } catch { refused = true; }
same('key message re-labelled with another sender refused', refused, true);
refused = false;
try { await unwrapKey(b, a.publicRaw, 'c', 'b', wrapped); } catch { refused = true; }
same('key message under another sender id refused', refused, true);
// Nor can a member take over another's epoch, to have frames it encrypts taken for theirs.
const dave = new FrameCrypto();
same('first key of an epoch taken', dave.addKey('alice', k2.key, k2.epoch, 0), true);
same('another sender\'s key under the same epoch refused', dave.addKey('mallory', newMediaKey().key, k2.epoch, 0), false);
same('the epoch stays the owner\'s', hex(await dave.decrypt(after, 'audio', undefined, 'alice')), hex(audio));

// Passphrase mode: the same passphrase gives the same secret; keys wrap and frames decrypt only with it.
const s1 = await passphraseSecret('correct horse battery staple', 'meeting-1');
same('passphrase secret is 32 bytes', s1.length, 32);
same('same passphrase, same secret', hex(await passphraseSecret('correct horse battery staple', 'meeting-1')), hex(s1));
same('another meeting salts it differently', hex(await passphraseSecret('correct horse battery staple', 'meeting-2')) !== hex(s1), true);
const s2 = await passphraseSecret('correct horse battery stable', 'meeting-1');
const pa = await newIdentity(s1);
const pb = await newIdentity(s1);
const pw = await newIdentity(s2);
const mac = await helloMac(s1, 'pa', pa.publicRaw);
same('hello mac proves the passphrase', await helloMacValid(s1, 'pa', pa.publicRaw, mac), true);
same('hello mac fails with another passphrase', await helloMacValid(s2, 'pa', pa.publicRaw, mac), false);
same('hello mac bound to the sender id', await helloMacValid(s1, 'pb', pa.publicRaw, mac), false);
same('hello mac bound to the public key', await helloMacValid(s1, 'pa', pb.publicRaw, mac), false);
same('missing hello mac', await helloMacValid(s1, 'pa', pa.publicRaw, undefined), false);
const pwrapped = await wrapKey(pa, pb.publicRaw, 'pa', 'pb', k2);
same('same passphrase: key opens', hex((await unwrapKey(pb, pa.publicRaw, 'pa', 'pb', pwrapped)).key), hex(k2.key));
refused = false;
try { await unwrapKey(pw, pa.publicRaw, 'pa', 'pb', await wrapKey(pa, pw.publicRaw, 'pa', 'pb', k2)); } catch { refused = true; }
same('wrong passphrase: key does not open', refused, true);
refused = false;
try { await unwrapKey(await newIdentity(), pa.publicRaw, 'pa', 'pb', await wrapKey(pa, pb.publicRaw, 'pa', 'pb', k2)); } catch { refused = true; }
same('no passphrase: key does not open', refused, true);
const fa = new FrameCrypto();
const fb = new FrameCrypto();
const fw = new FrameCrypto();
fa.setSecret(s1);
fb.setSecret(s1);
fw.setSecret(s2);
fa.setSendKey(k2.key, k2.epoch, 0);
fb.addKey('pa', k2.key, k2.epoch, 0);
fw.addKey('pa', k2.key, k2.epoch, 0);
const pframe = await fa.encrypt(audio.buffer, 'audio', undefined);
same('same passphrase: frame decrypts', hex(await fb.decrypt(pframe, 'audio', undefined, 'pa')), hex(audio));
same('wrong passphrase even with the media key: frame does not', await fw.decrypt(pframe, 'audio', undefined, 'pa'), null);

const code = await safetyCode([a.publicRaw, b.publicRaw, c.publicRaw]);
same('safety code has 8 words', code.split(' ').length, 8);
same('safety code ignores order', await safetyCode([c.publicRaw, a.publicRaw, b.publicRaw]), code);
same('safety code changes with a member', (await safetyCode([a.publicRaw, b.publicRaw])) !== code, true);
console.log(`OK ${checks} checks`);
