// Signaling messages from the server (docs/signaling.md) turned into store updates. The server
// decides; these only record what it decided. What is not state (a toast, a reaction, muting
// the local microphone) goes through the room's actions.
import { toast } from '../ui/dom.js';
import { t } from '../i18n.js';
import { serverText } from '../server-errors.js';
import { breakoutName, isModerator, participantFrom } from './store.js';

/**
 * Listens to {@code signal} for the length of {@code lifetime}. {@code room} supplies the actions:
 * setMic, setCam, stopShare, react, becamePanelist, joinBreakout, finish, reconnect.
 */
export function handleMessages(signal, store, room, lifetime) {
  const on = (type, fn) => signal.addEventListener(type, (e) => fn(e.detail, store.state), { signal: lifetime });
  const selfId = () => store.state.self?.id;

  on('participantJoined', (m) => addParticipant(store, m.participant));
  on('participantLeft', (m, s) => {
    const participants = new Map(s.participants);
    participants.delete(m.participantId);
    store.set({ participants });
  });
  on('participantRenamed', (m, s) => {
    if (m.participantId === selfId()) store.set({ self: { ...s.self, displayName: m.displayName } });
    store.patchParticipant(m.participantId, { displayName: m.displayName });
    store.set({ names: new Map(store.state.names).set(m.participantId, m.displayName) });
  });
  on('roleChanged', (m, s) => {
    if (m.participantId === selfId()) {
      const promoted = s.viewer && m.role !== 'attendee';
      store.set({ self: { ...s.self, role: m.role }, ...(promoted ? { viewer: false } : {}) });
      if (promoted) room.becamePanelist();
      toast(m.role === 'host' ? t('You are now the host') : m.role === 'cohost' ? t('You are now a co-host') : t('You are now an attendee'));
    }
    store.patchParticipant(m.participantId, { role: m.role });
  });
  on('policy', (m) => store.set({ policy: m.policy }));
  on('recording', (m, s) => {
    const was = s.recording?.active;
    if (m.recording.active && !was) toast((m.recording.startedBy ? t('{name} started recording this meeting', { name: m.recording.startedBy }) : t('The host started recording this meeting')));
    if (!m.recording.active && was) toast('Recording stopped. The host finds it under Recordings.');
    store.set({ recording: m.recording });
  });
  on('captions', (m, s) => {
    if (m.on !== s.captionsOn && s.captionsShown) toast(m.on ? t('Live captions are on') : t('Live captions are off'));
    store.set({ captionsOn: m.on });
  });
  on('caption', (m, s) => store.set({ captions: [...s.captions.slice(-499), { ...m, receivedAt: Date.now() }] }));
  on('waitingRoom', (m) => store.set({ waitingQueue: m.queue }));
  on('trackMuted', (m) => {
    if (m.source === 'microphone') store.patchParticipant(m.participantId, { muted: m.muted });
    if (m.source === 'camera') store.patchParticipant(m.participantId, { cameraOff: m.muted });
  });
  on('trackPublished', (m) => {
    if (m.track.source === 'camera') store.patchParticipant(m.participantId, { cameraOff: m.track.muted });
  });
  on('mediaBlocked', (m, s) => {
    if (!m.blocked) return;
    if (m.source === 'microphone') {
      room.setMic(true, false);
      toast(t('{name} muted you', { name: m.by }));
    } else if (m.source === 'camera') {
      room.setCam(true);
      toast(t('{name} stopped your video', { name: m.by }));
    } else if (m.source === 'screen' && s.sharing) {
      room.stopShare();
      toast(t('{name} stopped your screen share', { name: m.by }));
    }
  });
  on('unmuteRequested', (m) => toast(t('{name} asks you to unmute', { name: m.by }), { label: t('Unmute'), run: () => room.setMic(false, true) }));
  on('chat', (m, s) => store.set({ chat: [...s.chat, m.message] }));
  on('hands', (m) => store.set({ hands: m.queue }));
  on('dominantSpeaker', (m) => store.set({ speaking: m.participantId === selfId() ? 'self' : m.participantId }));
  on('reaction', (m) => room.react(m.participantId === selfId() ? 'self' : m.participantId, m.emoji));
  // Breakout rooms (docs/signaling.md): the plan and who is where, sent after every change.
  on('breakouts', (m, s) => {
    const names = new Map(s.names);
    for (const r of m.rooms ?? []) for (const p of r.participants ?? []) if (typeof p === 'object') names.set(p.id, p.displayName);
    // Help requests are about rooms that are open; closing them answers every request.
    store.set({ breakouts: m, names, ...(m.open ? {} : { helpRequests: [] }) });
  });
  on('roomChanged', (m, s) => {
    enterRoom(store, m);
    // A host who joins the room someone asked for help in has answered them.
    store.set({ helpRequests: store.state.helpRequests.filter((h) => h.roomId !== m.roomId) });
    toast(m.roomId === 'main' ? t('You are back in the main room') : t('You are now in {room}', { room: m.roomName ?? breakoutName(s, m.roomId) }));
  });
  on('breakoutsBroadcast', (m, s) => store.set({ broadcasts: [...s.broadcasts, { from: m.from, text: m.text, at: Date.now() }] }));
  on('breakoutsHelpRequested', (m, s) => {
    if (!isModerator(s)) return;
    const request = { participantId: m.participantId, displayName: m.displayName, roomId: m.roomId, roomName: m.roomName, at: Date.now() };
    store.set({ helpRequests: [...s.helpRequests.filter((h) => h.participantId !== m.participantId), request] });
    toast(t('{name} asks for help in {room}', { name: m.displayName, room: m.roomName }), { label: t('Join room'), run: () => room.joinBreakout(m.roomId) });
  });
  on('removed', (m) => store.set({ removedBy: m }));
  on('meetingEnded', () => {
    store.set({ endedByHost: true });
    room.finish(t('The meeting has ended.'));
  });
  on('error', (m, s) => { if (s.connection === 'joined') toast(serverText(m.code, m.message)); });
  on('close', (e, s) => {
    if (e.reason === 'replaced') room.finish(t('You joined this meeting from another window.'));
    else if (s.removedBy) room.finish(t('{name} removed you from the meeting.', { name: s.removedBy.by }));
    else if (s.connection === 'left' || s.endedByHost) room.finish(s.connection === 'left' ? t('You left the meeting.') : t('The meeting has ended.'));
    else if (s.connection === 'joined') room.reconnect();
    else room.finish(t('Disconnected from the meeting.'));
  });
}

