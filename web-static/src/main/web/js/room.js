// The meeting room: local preview, one tile per participant, basic controls.
import { Signal } from './signal.js';
import { MediaSession } from './media.js';

export class Room extends EventTarget {
  constructor(root, grant, options = {}) {
    super();
    this.root = root;
    this.grant = grant;
    this.maxHeight = options.maxHeight ?? 720;
    this.iceTransport = options.iceTransport ?? 'all';
    this.participants = new Map(); // id -> {id, displayName, tile, video, audio}
    this.state = 'connecting';
  }

  async start() {
    this.render();
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { width: { ideal: Math.round(this.maxHeight * 16 / 9) }, height: { ideal: this.maxHeight } },
    });
    this.selfVideo.srcObject = this.stream;
    this.signal = new Signal(this.grant.signalingUrl);
    await this.signal.open();
    this.signal.addEventListener('participantJoined', (e) => this.addParticipant(e.detail.participant));
    this.signal.addEventListener('participantLeft', (e) => this.removeParticipant(e.detail.participantId));
    this.signal.addEventListener('meetingEnded', () => this.finish('The meeting has ended.'));
    this.signal.addEventListener('close', () => this.finish(this.state === 'left' ? 'You left the meeting.' : 'Disconnected from the meeting.'));
    this.media = new MediaSession(this.signal, { iceTransport: this.iceTransport });
    this.media.addEventListener('remotetrack', (e) => this.attach(e.detail.info, e.detail.track));
    const welcomed = this.signal.next('welcome');
    this.signal.send({ type: 'join', token: this.grant.token });
    const welcome = await welcomed;
    this.self = { id: welcome.participantId, displayName: welcome.displayName, role: welcome.role };
    welcome.participants.forEach((p) => this.addParticipant(p));
    const [audio] = this.stream.getAudioTracks();
    const [video] = this.stream.getVideoTracks();
    const sources = [];
    if (audio) sources.push({ track: audio, source: 'microphone' });
    if (video) sources.push({ track: video, source: 'camera' });
    await this.media.publish(this.stream, sources);
    this.state = 'joined';
    this.root.dataset.state = 'joined';
  }

  render() {
    this.root.innerHTML = `
      <section class="room" aria-label="Meeting">
        <div class="grid" id="grid">
          <figure class="tile self" id="self-tile"><video autoplay playsinline muted aria-label="Your camera"></video>
            <figcaption class="name">You</figcaption></figure>
        </div>
        <div class="controls" role="toolbar" aria-label="Meeting controls">
          <button id="mic" aria-pressed="false" title="Mute microphone (Ctrl+D)">Mute</button>
          <button id="cam" aria-pressed="false" title="Stop camera (Ctrl+E)">Stop video</button>
          <button id="leave" class="danger">Leave</button>
        </div>
      </section>`;
    this.grid = this.root.querySelector('#grid');
    this.selfVideo = this.root.querySelector('#self-tile video');
    this.root.querySelector('#mic').onclick = () => this.toggle('audio', 'microphone', '#mic', 'Mute', 'Unmute');
    this.root.querySelector('#cam').onclick = () => this.toggle('video', 'camera', '#cam', 'Stop video', 'Start video');
    this.root.querySelector('#leave').onclick = () => this.leave();
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey && e.key === 'd') { e.preventDefault(); this.root.querySelector('#mic').click(); }
      if (e.ctrlKey && e.key === 'e') { e.preventDefault(); this.root.querySelector('#cam').click(); }
    });
  }

  toggle(kind, source, button, onLabel, offLabel) {
    const tracks = kind === 'audio' ? this.stream.getAudioTracks() : this.stream.getVideoTracks();
    const muted = tracks.some((t) => t.enabled);
    tracks.forEach((t) => { t.enabled = !muted; });
    const b = this.root.querySelector(button);
    b.setAttribute('aria-pressed', String(muted));
    b.textContent = muted ? offLabel : onLabel;
    this.signal.send({ type: 'mute', source, muted });
  }

  addParticipant(p) {
    if (this.participants.has(p.id) || p.id === this.self?.id) return;
    const tile = document.createElement('figure');
    tile.className = 'tile';
    tile.dataset.participantId = p.id;
    tile.innerHTML = '<video autoplay playsinline></video><audio autoplay></audio><figcaption class="name"></figcaption>';
    tile.querySelector('.name').textContent = p.displayName;
    tile.querySelector('video').setAttribute('aria-label', `${p.displayName}'s video`);
    this.grid.appendChild(tile);
    this.participants.set(p.id, { ...p, tile, video: tile.querySelector('video'), audio: tile.querySelector('audio'), streams: {} });
  }

  removeParticipant(id) {
    const p = this.participants.get(id);
    if (!p) return;
    p.tile.remove();
    this.participants.delete(id);
  }

  attach(info, track) {
    const p = this.participants.get(info.participantId);
    if (!p) return;
    const el = track.kind === 'video' ? p.video : p.audio;
    el.srcObject = new MediaStream([track]);
    el.play?.().catch(() => {});
  }

  leave() {
    this.state = 'left';
    this.signal?.send({ type: 'leave' });
    this.signal?.close();
    this.finish('You left the meeting.');
  }

  finish(message) {
    if (this.root.dataset.state === 'ended') return;
    this.root.dataset.state = 'ended';
    this.media?.close();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.root.innerHTML = `<div class="card"><h1>${message.replace(/[<>&]/g, '')}</h1><p><a href="/">Back to start</a></p></div>`;
  }

  /** For tests and diagnostics: participants and what is received from each. */
  async snapshot() {
    return {
      state: this.state,
      self: this.self,
      participants: [...this.participants.values()].map((p) => ({ id: p.id, displayName: p.displayName })),
      remote: this.media ? await this.media.remoteStats() : [],
    };
  }
}
