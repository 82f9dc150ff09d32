// This page's outgoing media with its effects: the raw camera and microphone tracks go in, the
// tracks to preview and send come out ({@code stream}). Turning an effect on or off swaps the
// outgoing track (onreplace: MediaSession.replace, no renegotiation); changing between blur and
// images keeps the track.
import { BACKGROUNDS, BackgroundProcessor } from './background.js';
import { WorkerBackgroundProcessor } from './background-worker.js';
import { NoiseSuppressor, browserSuppression, rnnoiseSupported } from './noise.js';
import { effectsBudget, ownImageUrl, pageThreadForced, storeBackground, storeNoiseSuppression } from './store.js';
import { t } from '../i18n.js';

/** A background processor in a worker where the browser hands it camera frames, else on this page's thread. */
async function startProcessor(camera, effect) {
  const budget = effectsBudget();
  if (WorkerBackgroundProcessor.supported() && !pageThreadForced()) {
    try {
      return await WorkerBackgroundProcessor.create(camera, effect, budget);
    } catch (e) {
      console.warn('background effect worker failed, using the page thread', e);
    }
  }
  return BackgroundProcessor.create(camera, effect, budget);
}

export class LocalEffects {
  /** {@code raw}: the camera and microphone stream; {@code notice(text)} tells the user what changed. */
  constructor(raw, notice) {
    this.raw = raw;
    this.stream = new MediaStream(raw.getTracks());
    this.notice = notice;
    this.onreplace = null; // (kind, track) => Promise, set by the room once it sends
    this.background = 'none';
    this.noiseSuppression = false;
    this.video = null; // BackgroundProcessor
    this.audio = null; // NoiseSuppressor
  }

  get camera() { return this.raw.getVideoTracks()[0] ?? null; }
  get mic() { return this.raw.getAudioTracks()[0] ?? null; }

  /** Puts {@code track} in the outgoing stream in place of the one of its kind, keeping enabled. */
  async swap(kind, track) {
    const old = kind === 'video' ? this.stream.getVideoTracks() : this.stream.getAudioTracks();
    if (old[0] === track) return;
    track.enabled = old[0]?.enabled ?? true;
    old.forEach((t) => this.stream.removeTrack(t));
    this.stream.addTrack(track);
    // A raw track behind an effect carries the picture or sound; muting is on the outgoing one.
    for (const t of this.raw.getTracks()) if (!this.stream.getTracks().includes(t)) t.enabled = true;
    await this.onreplace?.(kind, track);
  }

  /** Applies background {@code id} (BACKGROUNDS); falls back to none with a notice if it cannot run. */
  async setBackground(id) {
    const choice = BACKGROUNDS.find((b) => b.id === id) ?? BACKGROUNDS[0];
    let effect = choice;
    if (choice.id === 'own') {
      const url = await ownImageUrl();
      if (!url) return this.setBackground('none');
      effect = { ...choice, image: url };
    }
    this.background = choice.id;
    storeBackground(choice.id);
    const camera = this.camera;
    if (choice.id === 'none' || !camera) {
      this.stopVideo();
      if (camera) await this.swap('video', camera);
      return;
    }
    try {
      if (this.video) {
        await this.video.setEffect(effect);
      } else {
        this.video = await startProcessor(camera, effect);
        this.video.onslow = (what, reason) => this.slow(what, reason);
        await this.swap('video', this.video.track);
      }
    } catch (e) {
      console.warn('background effect failed', e);
      this.notice(t('Background effects are not available here: {reason}', { reason: e.message ?? e }));
      this.stopVideo();
      this.background = 'none';
      await this.swap('video', camera);
    }
  }

  /** The processor stepped down ('reduced'), could not keep up at all ('off') or failed ('failed', with a reason). */
  slow(what, reason) {
    if (what === 'reduced') {
      this.notice(t('This device is too slow for the background effect at 640x360: it now runs at 320x180.'));
      return;
    }
    this.notice(what === 'failed' ? t('Background effects are not available here: {reason}', { reason })
      : t('This device is too slow for the background effect: it is off.'));
    this.setBackground('none');
  }

  stopVideo() {
    this.video?.stop();
    this.video = null;
  }

  /** RNNoise on or off; the browser's own suppression when RNNoise cannot run (or is off: the browser's is the default). */
  async setNoiseSuppression(on) {
    this.noiseSuppression = on;
    storeNoiseSuppression(on);
    const mic = this.mic;
    if (!mic) return;
    if (!on) {
      this.audio?.stop();
      this.audio = null;
      await browserSuppression(mic, true);
      await this.swap('audio', mic);
      return;
    }
    if (this.audio) return;
    if (!rnnoiseSupported()) {
      await browserSuppression(mic, true);
      return;
    }
    try {
      this.audio = await NoiseSuppressor.create(mic);
      await this.swap('audio', this.audio.track);
    } catch (e) {
      this.notice(t('Noise suppression uses the browser\'s own: {reason}', { reason: e.message ?? e }));
      this.audio = null;
      await browserSuppression(mic, true);
    }
  }

  /** A new camera or microphone (device switch): effects move to it, the old raw track stops. */
  async replaceRaw(kind, track) {
    const old = kind === 'video' ? this.raw.getVideoTracks() : this.raw.getAudioTracks();
    old.forEach((t) => { this.raw.removeTrack(t); t.stop(); });
    this.raw.addTrack(track);
    if (kind === 'video') {
      this.stopVideo();
      await this.swap('video', track);
      if (this.background !== 'none') await this.setBackground(this.background);
    } else {
      this.audio?.stop();
      this.audio = null;
      await this.swap('audio', track);
      if (this.noiseSuppression) await this.setNoiseSuppression(true);
    }
  }

  /** Mean processing time per camera frame (ms) and the size processed; null without an effect. */
  videoStats() {
    return this.video ? { meanMs: this.video.meanMs(), frames: this.video.stats.frames, path: this.video.path, ...this.video.size } : null;
  }

  stop() {
    this.stopVideo();
    this.audio?.stop();
    this.audio = null;
    this.raw.getTracks().forEach((t) => t.stop());
    this.stream.getTracks().forEach((t) => t.stop());
  }
}
