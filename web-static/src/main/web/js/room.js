// The meeting room: joins through the signaling socket, keeps the room's state in a store
// (room/store.js) that the server's messages update (room/handlers.js), and builds the views
// that render it (ui/stage, toolbar, chat, participants, breakouts, settings, banners). The server
// decides; this page shows what it decided. Everything a room opens or listens to ends with
// its lifetime (room/lifetime.js): dispose() stops its tracks, closes its connections and
// removes its listeners, and a reconnect builds a fresh room (app.js).
import { Signal } from './signal.js';
import { MediaSession } from './media.js';
import { el, toast } from './ui/dom.js';
import { t } from './i18n.js';
import { serverText } from './server-errors.js';
import { ChatPanel } from './ui/chat.js';
import { CaptionsPanel, captionsOverlay } from './ui/captions.js';
import { ParticipantsPanel } from './ui/participants.js';
import { BreakoutPanel } from './ui/breakouts.js';
import { breakoutBar } from './ui/breakout-bar.js';
import { stageView } from './ui/stage.js';
import { toolbarView } from './ui/toolbar.js';
import { headerView } from './ui/header.js';
import { installShortcuts, showShortcutsDialog } from './ui/shortcuts.js';
import { phoneMode } from './ui/phone.js';
import { settingsView } from './ui/settings.js';
import { e2eeBanner, endedCard, reconnectingCard, recordingBanner, waitingCard } from './ui/banners.js';
import { Store, initialState, isModerator } from './room/store.js';
import { enterRoom, handleMessages } from './room/handlers.js';
import { onDispose } from './room/lifetime.js';
import { mark, watchNetwork } from './room/network.js';
import { E2eeSession, e2eeSupported, usesEncodedStreams } from './e2ee/session.js';
import { openCameraAndMic, openDevice } from './room/devices.js';
import { LocalEffects } from './effects/local.js';
import { storedBackground, storedNoiseSuppression } from './effects/store.js';
import { watchQuality } from './room/stats.js';

export class Room extends EventTarget {
  constructor(root, grant, options = {}) {
    super();
    this.root = root;
    this.grant = grant;
    this.options = options;
    this.maxHeight = options.maxHeight ?? 720;
    this.iceTransport = options.iceTransport ?? 'all';
    // After a reconnect, the view the person had chosen (app.js; the pin is dropped in stage.js if they left meanwhile).
    this.store = new Store({ ...initialState(), ...options.view });
    this.disposer = new AbortController();
    this.lifetime = this.disposer.signal;
    this.screen = null; // {stream, transceivers} while sharing
  }

  // Read by app.js and by tests (window.zvc.room).
  get state() { return this.store.state.connection; }
  get self() { return this.store.state.self; }
  get recording() { return this.store.state.recording; }

