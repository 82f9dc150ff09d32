// Gives a TFLite model without metadata (MediaPipe's legacy selfie segmentation model) the TFLite
// metadata that @mediapipe/tasks-vision's ImageSegmenter requires: a float32 input needs its
// normalisation (here [0, 255] → [0, 1], what the legacy solution fed the model) and the output
// tensor needs an entry. Run by vendor.sh: node segmenter-metadata.mjs IN.tflite OUT.tflite NAME.
//
// The model is a FlatBuffer whose references (uoffset) only point forward. The output is a new
// root Model table, followed by its new `buffers` and `metadata` vectors and the metadata bytes,
// followed by the whole original file unchanged: the new table points forward into the old one's
// subgraphs, operator codes and buffers, so no offset of the original needs rewriting. The prefix
// is padded to 64 bytes so the weights keep their alignment.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, name] = process.argv.slice(2);
const old = readFileSync(input);

// ---- reading the original model (tflite schema.fbs: Model, Buffer, Metadata) ----
const u32 = (p) => old.readUInt32LE(p);
const field = (table, id) => {
  const vt = table - old.readInt32LE(table);
  const slot = 4 + 2 * id;
  if (slot >= old.readUInt16LE(vt)) return 0;
  const off = old.readUInt16LE(vt + slot);
  return off ? table + off : 0;
};
const deref = (p) => p + u32(p);
const vector = (p) => Array.from({ length: u32(p) }, (_, i) => deref(p + 4 + 4 * i));
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 };
const root = deref(0);
if (old.toString('latin1', 4, 8) !== 'TFL3') throw new Error(`${input}: not a TFLite model`);
const refOf = (id) => (field(root, id) ? { old: deref(field(root, id)) } : null);
const oldBuffers = vector(deref(field(root, MODEL.buffers)));
const oldMetadata = field(root, MODEL.metadata) ? vector(deref(field(root, MODEL.metadata))) : [];
for (const m of oldMetadata) {
  if (old.toString('utf8', deref(field(m, 0)) + 4, deref(field(m, 0)) + 4 + u32(deref(field(m, 0)))) === 'TFLITE_METADATA') {
    throw new Error(`${input} already has TFLite metadata`);
  }
}

// ---- a minimal FlatBuffer writer that lays objects out front to back ----
// A value is one of: {table: [[id, kind, v], ...]} with kind 'u8' | 'u32' | 'ref'; {refs: [value]};
// {f32: [numbers]}; {bytes: Buffer}; {string: text}; {old: position in the original file}.
class Writer {
  constructor() { this.out = Buffer.alloc(1 << 16); this.len = 0; this.patches = []; }
  ensure(n) {
    if (this.len + n <= this.out.length) return;
    const bigger = Buffer.alloc(Math.max(this.out.length * 2, this.len + n));
    this.out.copy(bigger, 0, 0, this.len);
    this.out = bigger;
  }
  pad(align, extra = 0) { while ((this.len + extra) % align) this.byte(0); }
  byte(b) { this.ensure(1); this.out[this.len++] = b; }
  u16(v) { this.ensure(2); this.out.writeUInt16LE(v, this.len); this.len += 2; }
  u32(v) { this.ensure(4); this.out.writeUInt32LE(v >>> 0, this.len); this.len += 4; }
  /** Reserves a uoffset at the current position that will point at {@code value}. */
  slot(value) { this.pad(4); this.patches.push({ at: this.len, value }); this.u32(0); }
  /** Writes {@code value}; returns where a reference to it must point. */
  write(value) {
    if (value.old !== undefined) return -1 - value.old; // resolved once the prefix size is known
    if (value.string !== undefined) {
      const s = Buffer.from(value.string, 'utf8');
      this.pad(4);
      const at = this.len;
      this.u32(s.length);
      this.ensure(s.length + 1);
      s.copy(this.out, this.len); this.len += s.length;
      this.byte(0);
      return at;
    }
    if (value.bytes !== undefined) {
      this.pad(16, 4); // the data itself 16-aligned (force_align in the schema)
      const at = this.len;
      this.u32(value.bytes.length);
      this.ensure(value.bytes.length);
      value.bytes.copy(this.out, this.len); this.len += value.bytes.length;
      return at;
    }
    if (value.f32 !== undefined) {
      this.pad(4);
      const at = this.len;
      this.u32(value.f32.length);
      for (const f of value.f32) { this.ensure(4); this.out.writeFloatLE(f, this.len); this.len += 4; }
      return at;
    }
    if (value.refs !== undefined) {
      this.pad(4);
      const at = this.len;
      this.u32(value.refs.length);
      const slots = value.refs.map(() => { const s = this.len; this.u32(0); return s; });
      value.refs.forEach((v, i) => this.patches.push({ at: slots[i], value: v }));
      this.flush(slots);
      return at;
    }
    // A table: its vtable first (a table's soffset may point backwards), then the fields.
    const fields = value.table;
    const maxId = Math.max(-1, ...fields.map(([id]) => id));
    const layout = [];
    let size = 4;
    for (const [id, kind, v] of fields) {
      const width = kind === 'u8' ? 1 : 4;
      size = Math.ceil(size / width) * width;
      layout.push({ id, kind, v, offset: size });
      size += width;
    }
    size = Math.ceil(size / 4) * 4;
    this.pad(4, 4 + 2 * (maxId + 1)); // so that the table after the vtable starts 4-aligned
    const vtable = this.len;
    this.u16(4 + 2 * (maxId + 1));
    this.u16(size);
    for (let id = 0; id <= maxId; id++) this.u16(layout.find((f) => f.id === id)?.offset ?? 0);
    const at = this.len;
    if (at % 4) throw new Error('misaligned table');
    this.ensure(size);
    this.out.writeInt32LE(at - vtable, at);
    const refs = [];
    for (const f of layout) {
      if (f.kind === 'u8') this.out[at + f.offset] = f.v;
      else if (f.kind === 'u32') this.out.writeUInt32LE(f.v, at + f.offset);
      else refs.push(at + f.offset);
      if (f.kind === 'ref') this.patches.push({ at: at + f.offset, value: f.v });
    }
    this.len = at + size;
    this.flush(refs);
    return at;
  }
  /** Writes the children behind the given slots (after their parent, so every offset is forward). */
  flush(slots) {
    for (const s of slots) {
      const p = this.patches.find((x) => x.at === s && x.target === undefined);
      p.target = this.write(p.value);
    }
  }
  /** The bytes with every reference resolved; {@code tail} (the original file) goes after a 64-aligned prefix. */
  finish(tail = null) {
    if (tail) this.pad(64);
    const prefix = this.len;
    for (const p of this.patches) {
      const target = p.target < 0 ? prefix + (-1 - p.target) : p.target;
      if (target <= p.at) throw new Error('backward reference');
      this.out.writeUInt32LE(target - p.at, p.at);
    }
    return tail ? Buffer.concat([this.out.subarray(0, prefix), tail]) : Buffer.from(this.out.subarray(0, prefix));
  }
}

