// The segmentation worker (a module worker started by effects/background-worker.js): camera
// VideoFrames come in through a transferred MediaStreamTrackProcessor stream; tasks-vision's
// ImageSegmenter (vendor/tasks-vision, served by the appliance) finds the person, the frame is
// composited on an OffscreenCanvas (effects/composite.js) and leaves as a VideoFrame through a
// transferred MediaStreamTrackGenerator stream. The page's thread only receives the timings.
import { composite } from './composite.js';

// tasks-vision reports its use to its vendor once a minute. The appliance's CSP refuses that
// (connect-src 'self'); this refuses it before the browser tries, so nothing leaves the site.
const ownFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  return url.origin === self.location.origin ? ownFetch(input, init)
    : Promise.reject(new TypeError('only this appliance is fetched from'));
};

const VENDOR = '/vendor/tasks-vision/';
const state = { effect: { blur: 0 }, image: null, size: null };
let canvases = null;
let segmenter = null;
let stopped = false;

/** The model on the CPU (XNNPACK in WebAssembly SIMD), for frames of a video. */
async function load() {
  const { ImageSegmenter } = await import(`${VENDOR}vision_bundle.mjs`);
  return ImageSegmenter.createFromOptions({
    wasmLoaderPath: `${VENDOR}vision_wasm_module_internal.js`,
    wasmBinaryPath: `${VENDOR}vision_wasm_module_internal.wasm`,
  }, {
    baseOptions: { modelAssetPath: `${VENDOR}selfie_segmentation_landscape.tflite`, delegate: 'CPU' },
    runningMode: 'VIDEO',
    outputCategoryMask: false,
    outputConfidenceMasks: true,
  });
}

function resize({ width, height }) {
  const make = () => new OffscreenCanvas(width, height);
  const source = make();
  const mask = make();
  const output = make();
  canvases = {
    width, height, source, mask, output,
    sourceCtx: source.getContext('2d', { willReadFrequently: false }),
    maskCtx: mask.getContext('2d'),
    outputCtx: output.getContext('2d'),
    maskData: new ImageData(width, height), // black; only the alpha channel is written
  };
}

/** One frame: scale, segment, composite; returns the processed VideoFrame. */
function process(frame) {
  const c = canvases;
  c.sourceCtx.drawImage(frame, 0, 0, c.width, c.height);
  const result = segmenter.segmentForVideo(c.source, performance.now());
  try {
    const person = result.confidenceMasks[0].getAsFloat32Array();
    const px = c.maskData.data;
    for (let i = 0, n = Math.min(person.length, c.width * c.height); i < n; i++) px[4 * i + 3] = person[i] * 255;
  } finally {
    result.close();
  }
  c.maskCtx.putImageData(c.maskData, 0, 0);
  composite(c.outputCtx, c.source, c.mask, { image: state.image, blur: state.effect.blur }, c.width, c.height);
  return new VideoFrame(c.output, { timestamp: frame.timestamp });
}

async function run(readable, writable) {
  const reader = readable.getReader();
  const writer = writable.getWriter();
  while (!stopped) {
    const { value: frame, done } = await reader.read();
    if (done) break;
    const t0 = performance.now();
    let out;
    try {
      out = process(frame);
    } finally {
      frame.close();
    }
    try {
      await writer.write(out);
    } catch {
      out.close();
      break; // the sent track was stopped
    }
    self.postMessage({ type: 'frame', ms: performance.now() - t0 });
  }
  reader.cancel().catch(() => {});
}

self.onmessage = async ({ data }) => {
  switch (data.type) {
    case 'start':
      try {
        state.effect = data.effect;
        state.image = data.image ?? null;
        resize(data.size);
        segmenter = await load();
      } catch (e) {
        self.postMessage({ type: 'error', message: String(e?.message ?? e) });
        return;
      }
      self.postMessage({ type: 'ready' });
      run(data.readable, data.writable).catch((e) => self.postMessage({ type: 'error', message: String(e?.message ?? e) }));
      break;
    case 'effect':
      state.image?.close();
      state.effect = data.effect;
      state.image = data.image ?? null;
      break;
    case 'size':
      resize(data.size);
      break;
    case 'resources': // every file this worker fetched (tests check they are the appliance's)
      self.postMessage({ type: 'resources', names: performance.getEntriesByType('resource').map((e) => e.name) });
      break;
    case 'stop':
      stopped = true;
      segmenter?.close();
      self.close();
      break;
    default:
  }
};
