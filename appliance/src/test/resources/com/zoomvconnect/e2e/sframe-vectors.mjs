// RFC 9605 Appendix C test vectors against web client's js/e2ee/sframe.js (copied beside this file
// by SframeVectorsTest). Prints one line per check and exits non-zero on the first mismatch.
import { deriveKeySalt, encodeHeader, parseHeader, SFrameKey, SUITES, ratchet } from './sframe.js';

const hex = (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h) => Uint8Array.from(h.replace(/\s+/g, '').match(/../g) ?? [], (x) => parseInt(x, 16));
let checks = 0;
function same(what, got, want) {
  if (got !== want) {
    console.error(`FAIL ${what}: got ${got}, want ${want}`);
    process.exit(1);
  }
  checks++;
}

// C.1 header encoding: a sample across every KID and CTR length, both ends of each.
const headers = [
  ['0000000000000000', '0000000000000000', '00'], ['0000000000000000', '0000000000000001', '01'],
  ['0000000000000000', '00000000000000ff', '08ff'], ['0000000000000000', '0000000000000100', '090100'],
  ['0000000000000000', '0000000000ffffff', '0affffff'], ['0000000000000000', 'ffffffffffffffff', '0fffffffffffffffff'],
  ['0000000000000001', '0000000000000000', '10'], ['0000000000000001', '0000000000010000', '1a010000'],
  ['00000000000000ff', '0000000000000000', '80ff'], ['00000000000000ff', '00000000000000ff', '88ffff'],
  ['0000000000000100', '0000000000000100', '9901000100'], ['000000000000ffff', '0100000000000000', '9fffff0100000000000000'],
  ['0000000000010000', '0000000000000001', 'a1010000'], ['0000000000ffffff', '00000000ffffffff', 'abffffffffffffff'],
  ['0000000001000000', '0000000000000000', 'b001000000'], ['00000000ffffffff', '0000010000000000', 'bdffffffff010000000000'],
  ['0000000100000000', '0000000000000100', 'c901000000000100'], ['000000ffffffffff', '0000000001000000', 'cbffffffffff01000000'],
  ['0000010000000000', '00000000000000ff', 'd8010000000000ff'], ['0000ffffffffffff', 'ffffffffffffffff', 'dfffffffffffffffffffffffffffff'],
  ['0001000000000000', '0000000000000001', 'e101000000000000'], ['00ffffffffffffff', '0000000000010000', 'eaffffffffffffff010000'],
  ['0100000000000000', '0100000000000000', 'ff01000000000000000100000000000000'],
  ['ffffffffffffffff', 'ffffffffffffffff', 'ffffffffffffffffffffffffffffffffff'],
];
for (const [kid, ctr, want] of headers) {
  const k = BigInt('0x' + kid);
  const c = BigInt('0x' + ctr);
  same(`C.1 header kid=${kid} ctr=${ctr}`, hex(encodeHeader(k, c)), want);
  const parsed = parseHeader(bytes(want + 'aa'));
  same(`C.1 parse ${want}`, `${parsed.kid}/${parsed.ctr}/${parsed.length}`, `${k}/${c}/${want.length / 2}`);
}

// C.3 SFrame encryption and decryption, the two AES-GCM suites.
const c3 = [
  { suite: SUITES.AES_128_GCM_SHA256_128, secret: 'd926952ca8b7ec4a95941d1ada3a5203ceff8cceee34f574d23909eb314c40c0',
    key: 'd34f547f4ca4f9a7447006fe7fcbf768', salt: '75234edefe07819026751816',
    ct: '9901234567b7412c2513a1b66dbb48841bbaf17f598751176ad847681a69c6d0b091c07018ce4adb34eb' },
  { suite: SUITES.AES_256_GCM_SHA512_128,
    secret: '0fc3ea6de6aac97a35f194cf9bed94d4b5230f1cb45a785c9fe5dce9c188938ab6ba005bc4c0a19181599e9d1bcf7b74aca48b60bf5e254e546d809313e083a3',
    key: 'd3e27b0d4a5ae9e55df01a70e6d4d28d969b246e2936f4b7a5d9b494da6b9633', salt: '84991c167b8cd23c93708ec7',
    ct: '990123456794f509d36e9beacb0e261d99c7d1e972f1fed787d4049f17ca21353c1cc24d56ceabced279' },
];
const baseKey = bytes('000102030405060708090a0b0c0d0e0f');
const metadata = bytes('4945544620534672616d65205747');
const pt = bytes('64726166742d696574662d736672616d652d656e63');
for (const v of c3) {
  const name = `C.3 suite 0x000${v.suite.id}`;
  const d = await deriveKeySalt(baseKey, 0x123n, v.suite);
  same(`${name} sframe_secret`, hex(d.secret), v.secret);
  same(`${name} sframe_key`, hex(d.key), v.key);
  same(`${name} sframe_salt`, hex(d.salt), v.salt);
  const key = await SFrameKey.derive(baseKey, 0x123n, v.suite);
  const ct = await key.encrypt(0x4567n, metadata, pt);
  same(`${name} encrypt`, hex(ct), v.ct);
  const header = parseHeader(ct);
  same(`${name} decrypt`, hex(await key.decrypt(header, metadata, ct)), hex(pt));
  // Tampering with the metadata (our clear codec bytes) or the ciphertext is detected.
  for (const [what, md, frame] of [['metadata', bytes('4945544620534672616d65205748'), ct],
    ['ciphertext', metadata, Uint8Array.from(ct, (b, i) => (i === ct.length - 1 ? b ^ 1 : b))]]) {
    let refused = false;
    try { await key.decrypt(header, md, frame); } catch { refused = true; }
    same(`${name} tampered ${what} refused`, refused, true);
  }
}

// The ratchet is deterministic and one-way (a different key each step).
const r1 = await ratchet(baseKey);
same('ratchet is deterministic', hex(await ratchet(baseKey)), hex(r1));
same('ratchet changes the key', hex(r1) !== hex(baseKey) && hex(await ratchet(r1)) !== hex(r1), true);
console.log(`OK ${checks} checks`);