  async start() {
    // The lobby's camera and microphone with their effects; after a reconnect, opened again here.
    this.effects = this.options.effects ?? new LocalEffects(this.options.stream ?? await openCameraAndMic(this.maxHeight), toast);
    this.effects.notice = toast; // the lobby's effects told the lobby; in the call notices are toasts
    this.stream = this.effects.stream;
    mark('camera and microphone');
    // The lobby's preview stream stays the lobby's until the server answers the join.
    if (!this.options.effects) {
      this.ownStream();
      await this.effects.setNoiseSuppression(storedNoiseSuppression());
      await this.effects.setBackground(storedBackground());
    }
    this.signal = new Signal(this.grant.signalingUrl);
    onDispose(this.lifetime, () => this.signal.close());
    await this.signal.open();
    mark('socket open');
    handleMessages(this.signal, this.store, this, this.lifetime);
    const once = { once: true, signal: this.lifetime };
    const first = new Promise((resolve, reject) => {
      for (const type of ['welcome', 'waiting', 'refused']) this.signal.addEventListener(type, (e) => resolve(e.detail), once);
      // A refused token or resume secret: an error, then the server closes the socket.
      this.signal.addEventListener('error', (e) => reject(Object.assign(new Error(serverText(e.detail.code, e.detail.message)), { code: e.detail.code })), once);
      this.signal.addEventListener('close', () => reject(new Error(t('Connection closed'))), once);
    });
    // A resume offers to keep the peer connections of the room before (options.media): the server says in welcome.mediaKept.
    this.signal.send({ type: 'join', token: this.grant.token, resume: this.grant.resume, keepMedia: !!this.options.media });
    let msg = await first;
    this.ownStream();
    if (msg.type === 'waiting') {
      this.store.set({ connection: 'waiting' });
      this.root.dataset.state = 'waiting';
      this.root.replaceChildren(waitingCard({ title: this.options.title, stream: this.stream, leave: () => this.leave() }));
      msg = await new Promise((resolve) => {
        for (const type of ['welcome', 'refused']) this.signal.addEventListener(type, (e) => resolve(e.detail), once);
      });
    }
    if (msg.type === 'refused') {
      this.finish(serverText(msg.code, msg.message));
      return;
    }
    await this.enter(msg);
  }

  /** From now on this room stops the local stream when it is disposed, unless it lent it to a rejoin. */
  ownStream() {
    if (this.streamOwned) return;
    this.streamOwned = true;
    onDispose(this.lifetime, () => { if (!this.streamLent) this.effects.stop(); });
  }

  async enter(welcome) {
    mark('welcome');
    this.resumeToken = welcome.resumeToken; // takes this session back after a network blip (app.js)
    // The meeting's start by this browser's clock: the server says how long it has been live, so a skewed clock does not matter.
    this.since = Date.now() - (welcome.meetingElapsedMs ?? 0);
    this.store.set({
      self: { id: welcome.participantId, displayName: welcome.displayName, role: welcome.role },
      // In a webinar, attendees watch: they send nothing until a host makes them a panelist.
      viewer: !!welcome.policy?.webinar && welcome.role === 'attendee',
    });
    // The room part of welcome: the main room, or the breakout a resumed participant lands back in.
    enterRoom(this.store, welcome);
    this.captionsOnEntry(welcome.captions);
    if (welcome.policy?.e2ee && !this.startE2ee(welcome)) return;
    this.render();
    this.store.set({ localStream: this.stream });
    const kept = welcome.mediaKept ? this.options.media : null;
    if (kept) {
      // The same peer connections on the new socket: same DTLS and SRTP, an ICE restart below.
      this.media = kept;
      kept.bind(this.signal);
      this.store.set({ remoteTracks: new Map(kept.remote) });
    } else {
      this.options.media?.close();
      this.media = new MediaSession(this.signal, { iceTransport: this.iceTransport, iceServers: welcome.iceServers,
        e2ee: this.e2ee, encodedStreams: usesEncodedStreams() });
    }
    onDispose(this.lifetime, () => { if (this.mediaLent !== this.media) this.media.close(); });
    // Effects turned on or off in the call swap the sent track: replaceTrack, no renegotiation.
    this.effects.onreplace = async (kind, track) => {
      await this.media.replace(kind === 'video' ? 'camera' : 'microphone', track);
      this.store.set({ localStream: new MediaStream(this.stream.getTracks()) });
    };
    this.media.addEventListener('remotetrack', (e) => {
      this.store.set({ remoteTracks: new Map(this.store.state.remoteTracks).set(e.detail.info.mid, e.detail) });
    }, { signal: this.lifetime });
    this.media.addEventListener('remotetrackended', (e) => {
      const remoteTracks = new Map(this.store.state.remoteTracks);
      for (const [mid, t] of remoteTracks) if (t.info === e.detail.info) remoteTracks.delete(mid);
      this.store.set({ remoteTracks });
    }, { signal: this.lifetime });
    this.media.addEventListener('candidate', (e) => mark(`${e.detail.pc} host candidate ${e.detail.address}`), { signal: this.lifetime });
    this.media.addEventListener('path', (e) => mark(`${e.detail.pc} path from ${e.detail.local}`), { signal: this.lifetime });
    if (kept) {
      // The server restarts the subscribe side's ICE in its next offer; the publish side restarts here.
      await kept.restartIce({ subscribe: false });
      mark('peer connections kept: ICE restart answered');
    } else {
      if (!this.store.state.viewer) await this.publishCamera();
      mark('publish offer answered');
    }
    if (welcome.muteOnEntry || this.options.joinMuted) this.setMic(true, true);
    if (this.options.cameraOff) this.setCam(true);
    if (this.options.speaker) this.setSpeaker(this.options.speaker);
    this.store.set({ connection: 'joined' });
    this.root.dataset.state = 'joined';
    watchQuality(this.media, this.store, this.lifetime);
    watchNetwork(this, this.media, this.signal, this.lifetime);
  }

