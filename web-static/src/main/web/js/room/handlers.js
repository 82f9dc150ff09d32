// Signaling messages from the server (docs/signaling.md) turned into store updates. The server
// decides; these only record what it decided. What is not state (a toast, a reaction, muting
// the local microphone) goes through the room's actions.
import { toast } from '../ui/dom.js';
import { participantFrom } from './store.js';

/**
 * Listens to {@code signal} for the length of {@code lifetime}. {@code room} supplies the actions:
 * setMic, setCam, stopShare, react, becamePanelist, finish, reconnect.
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
  });
  on('roleChanged', (m, s) => {
    if (m.participantId === selfId()) {
      const promoted = s.viewer && m.role !== 'attendee';
      store.set({ self: { ...s.self, role: m.role }, ...(promoted ? { viewer: false } : {}) });
      if (promoted) room.becamePanelist();
      toast(m.role === 'host' ? 'You are now the host' : m.role === 'cohost' ? 'You are now a co-host' : 'You are now an attendee');
    }
    store.patchParticipant(m.participantId, { role: m.role });
  });
  on('policy', (m) => store.set({ policy: m.policy }));
  on('recording', (m, s) => {
    const was = s.recording?.active;
    if (m.recording.active && !was) toast(`${m.recording.startedBy ?? 'The host'} started recording this meeting`);
    if (!m.recording.active && was) toast('Recording stopped. The host finds it under Recordings.');
    store.set({ recording: m.recording });
  });
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
      toast(`${m.by} muted you`);
    } else if (m.source === 'camera') {
      room.setCam(true);
      toast(`${m.by} stopped your video`);
    } else if (m.source === 'screen' && s.sharing) {
      room.stopShare();
      toast(`${m.by} stopped your screen share`);
    }
  });
  on('unmuteRequested', (m) => toast(`${m.by} asks you to unmute`, { label: 'Unmute', run: () => room.setMic(false, true) }));
  on('chat', (m, s) => store.set({ chat: [...s.chat, m.message] }));
  on('hands', (m) => store.set({ hands: m.queue }));
  on('dominantSpeaker', (m) => store.set({ speaking: m.participantId === selfId() ? 'self' : m.participantId }));
  on('reaction', (m) => room.react(m.participantId === selfId() ? 'self' : m.participantId, m.emoji));
  on('removed', (m) => store.set({ removedBy: m }));
  on('meetingEnded', () => {
    store.set({ endedByHost: true });
    room.finish('The meeting has ended.');
  });
  on('error', (m, s) => { if (s.connection === 'joined') toast(m.message); });
  on('close', (e, s) => {
    if (e.reason === 'replaced') room.finish('You joined this meeting from another window.');
    else if (s.removedBy) room.finish(`${s.removedBy.by} removed you from the meeting.`);
    else if (s.connection === 'left' || s.endedByHost) room.finish(s.connection === 'left' ? 'You left the meeting.' : 'The meeting has ended.');
    else if (s.connection === 'joined') room.reconnect();
    else room.finish('Disconnected from the meeting.');
  });
}

/** Adds a participant the server announced (never this page's own participant, never twice). */
export function addParticipant(store, p) {
  const s = store.state;
  if (s.participants.has(p.id) || p.id === s.self?.id) return;
  store.set({ participants: new Map(s.participants).set(p.id, participantFrom(p)) });
}
