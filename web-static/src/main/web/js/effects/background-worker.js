// The background effect off the page's thread, where the browser can hand camera frames to a
// worker (MediaStreamTrackProcessor and MediaStreamTrackGenerator, Chromium): the frames' streams
// are transferred to effects/segment-worker.js, which segments and composites; this side keeps the
// budget (effects/budget.js) and the sent track. effects/background.js is the page-thread path.
import { Budget, FULL, REDUCED, sizeFor } from './budget.js';
import { t } from '../i18n.js';

async function loadBitmap(src) {
  try {
    const response = await fetch(src);
    if (!response.ok) throw new Error(String(response.status));
    return await createImageBitmap(await response.blob());
  } catch {
    throw new Error(t('The background image could not be loaded'));
  }
}

/** Same surface as BackgroundProcessor: {@code track}, {@code stats}, {@code size}, {@code meanMs()}, {@code onslow}, {@code stop()}. */
export class WorkerBackgroundProcessor {
  /** Whether this browser can feed a worker camera frames (else the page-thread path runs). */
  static supported() {
    return typeof window.MediaStreamTrackProcessor === 'function' && typeof window.MediaStreamTrackGenerator === 'function'
      && typeof OffscreenCanvas === 'function' && typeof VideoFrame === 'function';
  }

  /** Starts processing {@code input}; resolves once the worker has loaded the model. */
  static async create(input, effect, budget = true) {
    const p = new WorkerBackgroundProcessor(input, budget);
    try {
      await p.start(effect);
    } catch (e) {
      p.stop();
      throw e;
    }
    return p;
  }

  constructor(input, budget) {
    this.input = input;
    this.path = 'worker';
    this.onslow = null;
    this.settings = input.getSettings();
    this.timing = new Budget(this.settings.frameRate, budget);
    this.size = sizeFor(FULL, this.settings);
    this.waiting = new Map(); // reply type → resolve
  }

  get stats() { return this.timing.stats; }

  meanMs() { return this.timing.meanMs(); }

  async start(effect) {
    const message = await this.effectMessage(effect);
    this.worker = new Worker(new URL('./segment-worker.js', import.meta.url), { type: 'module', name: 'segmentation' });
    const processor = new window.MediaStreamTrackProcessor({ track: this.input });
    const generator = new window.MediaStreamTrackGenerator({ kind: 'video' });
    generator.contentHint = 'motion';
    this.track = generator;
    await new Promise((resolve, reject) => {
      this.worker.onerror = (e) => reject(new Error(e.message || t('Background effects could not be loaded')));
      this.worker.onmessage = ({ data }) => {
        if (data.type === 'ready') resolve();
        else if (data.type === 'error') reject(new Error(data.message));
      };
      this.worker.postMessage({ ...message.data, type: 'start', size: this.size, readable: processor.readable,
        writable: generator.writable }, [...message.transfer, processor.readable, generator.writable]);
    });
    this.worker.onmessage = ({ data }) => this.received(data);
  }

  received(data) {
    if (data.type === 'frame') {
      const step = this.timing.record(data.ms);
      if (step === 'reduced') {
        this.size = sizeFor(REDUCED, this.settings);
        this.worker.postMessage({ type: 'size', size: this.size });
      }
      if (step) this.onslow?.(step);
    } else if (data.type === 'error') {
      console.warn('background effect worker failed', data.message);
      this.onslow?.('failed', data.message);
    } else {
      this.waiting.get(data.type)?.(data);
      this.waiting.delete(data.type);
    }
  }

  async effectMessage(effect) {
    const image = effect.image ? await loadBitmap(effect.image) : null;
    return { data: { effect: { blur: effect.blur ?? 0 }, image }, transfer: image ? [image] : [] };
  }

  /** Switches between blur strengths and images without touching the output track. */
  async setEffect(effect) {
    const message = await this.effectMessage(effect);
    this.worker.postMessage({ ...message.data, type: 'effect' }, message.transfer);
  }

  /** The addresses of every file the worker fetched (model, wasm, scripts). */
  resources() {
    return new Promise((resolve) => {
      this.waiting.set('resources', (d) => resolve(d.names));
      this.worker.postMessage({ type: 'resources' });
    });
  }

  /** Stops the output track and the worker; the input (camera) track is the caller's. */
  stop() {
    this.worker?.postMessage({ type: 'stop' });
    this.worker?.terminate();
    this.track?.stop();
  }
}
