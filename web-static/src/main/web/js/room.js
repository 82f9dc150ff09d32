// The meeting room: waiting room, local preview, one tile per participant, controls, chat,
// participants and host controls. The server decides; this page shows what it decided.
import { Signal } from './signal.js';
import { MediaSession } from './media.js';
import { el, toast } from './ui/dom.js';
import { ChatPanel } from './ui/chat.js';
import { ParticipantsPanel } from './ui/participants.js';

export class Room extends EventTarget {
  constructor(root, grant, options = {}) {
    super();
    this.root = root;
    this.grant = grant;
    this.maxHeight = options.maxHeight ?? 720;
    this.iceTransport = options.iceTransport ?? 'all';
    this.participants = new Map(); // id -> {id, displayName, role, tile, video, audio, muted}
    this.state = 'connecting';
    this.self = null;
    this.policy = null;
    this.waitingQueue = [];
    this.micMuted = false;
    this.camOff = false;
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { width: { ideal: Math.round(this.maxHeight * 16 / 9) }, height: { ideal: this.maxHeight } },
    });
    this.signal = new Signal(this.grant.signalingUrl);
    await this.signal.open();
    this.listen();
    const first = new Promise((resolve, reject) => {
      for (const type of ['welcome', 'waiting', 'refused']) {
        this.signal.addEventListener(type, (e) => resolve(e.detail), { once: true });
      }
      this.signal.addEventListener('close', () => reject(new Error('Connection closed')), { once: true });
    });
    this.signal.send({ type: 'join', token: this.grant.token });
    let msg = await first;
    if (msg.type === 'waiting') {
      this.state = 'waiting';
      this.root.dataset.state = 'waiting';
      this.root.replaceChildren(el('div', { class: 'card', role: 'status' }, el('h1', {}, 'Waiting for the host'),
        el('p', {}, 'The host will let you in soon.')));
      msg = await new Promise((resolve) => {
        this.signal.addEventListener('welcome', (e) => resolve(e.detail), { once: true });
        this.signal.addEventListener('refused', (e) => resolve(e.detail), { once: true });
      });
    }
    if (msg.type === 'refused') {
      this.finish(msg.message);
      return;
    }
    await this.enter(msg);
  }

  async enter(welcome) {
    this.render();
    this.selfVideo.srcObject = this.stream;
    this.self = { id: welcome.participantId, displayName: welcome.displayName, role: welcome.role };
    this.policy = welcome.policy;
    welcome.participants.forEach((p) => this.addParticipant(p));
    welcome.chatHistory?.forEach((m) => this.chat.add(m, this.self.id, (id) => this.nameOf(id)));
    this.media = new MediaSession(this.signal, { iceTransport: this.iceTransport });
    this.media.addEventListener('remotetrack', (e) => this.attach(e.detail.info, e.detail.track));
    if (welcome.muteOnEntry) this.setMic(true, false);
    const [audio] = this.stream.getAudioTracks();
    const [video] = this.stream.getVideoTracks();
    const sources = [];
    if (audio) sources.push({ track: audio, source: 'microphone' });
    if (video) sources.push({ track: video, source: 'camera' });
    await this.media.publish(this.stream, sources);
    this.state = 'joined';
    this.root.dataset.state = 'joined';
    this.refreshPanels();
  }

  listen() {
    const on = (type, fn) => this.signal.addEventListener(type, (e) => fn(e.detail));
    on('participantJoined', (m) => { this.addParticipant(m.participant); this.refreshPanels(); });
    on('participantLeft', (m) => { this.removeParticipant(m.participantId); this.refreshPanels(); });
    on('participantRenamed', (m) => this.rename(m.participantId, m.displayName));
    on('roleChanged', (m) => this.roleChanged(m.participantId, m.role));
    on('policy', (m) => { this.policy = m.policy; this.refreshPanels(); });
    on('waitingRoom', (m) => { this.waitingQueue = m.queue; this.refreshPanels(); this.updateBadges(); });
    on('trackMuted', (m) => {
      const p = this.participants.get(m.participantId);
      if (p && m.source === 'microphone') { p.muted = m.muted; this.refreshPanels(); }
    });
    on('mediaBlocked', (m) => this.blocked(m));
    on('unmuteRequested', (m) => toast(`${m.by} asks you to unmute`, { label: 'Unmute', run: () => this.setMic(false, true) }));
    on('chat', (m) => this.chat?.add(m.message, this.self?.id, (id) => this.nameOf(id)));
    on('removed', (m) => { this.removedBy = m; });
    on('meetingEnded', () => this.finish('The meeting has ended.'));
    on('error', (m) => { if (this.state === 'joined') toast(m.message); });
    on('close', () => {
      if (this.removedBy) this.finish(`${this.removedBy.by} removed you from the meeting.`);
      else this.finish(this.state === 'left' ? 'You left the meeting.' : 'Disconnected from the meeting.');
    });
  }

  render() {
    this.chat = new ChatPanel(this);
    this.people = new ParticipantsPanel(this);
    const button = (id, label, title, onclick) => el('button', { id, title, 'aria-pressed': 'false', onclick }, label);
    this.grid = el('div', { class: 'grid', id: 'grid' },
      el('figure', { class: 'tile self', id: 'self-tile' }, el('video', { autoplay: true, playsinline: true, muted: true, 'aria-label': 'Your camera' }),
        el('figcaption', { class: 'name' }, 'You')));
    this.selfVideo = this.grid.querySelector('video');
    this.selfVideo.muted = true;
    this.peopleButton = button('people', 'Participants', 'Participants', () => { this.people.toggle(); this.refreshPanels(); });
    this.chatButton = button('chat-toggle', 'Chat', 'Chat', () => this.chat.toggle());
    const controls = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Meeting controls' },
      button('mic', 'Mute', 'Mute microphone (Ctrl+D)', () => this.setMic(!this.micMuted, true)),
      button('cam', 'Stop video', 'Stop camera (Ctrl+E)', () => this.setCam(!this.camOff)),
      this.peopleButton, this.chatButton,
      el('button', { id: 'leave', class: 'danger', onclick: () => this.leave() }, 'Leave'));
    this.root.replaceChildren(el('section', { class: 'room', 'aria-label': 'Meeting' },
      el('div', { class: 'stage' }, this.grid, this.people.element, this.chat.element), controls));
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey && e.key === 'd') { e.preventDefault(); this.setMic(!this.micMuted, true); }
      if (e.ctrlKey && e.key === 'e') { e.preventDefault(); this.setCam(!this.camOff); }
    });
  }

  /** Mutes or unmutes the microphone; {@code tell} sends it to the server (which may refuse an unmute). */
  setMic(muted, tell) {
    this.micMuted = muted;
    this.stream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
    const b = this.root.querySelector('#mic');
    if (b) {
      b.setAttribute('aria-pressed', String(muted));
      b.textContent = muted ? 'Unmute' : 'Mute';
    }
    if (tell) this.signal.send({ type: 'mute', source: 'microphone', muted });
  }

  setCam(off) {
    this.camOff = off;
    this.stream.getVideoTracks().forEach((t) => { t.enabled = !off; });
    const b = this.root.querySelector('#cam');
    b.setAttribute('aria-pressed', String(off));
    b.textContent = off ? 'Start video' : 'Stop video';
    this.signal.send({ type: 'mute', source: 'camera', muted: off });
  }

  blocked(m) {
    if (m.source === 'microphone' && m.blocked) {
      this.setMic(true, false);
      toast(`${m.by} muted you`);
    } else if (m.source === 'camera' && m.blocked) {
      this.camOff = true;
      this.stream.getVideoTracks().forEach((t) => { t.enabled = false; });
      const b = this.root.querySelector('#cam');
      if (b) { b.setAttribute('aria-pressed', 'true'); b.textContent = 'Start video'; }
      toast(`${m.by} stopped your video`);
    } else if (m.source === 'screen' && m.blocked) {
      toast(`${m.by} stopped your screen share`);
    }
  }

  addParticipant(p) {
    if (this.participants.has(p.id) || p.id === this.self?.id) return;
    const tile = el('figure', { class: 'tile', 'data-participant-id': p.id },
      el('video', { autoplay: true, playsinline: true, 'aria-label': `${p.displayName}'s video` }), el('audio', { autoplay: true }),
      el('figcaption', { class: 'name' }, p.displayName));
    this.grid.appendChild(tile);
    const muted = (p.tracks ?? []).some((t) => t.source === 'microphone' && t.muted);
    this.participants.set(p.id, { ...p, muted, tile, video: tile.querySelector('video'), audio: tile.querySelector('audio') });
  }

  removeParticipant(id) {
    const p = this.participants.get(id);
    if (!p) return;
    p.tile.remove();
    this.participants.delete(id);
  }

  rename(id, name) {
    if (id === this.self?.id) this.self.displayName = name;
    const p = this.participants.get(id);
    if (p) {
      p.displayName = name;
      p.tile.querySelector('.name').textContent = name;
    }
    this.refreshPanels();
  }

  roleChanged(id, role) {
    if (id === this.self?.id) {
      this.self.role = role;
      toast(role === 'host' ? 'You are now the host' : role === 'cohost' ? 'You are now a co-host' : 'You are now an attendee');
    }
    const p = this.participants.get(id);
    if (p) p.role = role;
    this.refreshPanels();
  }

  nameOf(id) {
    return id === this.self?.id ? 'you' : this.participants.get(id)?.displayName ?? 'someone';
  }

  refreshPanels() {
    if (!this.people) return;
    this.people.render();
    this.chat.setParticipants([...this.participants.values()], this.self?.id);
    this.updateBadges();
  }

  updateBadges() {
    if (this.chatButton) this.chatButton.textContent = this.chat.unread ? `Chat (${this.chat.unread})` : 'Chat';
    if (this.peopleButton) {
      const waiting = this.people?.moderator ? this.waitingQueue.length : 0;
      this.peopleButton.textContent = waiting ? `Participants (${waiting} waiting)` : 'Participants';
    }
  }

  attach(info, track) {
    const p = this.participants.get(info.participantId);
    if (!p) return;
    const target = track.kind === 'video' ? p.video : p.audio;
    target.srcObject = new MediaStream([track]);
    target.play?.().catch(() => {});
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
    this.state = 'ended';
    this.media?.close();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.root.replaceChildren(el('div', { class: 'card', role: 'status' }, el('h1', {}, message), el('p', {}, el('a', { href: '/' }, 'Back to start'))));
  }

  /** For tests and diagnostics: participants and what is received from each. */
  async snapshot() {
    return {
      state: this.state,
      self: this.self,
      participants: [...this.participants.values()].map((p) => ({ id: p.id, displayName: p.displayName, role: p.role })),
      remote: this.media ? await this.media.remoteStats() : [],
    };
  }
}
