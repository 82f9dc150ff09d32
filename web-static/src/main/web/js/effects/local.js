// This page's outgoing media with its effects: the raw camera and microphone tracks go in, the
// tracks to preview and send come out ({@code stream}). Turning an effect on or off swaps the
// outgoing track (onreplace: MediaSession.replace, no renegotiation); changing between blur and
// images keeps the track.
import { BACKGROUNDS, BackgroundProcessor } from './background.js';
import { WorkerBackgroundProcessor } from './background-worker.js';
import { NoiseSuppressor, browserSuppression, rnnoiseSupported } from './noise.js';
import { effectsBudget, ownImageUrl, pageThreadForced, softEdges, storeBackground, storeNoiseSuppression } from './store.js';
import { t } from '../i18n.js';

/** A background processor in a worker where the browser can run one, else on this page's thread. */
async function startProcessor(camera, effect) {
  const budget = effectsBudget();
  if (WorkerBackgroundProcessor.supported() && !pageThreadForced()) {
    try {
      return await WorkerBackgroundProcessor.create(camera, effect, budget, softEdges());
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
      if (choice.id === 'own') URL.revokeObjectURL(effect.image); // loaded: the processor holds the picture
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

  /**
   * RNNoise on or off. With RNNoise on, the microphone runs without the browser's own noise
   * suppression (one suppressor is enough; two take more of the speech); off, or where RNNoise
   * cannot run, with it. Echo cancellation and gain control stay as they were; the sent track is
   * swapped (no renegotiation).
   */
  async setNoiseSuppression(on) {
    this.noiseSuppression = on;
    storeNoiseSuppression(on);
    if (!this.mic) return;
    if (on && this.audio) return;
    if (on && rnnoiseSupported()) {
      let mic = null;
      let suppressor = null;
      try {
        // The browser's suppression stays on until RNNoise has loaded.
        suppressor = await NoiseSuppressor.create(async () => (mic = await this.micWith(false)));
        const old = this.useMic(mic);
        this.audio = suppressor;
        await this.swap('audio', suppressor.track);
        old?.stop();
        return;
      } catch (e) {
        suppressor?.stop();
        if (mic && mic !== this.mic) {
          if (this.mic.readyState === 'ended') this.useMic(mic); // the old one was closed to open this one
          else mic.stop(); // opened for RNNoise, not used
        }
        this.notice(t('Noise suppression uses the browser\'s own: {reason}', { reason: e.message ?? e }));
      }
    }
    const previous = this.audio;
    this.audio = null;
    const mic = await this.micWith(true);
    const old = this.useMic(mic);
    await this.swap('audio', mic);
    previous?.stop();
    old?.stop();
  }

  /**
   * The microphone with the browser's noise suppression {@code browserOn}: the current track if it
   * has it or takes it by applyConstraints (Firefox), else the same device opened again with it
   * (Chromium does not change audio processing on a live track). Not yet in {@code raw}: see useMic.
   */
  async micWith(browserOn) {
    const mic = this.mic;
    const has = () => mic.getSettings().noiseSuppression;
    if (has() === browserOn || has() === undefined) return mic;
    await browserSuppression(mic, browserOn);
    if (has() === browserOn) return mic;
    const { deviceId, echoCancellation, autoGainControl } = mic.getSettings();
    const wanted = { echoCancellation, autoGainControl, noiseSuppression: browserOn };
    const open = async () => (await navigator.mediaDevices.getUserMedia({ audio: {
      deviceId: deviceId ? { exact: deviceId } : undefined,
      ...Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== undefined).map(([k, v]) => [k, { exact: v }])),
    } })).getAudioTracks()[0];
    try {
      const track = await open();
      const got = track.getSettings();
      if (Object.entries(wanted).every(([k, v]) => v === undefined || got[k] === v)) return track;
      // Chromium opens a second source of a device in use without any audio processing.
      track.stop();
    } catch {
      // this browser opens a device with one set of audio processing at a time
    }
    // Only with the device closed does it open with other processing: a moment of silence.
    mic.stop();
    try {
      return await open();
    } catch (e) {
      console.warn('the microphone could not be opened with noiseSuppression ' + browserOn, e);
      return (await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true })).getAudioTracks()[0];
    }
  }

  /** Makes {@code track} the raw microphone; returns the one it replaced (for the caller to stop once it is no longer sent), or null. */
  useMic(track) {
    const old = this.mic;
    if (old === track) return null;
    if (old) this.raw.removeTrack(old);
    this.raw.addTrack(track);
    return old;
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
      await this.setNoiseSuppression(this.noiseSuppression);
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
