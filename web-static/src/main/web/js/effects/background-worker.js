// The background effect off the page's thread: effects/segment-worker.js segments and composites;
// this side keeps the budget (effects/budget.js) and the sent track. Where the browser can hand
// camera frames to a worker (MediaStreamTrackProcessor and MediaStreamTrackGenerator, Chromium)
// the frames' streams are transferred to it ('worker'); elsewhere (Firefox, Safari) the camera
// plays in a <video> here, each new frame goes to the worker as an ImageBitmap and the composited
// one comes back into a canvas whose captureStream() is sent ('worker-messages': one frame in
// flight, frames that arrive meanwhile are skipped). effects/background.js is the page-thread path.
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

/** Whether this browser can feed a worker a camera track's frames as streams (Chromium). */
function streamsSupported() {
  return typeof window.MediaStreamTrackProcessor === 'function' && typeof window.MediaStreamTrackGenerator === 'function'
    && typeof VideoFrame === 'function';
}

/** Same surface as BackgroundProcessor: {@code track}, {@code stats}, {@code size}, {@code meanMs()}, {@code onslow}, {@code stop()}. */
export class WorkerBackgroundProcessor {
  /** Whether this browser can run the effect in a worker (else the page-thread path runs). */
  static supported() {
    return typeof Worker === 'function' && typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function';
  }

  /**
   * Starts processing {@code input}; resolves once the worker has loaded the model. {@code soft}:
   * the mask's edges softened (effects/mask.js), false for the model's mask as it is.
   */
  static async create(input, effect, budget = true, soft = true) {
    const p = new WorkerBackgroundProcessor(input, budget);
    try {
      await p.start(effect, soft);
    } catch (e) {
      p.stop();
      throw e;
    }
    return p;
  }

  constructor(input, budget) {
    this.input = input;
    this.path = streamsSupported() ? 'worker' : 'worker-messages';
    this.onslow = null;
    this.stopped = false;
    this.settings = input.getSettings();
    this.timing = new Budget(this.settings.frameRate, budget);
    this.size = sizeFor(FULL, this.settings);
    this.waiting = new Map(); // reply type → resolve
    this.pending = null; // 'worker-messages': resolves with the worker's answer to the frame in flight
    this.mask = { frames: 0, change: 0 }; // the mask's change from frame to frame, summed (maskChange())
  }

  get stats() { return this.timing.stats; }

  meanMs() { return this.timing.meanMs(); }

  /** The mask's mean change from one frame to the next so far, 0..1 per pixel (effects/mask.js): its flicker. */
  maskChange() { return this.mask.frames ? this.mask.change / this.mask.frames : null; }

  async start(effect, soft) {
    const message = await this.effectMessage(effect);
    this.worker = new Worker(new URL('./segment-worker.js', import.meta.url), { type: 'module', name: 'segmentation' });
    const start = { ...message.data, type: 'start', size: this.size, feather: soft };
    const transfer = [...message.transfer];
    if (this.path === 'worker') {
      const processor = new window.MediaStreamTrackProcessor({ track: this.input });
      const generator = new window.MediaStreamTrackGenerator({ kind: 'video' });
      this.track = generator;
      Object.assign(start, { readable: processor.readable, writable: generator.writable });
      transfer.push(processor.readable, generator.writable);
    } else {
      await this.openCamera();
    }
    this.track.contentHint = 'motion';
    await new Promise((resolve, reject) => {
      this.worker.onerror = (e) => reject(new Error(e.message || t('Background effects could not be loaded')));
      this.worker.onmessage = ({ data }) => {
        if (data.type === 'ready') resolve();
        else if (data.type === 'error') reject(new Error(data.message));
      };
      this.worker.postMessage(start, transfer);
    });
    this.worker.onmessage = ({ data }) => this.received(data);
    if (this.path === 'worker-messages') this.pump();
  }

  /** 'worker-messages': the camera in a <video>, the sent track from a canvas the worker's frames are put in. */
  async openCamera() {
    this.output = document.createElement('canvas');
    this.output.width = this.size.width;
    this.output.height = this.size.height;
    this.renderer = this.output.getContext('bitmaprenderer');
    [this.track] = this.output.captureStream().getVideoTracks();
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = new MediaStream([this.input]);
    await this.video.play();
    this.fresh = true; // a frame is there to take
    this.wake = null;
    const fps = this.settings.frameRate || 30;
    const next = () => {
      this.fresh = true;
      this.wake?.();
      this.wake = null;
      if (this.stopped) return;
      if (this.video.requestVideoFrameCallback) this.video.requestVideoFrameCallback(next);
      else setTimeout(next, 1000 / fps);
    };
    next();
  }

  /** 'worker-messages': the newest camera frame to the worker, its answer into the sent canvas, and again. */
  async pump() {
    while (!this.stopped) {
      if (!this.fresh) await new Promise((resolve) => (this.wake = resolve));
      this.fresh = false;
      if (this.stopped) break;
      const t0 = performance.now();
      let reply;
      try {
        const bitmap = await createImageBitmap(this.video, { resizeWidth: this.size.width, resizeHeight: this.size.height });
        reply = await new Promise((resolve) => {
          this.pending = resolve;
          this.worker.postMessage({ type: 'frame', bitmap }, [bitmap]);
        });
      } catch (e) {
        this.onslow?.('failed', String(e?.message ?? e));
        break;
      }
      if (!reply?.bitmap) break; // stopped meanwhile
      if (this.stopped) {
        reply.bitmap.close();
        break;
      }
      this.renderer.transferFromImageBitmap(reply.bitmap);
      // The whole round trip is this path's cost per frame (the worker's own time is reply.ms).
      this.record(performance.now() - t0);
    }
  }

  received(data) {
    if (data.type === 'frame') {
      if (data.maskChange !== null && data.maskChange !== undefined) {
        this.mask.frames += 1;
        this.mask.change += data.maskChange;
      }
      if (this.pending) {
        const answer = this.pending;
        this.pending = null;
        answer(data);
      } else {
        this.record(data.ms);
      }
    } else if (data.type === 'error') {
      console.warn('background effect worker failed', data.message);
      this.onslow?.('failed', data.message);
    } else {
      this.waiting.get(data.type)?.(data);
      this.waiting.delete(data.type);
    }
  }

  /** Judges one frame's time; steps down to the reduced size or reports 'off'. */
  record(ms) {
    const step = this.timing.record(ms);
    if (step === 'reduced') {
      this.size = sizeFor(REDUCED, this.settings);
      this.worker.postMessage({ type: 'size', size: this.size });
      if (this.output) {
        this.output.width = this.size.width;
        this.output.height = this.size.height;
      }
    }
    if (step) this.onslow?.(step);
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
    this.stopped = true;
    this.pending?.(null);
    this.pending = null;
    this.wake?.();
    this.worker?.postMessage({ type: 'stop' });
    this.worker?.terminate();
    this.track?.stop();
    this.video?.pause();
  }
}