/** Adds a participant the server announced (never this page's own participant, never twice). */
export function addParticipant(store, p) {
  const s = store.state;
  if (s.participants.has(p.id) || p.id === s.self?.id) return;
  store.set({ participants: new Map(s.participants).set(p.id, participantFrom(p)), names: new Map(s.names).set(p.id, p.displayName) });
}

/**
 * This page is now in another room of the meeting (roomChanged): who is here, their tracks, the
 * chat, hands, policy and recording become that room's. The peer connections stay; the
 * subscribeOffer that follows brings the new room's tracks (media.js), so only tracks of
 * people still here are kept meanwhile.
 */
export function enterRoom(store, m) {
  const s = store.state;
  const participants = new Map();
  const names = new Map(s.names);
  for (const p of m.participants ?? []) {
    if (p.id === s.self?.id) continue;
    participants.set(p.id, participantFrom(p));
    names.set(p.id, p.displayName);
  }
  const remoteTracks = new Map([...s.remoteTracks].filter(([, t]) => participants.has(t.info.participantId)));
  store.set({
    roomId: m.roomId ?? 'main',
    roomName: m.roomName ?? null,
    participants,
    names,
    remoteTracks,
    policy: m.policy ?? s.policy,
    hands: m.raisedHands ?? [],
    recording: m.recording ?? { active: false },
    // Captions: whether this room is captioned, whether the server sends this page the lines (it
    // showed them before coming back), and the last lines said, for the history panel — never the overlay.
    captionsOn: !!m.captions?.on,
    captionsShown: !!m.captions?.shown,
    captions: (m.captions?.recent ?? []).map((c) => ({ ...c, receivedAt: 0 })),
    speaking: null,
    chatUnread: 0,
  });
  // After the participants, so that private messages in the history name them.
  store.set({ chat: m.chatHistory ?? [] });
}
