// Noise suppression: RNNoise compiled to WebAssembly, run in an AudioWorklet
// (vendor/web-noise-suppressor, served by the appliance). The microphone passes through
// source → RNNoise → destination, and the destination's track is sent. Without AudioWorklet or
// WebAssembly the browser's own noiseSuppression constraint is used instead (effects/local.js
// opens the microphone without it while RNNoise runs).
import { loadRnnoise, RnnoiseWorkletNode } from '../../vendor/web-noise-suppressor/index.js';

const VENDOR = '/vendor/web-noise-suppressor/';
let wasm = null;

/** Whether this browser can run RNNoise (else {@link browserSuppression} is what it gets). */
export function rnnoiseSupported() {
  return typeof AudioWorkletNode !== 'undefined' && typeof WebAssembly === 'object';
}

/** Turns the browser's own noise suppression on or off on a microphone track. */
export async function browserSuppression(track, on) {
  try {
    await track.applyConstraints({ ...track.getConstraints(), noiseSuppression: on });
  } catch {
    // a browser without the constraint keeps what it had
  }
}

/**
 * A microphone track with RNNoise applied. {@code track} is what is sent; {@code node} the
 * worklet in the audio path (tests look for it). RNNoise works at 48 kHz, so the context runs at it.
 */
export class NoiseSuppressor {
  /** {@code input}: the microphone track, or a function giving a promise of it, called once RNNoise has loaded. */
  static async create(input) {
    const ctx = new AudioContext({ sampleRate: 48000 });
    try {
      wasm ??= await loadRnnoise({ url: `${VENDOR}rnnoise.wasm`, simdUrl: `${VENDOR}rnnoise_simd.wasm` });
      await ctx.audioWorklet.addModule(`${VENDOR}rnnoise/workletProcessor.js`);
      return new NoiseSuppressor(ctx, typeof input === 'function' ? await input() : input, wasm);
    } catch (e) {
      ctx.close().catch(() => {});
      throw e;
    }
  }

  constructor(ctx, input, wasmBinary) {
    this.ctx = ctx;
    this.input = input;
    this.source = ctx.createMediaStreamSource(new MediaStream([input]));
    this.node = new RnnoiseWorkletNode(ctx, { maxChannels: 1, wasmBinary: wasmBinary.slice(0) });
    const dest = ctx.createMediaStreamDestination();
    this.source.connect(this.node).connect(dest);
    [this.track] = dest.stream.getAudioTracks();
    this.track.enabled = input.enabled;
    ctx.resume().catch(() => {});
  }

  /** Stops the processed track and the worklet; the input (microphone) track is the caller's. */
  stop() {
    this.source.disconnect();
    this.node.destroy();
    this.node.disconnect();
    this.track.stop();
    this.ctx.close().catch(() => {});
  }
}
