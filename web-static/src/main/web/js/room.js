// The meeting room: waiting room, local preview, tiles, controls, screen sharing, chat,
// participants and host controls, raised hands and reactions. The server decides; this page
// shows what it decided.
import { Signal } from './signal.js';
import { MediaSession } from './media.js';
import { el, toast } from './ui/dom.js';
import { ChatPanel } from './ui/chat.js';
import { ParticipantsPanel } from './ui/participants.js';
import { Tiles } from './ui/tiles.js';
import { mediaErrorMessage } from './pages/lobby.js';

const REACTIONS = ['👍', '👏', '😂', '❤️', '😮', '🎉'];

export class Room extends EventTarget {
  constructor(root, grant, options = {}) {
    super();
    this.root = root;
    this.grant = grant;
    this.options = options;
    this.maxHeight = options.maxHeight ?? 720;
    this.iceTransport = options.iceTransport ?? 'all';
    this.participants = new Map(); // id -> {id, displayName, role, muted, cameraOff}
    this.state = 'connecting';
    this.self = null;
    this.policy = null;
    this.waitingQueue = [];
    this.hands = [];
    this.micMuted = false;
    this.camOff = false;
    this.screenTransceivers = null;
  }

  async start() {
    this.stream = this.options.stream ?? null;
    if (!this.stream) {
      try {
        this.stream = await navigator.mediaDevices.getUserMedia({
          audio: true, video: { width: { ideal: Math.round(this.maxHeight * 16 / 9) }, height: { ideal: this.maxHeight } },
        });
      } catch (e) {
        toast(mediaErrorMessage(e));
        this.stream = new MediaStream();
      }
    }
    this.signal = new Signal(this.grant.signalingUrl);
    await this.signal.open();
    this.listen();
    const first = new Promise((resolve, reject) => {
      for (const type of ['welcome', 'waiting', 'refused']) {
        this.signal.addEventListener(type, (e) => resolve(e.detail), { once: true });
      }
      // A refused token or resume secret: an error, then the server closes the socket.
      this.signal.addEventListener('error', (e) => reject(Object.assign(new Error(e.detail.message), { code: e.detail.code })), { once: true });
      this.signal.addEventListener('close', () => reject(new Error('Connection closed')), { once: true });
    });
    this.signal.send({ type: 'join', token: this.grant.token, resume: this.grant.resume });
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
    this.resumeToken = welcome.resumeToken; // takes this session back after a network blip (app.js)
    this.policy = welcome.policy;
    this.hands = welcome.raisedHands ?? [];
    this.recording = welcome.recording ?? { active: false };
    welcome.participants.forEach((p) => this.addParticipant(p));
    welcome.chatHistory?.forEach((m) => this.chat.add(m, this.self.id, (id) => this.nameOf(id)));
    this.media = new MediaSession(this.signal, { iceTransport: this.iceTransport });
    this.media.addEventListener('remotetrack', (e) => this.tiles.attach(e.detail.info, e.detail.track,
      this.participants.get(e.detail.info.participantId)?.displayName ?? ''));
    this.media.addEventListener('remotetrackended', (e) => this.tiles.detach(e.detail.info));
    // In a webinar, attendees watch: they send nothing until a host makes them a panelist.
    this.viewer = !!this.policy?.webinar && welcome.role === 'attendee';
    this.setViewerControls();
    if (!this.viewer) await this.publishCamera();
    if (welcome.muteOnEntry || this.options.joinMuted) this.setMic(true, true);
    if (this.options.cameraOff) this.setCam(true);
    if (this.options.speaker) this.tiles.setSinkId(this.options.speaker);
    this.state = 'joined';
    this.root.dataset.state = 'joined';
    this.refreshPanels();
    this.statsTimer = setInterval(() => this.watchStats().catch(() => {}), 1000);
  }

