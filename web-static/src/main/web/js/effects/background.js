// Background blur and image backgrounds, computed in this browser: MediaPipe's selfie
// segmentation model (vendor/selfie_segmentation, served by the appliance) finds the person in
// each camera frame and the rest is blurred or replaced. This is the path on the page's own thread,
// for browsers that cannot hand camera frames to a worker (Firefox, Safari); where they can
// (Chromium), effects/background-worker.js does the same work in a worker. The frames come from a
// <video> into canvas.captureStream() here (or, if called where MediaStreamTrackProcessor exists,
// as VideoFrames to a MediaStreamTrackGenerator). The legacy MediaPipe solution loads through a
// page script, which is why it cannot run in a worker; the compositing is canvas 2D.
import { msg, t } from '../i18n.js';
import { Budget, FULL, REDUCED, sizeFor } from './budget.js';
import { composite } from './composite.js';

const VENDOR = '/vendor/selfie_segmentation/';

/** The choices offered in the lobby and the settings panel; 'own' is the user's upload (effects/store.js). */
export const BACKGROUNDS = [
  { id: 'none', label: msg('None') },
  { id: 'blur-light', label: msg('Slight blur'), blur: 6 },
  { id: 'blur-strong', label: msg('Strong blur'), blur: 18 },
  { id: 'sky', label: msg('Sky'), image: '/img/backgrounds/sky.jpg' },
  { id: 'pattern', label: msg('Pattern'), image: '/img/backgrounds/pattern.jpg' },
  { id: 'own', label: msg('Your image') },
];

let segmenterLoad = null;

/** Loads the MediaPipe solution script once (a classic script that defines window.SelfieSegmentation). */
function loadSolution() {
  segmenterLoad ??= new Promise((resolve, reject) => {
    if (window.SelfieSegmentation) { resolve(); return; }
    const s = document.createElement('script');
    s.src = `${VENDOR}selfie_segmentation.js`;
    s.onload = () => resolve();
    s.onerror = () => { segmenterLoad = null; reject(new Error(t('Background effects could not be loaded'))); };
    document.head.append(s);
  });
  return segmenterLoad;
}

function loadImage(src) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(t('The background image could not be loaded')));
    img.src = src;
  });
}

/**
 * A processed copy of a camera track. {@code track} is what is sent and previewed; it keeps
 * running while the effect changes ({@link setEffect}), so only turning effects on or off swaps
 * tracks. {@code stats} holds the processing time per frame; {@code onslow} is called once when
 * frames take longer than the camera's frame interval at the reduced size too.
 */
export class BackgroundProcessor {
  /** Starts processing {@code input}; resolves once the model is ready. */
  static async create(input, effect, budget = true) {
    await loadSolution();
    const p = new BackgroundProcessor(input, budget);
    await p.setEffect(effect);
    await p.start();
    return p;
  }

  constructor(input, budget) {
    this.input = input;
    this.path = 'page';
    this.effect = null;
    this.image = null;
    this.timing = new Budget(input.getSettings().frameRate, budget);
    this.onslow = null;
    this.stopped = false;
    this.source = document.createElement('canvas');
    this.output = document.createElement('canvas');
    this.resize();
  }

  get stats() { return this.timing.stats; }

  resize(target = FULL) {
    this.size = sizeFor(target, this.input.getSettings());
    for (const c of [this.source, this.output]) { c.width = this.size.width; c.height = this.size.height; }
  }

  /** Switches between blur strengths and images without touching the output track. */
  async setEffect(effect) {
    this.image = effect.image ? await loadImage(effect.image) : null;
    this.effect = effect;
  }

  async start() {
    this.segmenter = new window.SelfieSegmentation({ locateFile: (f) => VENDOR + f });
    // The landscape model (144x256, made for video calls) on the CPU (XNNPACK in WebAssembly): on
    // a software WebGL the GPU path took over 20 s for one frame, on the CPU tens of milliseconds.
    this.segmenter.setOptions({ modelSelection: 1, useCpuInference: true });
    this.segmenter.onResults((r) => this.composite(r));
    await this.segmenter.initialize();
    this.fps = this.input.getSettings().frameRate || 30;
    if (window.MediaStreamTrackProcessor && window.MediaStreamTrackGenerator) {
      const generator = new window.MediaStreamTrackGenerator({ kind: 'video' });
      this.writer = generator.writable.getWriter();
      this.track = generator;
      this.reader = new window.MediaStreamTrackProcessor({ track: this.input }).readable.getReader();
      this.loop(() => this.readFrame());
    } else {
      this.video = document.createElement('video');
      this.video.muted = true;
      this.video.playsInline = true;
      this.video.srcObject = new MediaStream([this.input]);
      await this.video.play();
      [this.track] = this.output.captureStream(this.fps).getVideoTracks();
      this.loop(() => this.videoFrame());
    }
    this.track.contentHint = 'motion';
  }

  async readFrame() {
    const { value: frame, done } = await this.reader.read();
    if (done) return false;
    try {
      this.source.getContext('2d').drawImage(frame, 0, 0, this.size.width, this.size.height);
      this.timestamp = frame.timestamp;
    } finally {
      frame.close();
    }
    return true;
  }

  async videoFrame() {
    await new Promise((resolve) => (this.video.requestVideoFrameCallback
      ? this.video.requestVideoFrameCallback(() => resolve()) : setTimeout(resolve, 1000 / this.fps)));
    this.source.getContext('2d').drawImage(this.video, 0, 0, this.size.width, this.size.height);
    return true;
  }

  /** One frame after another: read, segment (composite() runs in send), write. */
  async loop(next) {
    while (!this.stopped) {
      let more;
      try {
        more = await next();
      } catch {
        more = false;
      }
      if (!more || this.stopped) break;
      const t0 = performance.now();
      await this.segmenter.send({ image: this.source });
      const step = this.timing.record(performance.now() - t0);
      if (this.writer) {
        const frame = new VideoFrame(this.output, { timestamp: this.timestamp ?? performance.now() * 1000 });
        try {
          await this.writer.write(frame);
        } catch {
          frame.close();
          break;
        }
      }
      // Frames that queued while this one was segmented resolve read() at once: let the page's
      // own tasks (input, timers, the signaling socket) run between frames.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (step === 'reduced') this.resize(REDUCED);
      if (step) this.onslow?.(step);
    }
  }

  composite({ image, segmentationMask }) {
    composite(this.output.getContext('2d'), image, segmentationMask, { image: this.image, blur: this.effect.blur },
      this.size.width, this.size.height);
  }

  /** Mean processing time per frame so far, in ms. */
  meanMs() {
    return this.timing.meanMs();
  }

  /** Stops the output track and the model; the input (camera) track is the caller's. */
  stop() {
    this.stopped = true;
    this.reader?.cancel().catch(() => {});
    this.writer?.close().catch(() => {});
    this.track?.stop();
    this.video?.pause();
    this.segmenter?.close();
  }
}