  /** Starts end-to-end encryption (before any track is sent or received); false if this browser cannot. */
  startE2ee(welcome) {
    if (!e2eeSupported()) {
      this.signal.send({ type: 'leave' });
      this.finish(t('This meeting is end-to-end encrypted, and this browser cannot encrypt media. Use a current Chrome, Edge, Firefox or Safari.'));
      return false;
    }
    this.e2ee = new E2eeSession(this.signal, welcome.participantId,
      { passphrase: this.options.e2eePassphrase ?? '', meetingId: this.options.meetingId ?? '' });
    const show = () => this.store.set({ e2ee: { ready: this.e2ee.ready, safetyCode: this.e2ee.safetyCode, error: this.e2ee.error } });
    this.e2ee.addEventListener('change', show, { signal: this.lifetime });
    this.e2ee.start((welcome.participants ?? []).map((p) => p.id), this.lifetime);
    return true;
  }

  render() {
    const send = (msg) => this.signal?.send(msg);
    const { grid, tiles } = stageView(this.store, send, this.lifetime);
    this.tiles = tiles;
    this.chat = new ChatPanel(this.store, send, this.lifetime);
    this.people = new ParticipantsPanel(this.store, send, this.lifetime);
    this.breakouts = new BreakoutPanel(this.store, send, this.lifetime);
    this.captions = new CaptionsPanel(this.store, send, this.lifetime);
    const { bar, banner } = breakoutBar(this.store, this, this.lifetime);
    this.settings = settingsView(this);
    const controls = toolbarView(this.store, this, this.lifetime);
    const header = headerView(this.store, { title: this.options.title, passcodeRequired: this.options.passcodeRequired, since: this.since }, this,
      recordingBanner(this.store, this.lifetime), this.lifetime);
    const room = el('section', { class: 'room', 'aria-label': t('Meeting') }, header, e2eeBanner(this.store, this.lifetime), bar, banner,
      el('div', { class: 'stage' }, el('div', { class: 'gallery' }, grid, tiles.pager, captionsOverlay(this.store, this.lifetime)),
        this.people.element, this.breakouts.element, this.chat.element, this.captions.element, this.settings), controls);
    this.root.replaceChildren(room);
    installShortcuts(this, this.lifetime);
    this.phone = phoneMode(room, this.store, tiles, [this.people.element, this.chat.element, this.breakouts.element, this.captions.element, this.settings], this.lifetime);
  }

  async publishCamera() {
    const [audio] = this.stream.getAudioTracks();
    const [video] = this.stream.getVideoTracks();
    const sources = [];
    if (audio) sources.push({ track: audio, source: 'microphone' });
    if (video) sources.push({ track: video, source: 'camera', simulcast: this.options.simulcast !== false });
    if (sources.length) await this.media.publish(this.stream, sources);
  }

  // Actions: the toolbar, the keyboard shortcuts and the message handlers call these.