  async publishCamera() {
    const [audio] = this.stream.getAudioTracks();
    const [video] = this.stream.getVideoTracks();
    const sources = [];
    if (audio) sources.push({ track: audio, source: 'microphone' });
    if (video) sources.push({ track: video, source: 'camera', simulcast: this.options.simulcast !== false });
    if (sources.length) await this.media.publish(this.stream, sources);
  }

  setViewerControls() {
    for (const id of ['#mic', '#cam', '#share']) {
      const b = this.root.querySelector(id);
      if (b) b.hidden = this.viewer;
    }
  }

  listen() {
    const on = (type, fn) => this.signal.addEventListener(type, (e) => fn(e.detail));
    on('participantJoined', (m) => { this.addParticipant(m.participant); this.refreshPanels(); });
    on('participantLeft', (m) => { this.removeParticipant(m.participantId); this.refreshPanels(); });
    on('participantRenamed', (m) => this.rename(m.participantId, m.displayName));
    on('roleChanged', (m) => this.roleChanged(m.participantId, m.role));
    on('policy', (m) => { this.policy = m.policy; this.refreshPanels(); });
    on('recording', (m) => {
      const was = this.recording?.active;
      this.recording = m.recording;
      if (m.recording.active && !was) toast(`${m.recording.startedBy ?? 'The host'} started recording this meeting`);
      if (!m.recording.active && was) toast('Recording stopped. The host finds it under Recordings.');
      this.refreshPanels();
    });
    on('waitingRoom', (m) => { this.waitingQueue = m.queue; this.refreshPanels(); });
    on('trackMuted', (m) => {
      const p = this.participants.get(m.participantId);
      if (!p) return;
      if (m.source === 'microphone') p.muted = m.muted;
      if (m.source === 'camera') p.cameraOff = m.muted;
      this.refreshPanels();
    });
    on('trackPublished', (m) => {
      const p = this.participants.get(m.participantId);
      if (p && m.track.source === 'camera') { p.cameraOff = m.track.muted; this.refreshPanels(); }
    });
    on('mediaBlocked', (m) => this.blocked(m));
    on('unmuteRequested', (m) => toast(`${m.by} asks you to unmute`, { label: 'Unmute', run: () => this.setMic(false, true) }));
    on('chat', (m) => this.chat?.add(m.message, this.self?.id, (id) => this.nameOf(id)));
    on('hands', (m) => { this.hands = m.queue; this.refreshPanels(); });
    on('dominantSpeaker', (m) => this.tiles?.setSpeaking(m.participantId === this.self?.id ? 'self' : m.participantId));
    on('reaction', (m) => this.tiles?.react(m.participantId === this.self?.id ? 'self' : m.participantId, m.emoji));
    on('removed', (m) => { this.removedBy = m; });
    on('meetingEnded', () => { this.endedByHost = true; this.finish('The meeting has ended.'); });
    on('error', (m) => { if (this.state === 'joined') toast(m.message); });
    on('close', (e) => {
      if (e.reason === 'replaced') this.finish('You joined this meeting from another window.');
      else if (this.removedBy) this.finish(`${this.removedBy.by} removed you from the meeting.`);
      else if (this.state === 'left' || this.endedByHost) this.finish(this.state === 'left' ? 'You left the meeting.' : 'The meeting has ended.');
      else if (this.state === 'joined') this.reconnect();
      else this.finish('Disconnected from the meeting.');
    });
  }