/** A whole FlatBuffer: root offset, file identifier, then the root table. */
function flatbuffer(identifier, rootTable, tail = null) {
  const w = new Writer();
  w.u32(0);
  w.ensure(4); w.out.write(identifier, 4, 'latin1'); w.len = 8;
  w.patches.push({ at: 0, value: rootTable });
  w.flush([0]);
  return w.finish(tail);
}

// ---- the metadata (metadata_schema.fbs, identifier M001) ----
const RGB = 1;
const GRAYSCALE = 2;
const IMAGE_PROPERTIES = 2; // ContentProperties union
const NORMALIZATION_OPTIONS = 1; // ProcessUnitOptions union
const imageContent = (colorSpace) => ({ table: [[0, 'u8', IMAGE_PROPERTIES], [1, 'ref', { table: [[0, 'u8', colorSpace]] }]] });
const metadata = flatbuffer('M001', { table: [
  [0, 'ref', { string: name }],
  [1, 'ref', { string: 'MediaPipe selfie segmentation (landscape), metadata added by web-static/segmenter-metadata.mjs' }],
  [3, 'ref', { refs: [{ table: [
    [2, 'ref', { refs: [{ table: [
      [0, 'ref', { string: 'image' }],
      [3, 'ref', { table: [[0, 'u8', IMAGE_PROPERTIES], [1, 'ref', { table: [[0, 'u8', RGB]] }]] }],
      [4, 'ref', { refs: [{ table: [[0, 'u8', NORMALIZATION_OPTIONS],
        [1, 'ref', { table: [[0, 'ref', { f32: [0] }], [1, 'ref', { f32: [255] }]] }]] }] }],
    ] }] }],
    [3, 'ref', { refs: [{ table: [[0, 'ref', { string: 'segmentation' }], [3, 'ref', imageContent(GRAYSCALE)]] }] }],
  ] }] }],
  [5, 'ref', { string: 'Apache-2.0' }],
  [7, 'ref', { string: '1.0.0' }],
] });

// ---- the new root Model ----
const modelFields = [[MODEL.version, 'u32', u32(field(root, MODEL.version))]];
for (const [id, ref] of [[MODEL.operatorCodes, refOf(MODEL.operatorCodes)], [MODEL.subgraphs, refOf(MODEL.subgraphs)],
  [MODEL.description, refOf(MODEL.description)], [MODEL.metadataBuffer, refOf(MODEL.metadataBuffer)],
  [MODEL.signatureDefs, refOf(MODEL.signatureDefs)]]) {
  if (ref) modelFields.push([id, 'ref', ref]);
}
modelFields.push([MODEL.buffers, 'ref', { refs: [...oldBuffers.map((b) => ({ old: b })), { table: [[0, 'ref', { bytes: metadata }]] }] }]);
modelFields.push([MODEL.metadata, 'ref', { refs: [...oldMetadata.map((m) => ({ old: m })),
  { table: [[0, 'ref', { string: 'TFLITE_METADATA' }], [1, 'u32', oldBuffers.length]] }] }]);
modelFields.sort((a, b) => a[0] - b[0]);
writeFileSync(output, flatbuffer('TFL3', { table: modelFields }, old));