  /** Mutes or unmutes the microphone; {@code tell} sends it to the server (which may refuse an unmute). */
  setMic(muted, tell) {
    if (this.lifetime.aborted) return;
    this.stream.getAudioTracks().forEach((t) => { t.enabled = !muted; });
    this.store.set({ micMuted: muted });
    if (tell) this.signal.send({ type: 'mute', source: 'microphone', muted });
  }

  setCam(off) {
    if (this.lifetime.aborted) return;
    this.stream.getVideoTracks().forEach((t) => { t.enabled = !off; });
    this.store.set({ camOff: off });
    this.signal.send({ type: 'mute', source: 'camera', muted: off });
  }

  toggleMic() { this.setMic(!this.store.state.micMuted, true); }
  toggleCam() { this.setCam(!this.store.state.camOff); }
  toggleHand() { this.signal.send({ type: 'hand', raised: !this.store.state.hands.includes(this.self.id) }); }
  sendReaction(emoji) { this.signal.send({ type: 'react', emoji }); }
  react(participantId, emoji) { this.tiles?.react(participantId, emoji); }
  toggleRecording() { this.signal.send({ type: 'recording', on: !this.recording?.active }); }
  /**
   * Shows or hides live captions for this page; a host showing them in a meeting without captions
   * turns them on for everyone (the server refuses in an end-to-end encrypted meeting).
   */
  toggleCaptions() {
    const show = !this.store.state.captionsShown;
    const msg = { type: 'captions', show };
    if (show && !this.store.state.captionsOn && isModerator(this.store.state)) msg.enabled = true;
    this.signal.send(msg);
    this.store.set({ captionsShown: show });
  }
  /**
   * Joining a captioned meeting: a page that showed captions before reconnecting shows them again;
   * anyone else is told captions are on (the CC button and the history panel show it too).
   */
  captionsOnEntry(captions) {
    if (!captions?.on) return;
    if (this.options.showCaptions && !captions.shown) {
      this.signal.send({ type: 'captions', show: true });
      this.store.set({ captionsShown: true });
    } else if (!captions.shown) {
      toast(t('Live captions are on in this meeting. Press CC to show them.'));
    }
  }

  /** Opens or closes the caption history. */
  toggleCaptionHistory() { this.captions.element.hidden = !this.captions.element.hidden; }
  toggleLayout() { this.store.set({ speakerView: !this.store.state.speakerView }); }
  togglePeople() {
    if (this.phone?.active() && !this.chat.element.hidden) this.chat.toggle(); // one sheet at a time on a phone
    this.people.toggle();
  }
  toggleChat() {
    if (this.phone?.active() && !this.people.element.hidden) this.people.toggle();
    this.chat.toggle();
  }
  showShortcuts() { showShortcutsDialog(); }
  endForAll() { this.signal.send({ type: 'endMeeting' }); }
  toggleBreakouts() { this.breakouts.toggle(); }
  /** Moves to breakout room {@code roomId} or 'main' (hosts and co-hosts anywhere; others when they may choose). */
  joinBreakout(roomId) { this.signal.send({ type: 'breakoutsJoin', roomId }); }
  askForHelp() {
    this.signal.send({ type: 'breakoutsHelp' });
    toast('You asked the hosts for help');
  }
  returnToMain() { this.signal.send({ type: 'breakoutsReturn' }); }
  toggleSettings() { this.settings.hidden = !this.settings.hidden; }
  async setSpeaker(deviceId) {
    this.speaker = deviceId;
    this.tiles.setSinkId(deviceId);
  }

  /** A host made this attendee a panelist: start sending. */
  becamePanelist() {
    this.publishCamera().catch((e) => toast(e.message));
  }

  /** Swaps camera or microphone in the call: replaceTrack, no renegotiation. */
  async switchDevice(kind, deviceId) {
    await this.effects.replaceRaw(kind, await openDevice(kind, deviceId, this.maxHeight));
    this.store.set({ localStream: new MediaStream(this.stream.getTracks()) });
  }