  render() {
    this.chat = new ChatPanel(this);
    this.people = new ParticipantsPanel(this);
    this.grid = el('div', { class: 'grid', id: 'grid' });
    this.tiles = new Tiles(this.grid, (ids) => {
      // Only the cameras on this page are sent to us (null: everyone fits on one page).
      const key = ids === null ? 'all' : [...ids].sort().join(',');
      if (key === this.viewKey) return;
      this.viewKey = key;
      this.signal?.send({ type: 'viewVideo', participantIds: ids });
    }, (sizes) => {
      // How big each camera is drawn: the SFU picks the simulcast layer that fills it.
      this.signal?.send({ type: 'videoSizes', sizes });
    });
    const self = this.tiles.add({ id: 'self', displayName: 'You' });
    self.tile.classList.add('self');
    self.tile.id = 'self-tile';
    this.selfVideo = self.video;
    this.selfVideo.muted = true;
    const button = (id, label, title, onclick) => el('button', { id, title, 'aria-pressed': 'false', onclick }, label);
    this.peopleButton = button('people', 'Participants', 'Participants', () => { this.people.toggle(); this.refreshPanels(); });
    this.chatButton = button('chat-toggle', 'Chat', 'Chat', () => this.chat.toggle());
    const reactions = el('span', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' },
      ...REACTIONS.map((r) => el('button', { class: 'reaction-button', 'aria-label': `React ${r}`, onclick: () => this.signal.send({ type: 'react', emoji: r }) }, r)));
    this.settings = this.renderSettings();
    const controls = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Meeting controls' },
      button('mic', 'Mute', 'Mute microphone (Ctrl+D)', () => this.setMic(!this.micMuted, true)),
      button('cam', 'Stop video', 'Stop camera (Ctrl+E)', () => this.setCam(!this.camOff)),
      button('share', 'Share screen', 'Share your screen, a window or a tab', () => this.toggleShare()),
      button('hand', 'Raise hand', 'Raise or lower your hand (Alt+Y)', () => this.signal.send({ type: 'hand', raised: !this.hands.includes(this.self.id) })),
      reactions,
      this.recordButton = button('record', 'Record', 'Record the meeting (host and co-hosts)', () => this.toggleRecording()),
      button('layout', 'Speaker view', 'Switch between grid and speaker view', () => this.toggleLayout()),
      this.peopleButton, this.chatButton,
      button('settings-toggle', 'Settings', 'Devices', () => { this.settings.hidden = !this.settings.hidden; }),
      el('button', { id: 'leave', class: 'danger', onclick: () => this.leave() }, 'Leave'));
    // Everyone sees that the meeting is recorded, as in Zoom: a red dot and a live region.
    this.recordingBadge = el('div', { id: 'recording-indicator', class: 'recording-indicator', role: 'status', 'aria-live': 'polite', hidden: true },
      el('span', { class: 'rec-dot', 'aria-hidden': 'true' }), 'Recording');
    this.root.replaceChildren(el('section', { class: 'room', 'aria-label': 'Meeting' }, this.recordingBadge,
      el('div', { class: 'stage' }, el('div', { class: 'gallery' }, this.grid, this.tiles.pager),
        this.people.element, this.chat.element, this.settings), controls));
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey && e.key === 'd') { e.preventDefault(); this.setMic(!this.micMuted, true); }
      if (e.ctrlKey && e.key === 'e') { e.preventDefault(); this.setCam(!this.camOff); }
      if (e.altKey && e.key === 'y') { e.preventDefault(); this.root.querySelector('#hand')?.click(); }
    });
  }

  renderSettings() {
    const select = (id, label, kind, apply) => {
      const s = el('select', { id, 'aria-label': label });
      navigator.mediaDevices.enumerateDevices().then((list) => {
        s.replaceChildren(...list.filter((d) => d.kind === kind).map((d, i) => el('option', { value: d.deviceId }, d.label || `${label} ${i + 1}`)));
      });
      s.onchange = () => apply(s.value).catch((e) => toast(mediaErrorMessage(e)));
      return [el('label', { for: id }, label), s];
    };
    return el('section', { class: 'panel settings', 'aria-label': 'Devices', hidden: true }, el('h2', {}, 'Devices'),
      ...select('set-camera', 'Camera', 'videoinput', (id) => this.switchDevice('video', id)),
      ...select('set-mic', 'Microphone', 'audioinput', (id) => this.switchDevice('audio', id)),
      ...select('set-speaker', 'Speaker', 'audiooutput', async (id) => this.tiles.setSinkId(id)));
  }

  /** Swaps camera or microphone in the call: replaceTrack, no renegotiation. */
  async switchDevice(kind, deviceId) {
    const s = await navigator.mediaDevices.getUserMedia(kind === 'video'
      ? { video: { deviceId: { exact: deviceId }, height: { ideal: this.maxHeight } } } : { audio: { deviceId: { exact: deviceId } } });
    const [track] = kind === 'video' ? s.getVideoTracks() : s.getAudioTracks();
    const old = kind === 'video' ? this.stream.getVideoTracks() : this.stream.getAudioTracks();
    old.forEach((t) => { this.stream.removeTrack(t); t.stop(); });
    track.enabled = kind === 'video' ? !this.camOff : !this.micMuted;
    this.stream.addTrack(track);
    await this.media.replace(kind === 'video' ? 'camera' : 'microphone', track);
    this.selfVideo.srcObject = this.stream;
  }

  async toggleShare() {
    const b = this.root.querySelector('#share');
    if (this.screenTransceivers) {
      const trs = this.screenTransceivers;
      this.screenTransceivers = null;
      b.setAttribute('aria-pressed', 'false');
      b.textContent = 'Share screen';
      await this.media.unpublish(trs);
      return;
    }
    let screen;
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch (e) {
      if (e.name !== 'NotAllowedError') toast(`Cannot share the screen: ${e.message}`);
      return;
    }
    const sources = [{ track: screen.getVideoTracks()[0], source: 'screen' }];
    if (screen.getAudioTracks()[0]) sources.push({ track: screen.getAudioTracks()[0], source: 'screenAudio' });
    try {
      this.screenTransceivers = await this.media.publish(screen, sources);
    } catch (e) {
      screen.getTracks().forEach((t) => t.stop());
      toast(e.message);
      return;
    }
    b.setAttribute('aria-pressed', 'true');
    b.textContent = 'Stop sharing';
    // "Stop sharing" in the browser's own bar ends the track.
    screen.getVideoTracks()[0].addEventListener('ended', () => { if (this.screenTransceivers) this.toggleShare(); });
  }

  toggleLayout() {
    const speaker = this.grid.classList.toggle('speaker-view');
    const b = this.root.querySelector('#layout');
    b.textContent = speaker ? 'Grid view' : 'Speaker view';
    b.setAttribute('aria-pressed', String(speaker));
    this.tiles.layout();
  }

  /** Every second: each tile's connection quality (the active speaker comes from the server). */
  async watchStats() {
    if (!this.media) return;
    const stats = await this.media.remoteStats();
    const perParticipant = new Map();
    for (const s of stats) {
      if (!s.participantId) continue;
      const q = perParticipant.get(s.participantId) ?? { lost: 0, received: 0, jitter: 0 };
      q.lost += s.packetsLost;
      q.received += s.packetsReceived;
      q.jitter = Math.max(q.jitter, s.jitter);
      perParticipant.set(s.participantId, q);
    }
    for (const [id, q] of perParticipant) {
      const prev = this.lastQuality?.get(id) ?? { lost: 0, received: 0 };
      const lost = q.lost - prev.lost;
      const total = lost + q.received - prev.received;
      const ratio = total > 0 ? lost / total : 0;
      this.tiles.quality(id, ratio > 0.08 || q.jitter > 0.1 ? 'poor' : ratio > 0.02 || q.jitter > 0.04 ? 'fair' : 'good');
    }
    this.lastQuality = perParticipant;
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
    this.root.querySelector('#self-tile')?.classList.toggle('camera-off', off);
    this.signal.send({ type: 'mute', source: 'camera', muted: off });
  }

  blocked(m) {
    if (m.source === 'microphone' && m.blocked) {
      this.setMic(true, false);
      toast(`${m.by} muted you`);
    } else if (m.source === 'camera' && m.blocked) {
      this.setCam(true);
      toast(`${m.by} stopped your video`);
    } else if (m.source === 'screen' && m.blocked && this.screenTransceivers) {
      this.toggleShare();
      toast(`${m.by} stopped your screen share`);
    }
  }

  addParticipant(p) {
    if (this.participants.has(p.id) || p.id === this.self?.id) return;
    const muted = (p.tracks ?? []).some((t) => t.source === 'microphone' && t.muted);
    const cameraOff = (p.tracks ?? []).some((t) => t.source === 'camera' && t.muted);
    this.participants.set(p.id, { ...p, muted, cameraOff });
    this.tiles.add(p);
  }

  removeParticipant(id) {
    this.participants.delete(id);
    this.tiles.remove(id);
  }

  rename(id, name) {
    if (id === this.self?.id) this.self.displayName = name;
    const p = this.participants.get(id);
    if (p) p.displayName = name;
    this.tiles.rename(id, name);
    this.refreshPanels();
  }

  roleChanged(id, role) {
    if (id === this.self?.id) {
      this.self.role = role;
      if (this.viewer && role !== 'attendee') {
        this.viewer = false;
        this.setViewerControls();
        this.publishCamera().catch((e) => toast(e.message));
      }
      toast(role === 'host' ? 'You are now the host' : role === 'cohost' ? 'You are now a co-host' : 'You are now an attendee');
    }
    const p = this.participants.get(id);
    if (p) p.role = role;
    this.refreshPanels();
  }

  toggleRecording() {
    this.signal.send({ type: 'recording', on: !this.recording?.active });
  }

  nameOf(id) {
    return id === this.self?.id ? 'you' : this.participants.get(id)?.displayName ?? 'someone';
  }

  refreshPanels() {
    if (!this.people) return;
    for (const p of this.participants.values()) {
      this.tiles.setBadges(p.id, { muted: p.muted, hand: this.hands.includes(p.id), cameraOff: p.cameraOff });
    }
    this.tiles.setBadges('self', { muted: this.micMuted, hand: this.hands.includes(this.self?.id), cameraOff: this.camOff });
    const handButton = this.root.querySelector('#hand');
    if (handButton) {
      const up = this.hands.includes(this.self?.id);
      handButton.setAttribute('aria-pressed', String(up));
      handButton.textContent = up ? 'Lower hand' : 'Raise hand';
    }
    const rec = !!this.recording?.active;
    if (this.recordingBadge) {
      this.recordingBadge.hidden = !rec;
      this.recordingBadge.title = rec ? `Recording started by ${this.recording.startedBy ?? 'the host'}` : '';
    }
    if (this.recordButton) {
      this.recordButton.hidden = !['host', 'cohost'].includes(this.self?.role);
      this.recordButton.textContent = rec ? 'Stop recording' : 'Record';
      this.recordButton.setAttribute('aria-pressed', String(rec));
    }
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

  reconnect() {
    this.state = 'reconnecting';
    clearInterval(this.statsTimer);
    this.media?.close();
    this.root.replaceChildren(el('div', { class: 'card', role: 'status' }, el('h1', {}, 'Reconnecting…'),
      el('p', {}, 'The connection to the meeting was lost. Rejoining automatically.')));
    this.options.stream = this.stream;
    this.dispatchEvent(new Event('reconnect'));
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
    if (this.state !== 'left') this.state = 'ended';
    clearInterval(this.statsTimer);
    this.media?.close();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.root.replaceChildren(el('div', { class: 'card', role: 'status' }, el('h1', {}, message), el('p', {}, el('a', { href: '/' }, 'Back to start'))));
  }

  /** For tests and diagnostics: participants and what is received from each. */
  async snapshot() {
    return {
      state: this.state,
      self: this.self,
      hands: this.hands,
      participants: [...this.participants.values()].map((p) => ({ id: p.id, displayName: p.displayName, role: p.role })),
      remote: this.media ? await this.media.remoteStats() : [],
      local: this.media ? await this.media.localStats() : [],
    };
  }
}
