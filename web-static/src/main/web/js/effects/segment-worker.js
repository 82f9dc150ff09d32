// The segmentation worker (a module worker started by effects/background-worker.js): camera
// frames come in, tasks-vision's ImageSegmenter (vendor/tasks-vision, served by the appliance)
// finds the person, the mask's edges are softened (effects/mask.js), the frame is composited on an
// OffscreenCanvas (effects/composite.js) and goes back out. Two ways in and out: in Chromium
// through a transferred MediaStreamTrackProcessor stream and MediaStreamTrackGenerator stream
// (VideoFrames, the page's thread only receives the timings); elsewhere (Firefox, Safari) one
// ImageBitmap per 'frame' message from the page, answered with the composited ImageBitmap.
import { composite } from './composite.js';
import { MaskFeather } from './mask.js';

// tasks-vision reports its use to its vendor once a minute. The appliance's CSP refuses that
// (connect-src 'self'); this refuses it before the browser tries, so nothing leaves the site.
const ownFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  return url.origin === self.location.origin ? ownFetch(input, init)
    : Promise.reject(new TypeError('only this appliance is fetched from'));
};

const VENDOR = '/vendor/tasks-vision/';
const state = { effect: { blur: 0 }, image: null, feather: true };
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
    outputCtx: output.getContext('2d'),
    feather: new MaskFeather(width, height, mask),
  };
}

/** The mask's mean change from the last frame (MaskFeather.update), for the 'frame' messages. */
let maskChange = null;

/** One frame: scale, segment, soften the mask, composite; returns the output canvas. */
function process(frame) {
  const c = canvases;
  c.sourceCtx.drawImage(frame, 0, 0, c.width, c.height);
  const result = segmenter.segmentForVideo(c.source, performance.now());
  try {
    maskChange = c.feather.update(result.confidenceMasks[0].getAsFloat32Array(), state.feather);
  } finally {
    result.close();
  }
  composite(c.outputCtx, c.source, c.mask, { image: state.image, blur: state.effect.blur }, c.width, c.height);
  return c.output;
}

/** Chromium: VideoFrames from the camera's stream to the sent track's stream. */
async function runStreams(readable, writable) {
  const reader = readable.getReader();
  const writer = writable.getWriter();
  while (!stopped) {
    const { value: frame, done } = await reader.read();
    if (done) break;
    const t0 = performance.now();
    let out;
    try {
      out = new VideoFrame(process(frame), { timestamp: frame.timestamp });
    } finally {
      frame.close();
    }
    try {
      await writer.write(out);
    } catch {
      out.close();
      break; // the sent track was stopped
    }
    self.postMessage({ type: 'frame', ms: performance.now() - t0, maskChange });
  }
  reader.cancel().catch(() => {});
}

/** Elsewhere: one posted camera frame (an ImageBitmap) in, the composited frame out. */
function processPosted(bitmap) {
  const t0 = performance.now();
  let out;
  try {
    out = process(bitmap).transferToImageBitmap();
  } finally {
    bitmap.close();
  }
  self.postMessage({ type: 'frame', ms: performance.now() - t0, maskChange, bitmap: out }, [out]);
}

self.onmessage = async ({ data }) => {
  switch (data.type) {
    case 'start':
      try {
        state.effect = data.effect;
        state.image = data.image ?? null;
        state.feather = data.feather !== false;
        resize(data.size);
        segmenter = await load();
      } catch (e) {
        self.postMessage({ type: 'error', message: String(e?.message ?? e) });
        return;
      }
      self.postMessage({ type: 'ready' });
      if (data.readable) {
        runStreams(data.readable, data.writable).catch((e) => self.postMessage({ type: 'error', message: String(e?.message ?? e) }));
      }
      break;
    case 'frame':
      if (stopped) {
        data.bitmap.close();
        return;
      }
      try {
        processPosted(data.bitmap);
      } catch (e) {
        self.postMessage({ type: 'error', message: String(e?.message ?? e) });
      }
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