  async toggleShare() {
    if (this.screen) {
      await this.stopShare();
      return;
    }
    let screen;
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    } catch (e) {
      if (e.name !== 'NotAllowedError') toast(t('Cannot share the screen: {reason}', { reason: e.message }));
      return;
    }
    const sources = [{ track: screen.getVideoTracks()[0], source: 'screen' }];
    if (screen.getAudioTracks()[0]) sources.push({ track: screen.getAudioTracks()[0], source: 'screenAudio' });
    let transceivers;
    try {
      transceivers = await this.media.publish(screen, sources);
    } catch (e) {
      screen.getTracks().forEach((t) => t.stop());
      toast(e.message);
      return;
    }
    this.screen = { stream: screen, transceivers };
    this.store.set({ sharing: true });
    // "Stop sharing" in the browser's own bar ends the track.
    screen.getVideoTracks()[0].addEventListener('ended', () => { if (this.screen?.stream === screen) this.stopShare(); }, { signal: this.lifetime });
  }

  async stopShare() {
    if (!this.screen) return;
    const { stream, transceivers } = this.screen;
    this.screen = null;
    this.store.set({ sharing: false });
    stream.getTracks().forEach((t) => t.stop());
    await this.media.unpublish(transceivers);
  }

  /** Stops every local track, closes both peer connections and the socket, and removes every listener, timer and observer. */
  dispose() {
    this.screen?.stream.getTracks().forEach((t) => t.stop());
    this.disposer.abort();
  }

  /** The connection dropped while in the meeting: this room ends and app.js builds a fresh one. */
  reconnect() {
    mark('reconnect');
    // Camera and microphone stay open, with their effects, for the rejoin (app.js): reopening a
    // camera costs up to a second of the freeze, and its light would blink.
    this.streamLent = !!this.effects;
    // The peer connections too, for a resume that keeps them, when the socket dropped on a network
    // that stayed (not after a network change: there new connections, on no stale path, came back
    // sooner — docs/protocol.md; nor with end-to-end encryption, whose frame transforms belong to
    // this room's key session). A screen share ends.
    if (this.media && !this.e2ee && !this.signal?.abandoned) {
      if (this.screen) this.media.stopSending(this.screen.transceivers);
      this.mediaLent = this.media;
    }
    this.dispose();
    this.store.set({ connection: 'reconnecting' });
    this.root.replaceChildren(reconnectingCard());
    this.dispatchEvent(new Event('reconnect'));
  }

  leave() {
    this.store.set({ connection: 'left' });
    this.signal?.send({ type: 'leave' });
    this.signal?.close();
    this.finish(t('You left the meeting.'));
  }

  finish(message) {
    if (this.root.dataset.state === 'ended') return;
    this.root.dataset.state = 'ended';
    if (this.state !== 'left') this.store.set({ connection: 'ended' });
    this.ownStream(); // the lobby that lent it is gone too
    this.dispose();
    if (this.streamLent) this.effects.stop(); // lent to a rejoin that never came
    this.mediaLent?.close();
    this.root.replaceChildren(endedCard(message));
  }

  /** For tests and diagnostics: participants and what is received from each. */
  async snapshot() {
    const s = this.store.state;
    return {
      state: s.connection,
      self: s.self,
      hands: s.hands,
      participants: [...s.participants.values()].map((p) => ({ id: p.id, displayName: p.displayName, role: p.role })),
      remote: this.media ? await this.media.remoteStats() : [],
      e2ee: this.e2ee ? { safetyCode: this.e2ee.safetyCode, ready: this.e2ee.ready, error: this.e2ee.error,
        passphrase: !!this.e2ee.secret, rejectedKeys: this.e2ee.rejectedKeys, frames: await this.e2ee.stats() } : null,
      local: this.media ? await this.media.localStats() : [],
    };
  }
}
