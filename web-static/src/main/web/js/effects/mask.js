// Soft edges for the person mask (the segmentation worker's): the model's confidence per pixel
// becomes the mask's alpha. Raw, the outline flickers from frame to frame (a pixel near the edge
// swings across 0.5 with camera noise) and shows the steps of the model's 256x144 grid. Three steps
// soften it: a smoothstep between LOW and HIGH (low-confidence haze in the background goes, the
// transition stays gradual), a running mean over frames (FOLLOW of the new frame, the rest from the
// previous mask: flicker averages out, a moving person lags by about a frame) and a small blur of
// the mask (docs/performance.md has the flicker measured with and without).

const LOW = 0.25;
const HIGH = 0.75;
const FOLLOW = 0.5;
/** Blur radius of the mask at 640 px wide; scaled with the width. */
const RADIUS_640 = 2;

/** The mask of one processing size, drawn onto {@code canvas} (an OffscreenCanvas) each frame. */
export class MaskFeather {
  constructor(width, height, canvas) {
    this.width = width;
    this.height = height;
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.raw = new OffscreenCanvas(width, height);
    this.rawCtx = this.raw.getContext('2d');
    this.data = new ImageData(width, height); // black; only the alpha channel is written
    this.previous = null; // Float32Array of the last mask, once there is one
    this.radius = Math.max(1, Math.round(RADIUS_640 * width / 640));
  }

  /**
   * Draws the mask for {@code confidence} (the model's, per pixel, 0..1); {@code soft} false: the
   * raw confidence, as it is. Returns the mean change of the mask (before its blur) from the last
   * frame's, 0..1 per pixel: how much the outline flickers (null on the first frame).
   */
  update(confidence, soft = true) {
    const px = this.data.data;
    const n = Math.min(confidence.length, this.width * this.height);
    const first = this.previous === null;
    this.previous ??= new Float32Array(n);
    const prev = this.previous;
    let change = 0;
    for (let i = 0; i < n; i++) {
      let m = confidence[i];
      if (soft) {
        m = (m - LOW) / (HIGH - LOW);
        m = m <= 0 ? 0 : m >= 1 ? 1 : m * m * (3 - 2 * m);
        if (!first) m = prev[i] + FOLLOW * (m - prev[i]);
      }
      change += Math.abs(m - prev[i]);
      prev[i] = m;
      px[4 * i + 3] = m * 255;
    }
    if (!soft) {
      this.ctx.putImageData(this.data, 0, 0);
      return first ? null : change / n;
    }
    this.rawCtx.putImageData(this.data, 0, 0);
    this.ctx.save();
    this.ctx.clearRect(0, 0, this.width, this.height);
    this.ctx.filter = `blur(${this.radius}px)`;
    this.ctx.drawImage(this.raw, 0, 0);
    this.ctx.restore();
    return first ? null : change / n;
  }
}
