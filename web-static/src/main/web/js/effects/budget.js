// Whether this device keeps up with the camera: both processing paths (the worker and this page)
// report each frame's processing time here. After {@code SLOW_AFTER} frames in a row slower than
// the camera's frame interval the effect steps down to the reduced size, after as many more it
// turns off (docs/performance.md has the figures that set these). The first frames load the model
// and compile: they are neither counted nor judged.

/** The size frames are segmented at and sent at, then the size after one step down. */
export const FULL = { width: 640, height: 360 };
export const REDUCED = { width: 320, height: 180 };

const WARMUP = 3;
const SLOW_AFTER = 30;

/** Per-frame timing of one processor: {@code record(ms)} says when to step down ('reduced') or stop ('off'). */
export class Budget {
  /**
   * {@code fps}: the camera's frame rate, whose interval is each frame's budget; {@code budget}:
   * true for that, false never to step down, a number of ms for another budget (store.js effectsBudget).
   */
  constructor(fps, budget = true) {
    this.interval = typeof budget === 'number' ? budget : 1000 / (fps || 30);
    this.enabled = budget !== false;
    this.stats = { frames: 0, totalMs: 0, lastMs: 0, reduced: false, warmup: 0 };
    this.slow = 0;
  }

  record(ms) {
    const s = this.stats;
    if (s.warmup < WARMUP) {
      s.warmup += 1;
      return null;
    }
    s.frames += 1;
    s.totalMs += ms;
    s.lastMs = ms;
    this.slow = ms > this.interval ? this.slow + 1 : 0;
    if (this.slow < SLOW_AFTER || !this.enabled) return null;
    this.slow = 0;
    if (s.reduced) return 'off';
    this.stats = { ...s, reduced: true, frames: 0, totalMs: 0 };
    return 'reduced';
  }

  /** Mean processing time per frame so far (since the step down, if there was one), in ms. */
  meanMs() {
    return this.stats.frames ? this.stats.totalMs / this.stats.frames : 0;
  }
}

/** {@code FULL} or {@code REDUCED} scaled to the camera's aspect ratio, never above its height. */
export function sizeFor(target, settings) {
  const aspect = settings.width && settings.height ? settings.width / settings.height : 16 / 9;
  const height = Math.min(target.height, settings.height ?? target.height);
  return { width: Math.round(height * aspect / 2) * 2, height };
}
