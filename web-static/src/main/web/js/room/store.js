// The room's state in one place: a plain object, replaced key by key, and the views subscribed
// to it. The room and its message handlers write; views read and render, never keep copies.
import { t } from '../i18n.js';

/**
 * What the person chose about their view, carried from a room into the one a reconnect builds
 * (app.js): the pinned participant and speaker view. Mute and camera are carried separately.
 */
export function viewChoices(state) {
  return { pinned: state.pinned, speakerView: state.speakerView };
}

/** The state of a room before it has joined. */
export function initialState() {
  return {
    connection: 'connecting', // connecting | waiting | joined | reconnecting | left | ended
    self: null, // {id, displayName, role}
    participants: new Map(), // id -> {id, displayName, role, tracks, muted, cameraOff}
    policy: null,
    waitingQueue: [],
    hands: [],
    recording: { active: false },
    captionsOn: false, // a host turned live captions on for the meeting
    captionsShown: false, // this page shows captions (and receives the lines)
    captions: [], // {participantId, name, text, startMs, endMs, receivedAt}, oldest first (the last 500)
    e2ee: null, // end-to-end encryption: {ready, safetyCode, error} (e2ee/session.js)
    localStream: null, // this page's camera and microphone (set again when a device is swapped)
    micMuted: false,
    camOff: false,
    sharing: false,
    viewer: false, // a webinar attendee: watches, sends nothing
    chat: [], // messages in arrival order
    chatUnread: 0,
    speaking: null, // participant id, 'self' for this page
    speakerView: false,
    pinned: null, // the participant id this page pinned ('self' for its own tile), else null
    quality: new Map(), // participant id -> good | fair | poor
    remoteTracks: new Map(), // mid -> {info, track}
    removedBy: null,
    endedByHost: false,
    roomId: 'main', // the room of the meeting this page is in: 'main' or a breakout ('b1', ...)
    roomName: null,
    names: new Map(), // participant id -> display name, for everyone seen in any room (breakout lists name people elsewhere)
    breakouts: null, // the server's last breakouts message: {open, allowChoose, rooms, unassigned, endsAt, closingAt}
    helpRequests: [], // {participantId, displayName, roomId, roomName, at} (hosts and co-hosts)
    broadcasts: [], // {from, text, at}
  };
}

/** Holds the state; {@link set} replaces keys and tells every subscriber which keys changed. */
export class Store {
  constructor(state = initialState()) {
    this.state = state;
    this.subscribers = new Set();
  }

  set(patch) {
    this.state = { ...this.state, ...patch };
    const changed = new Set(Object.keys(patch));
    for (const fn of [...this.subscribers]) fn(this.state, changed);
  }

  /** Calls {@code fn(state, changedKeys)} on every change until {@code lifetime} (an AbortSignal) ends. */
  subscribe(fn, lifetime) {
    this.subscribers.add(fn);
    lifetime?.addEventListener('abort', () => this.subscribers.delete(fn), { once: true });
  }

  /** Replaces one participant's fields (a new Map, so views see the change). */
  patchParticipant(id, patch) {
    const p = this.state.participants.get(id);
    if (!p) return;
    this.set({ participants: new Map(this.state.participants).set(id, { ...p, ...patch }) });
  }
}

/** A participant as the server describes it, with its mute and camera state read from its tracks. */
export function participantFrom(p) {
  const muted = (p.tracks ?? []).some((t) => t.source === 'microphone' && t.muted);
  const cameraOff = (p.tracks ?? []).some((t) => t.source === 'camera' && t.muted);
  return { ...p, muted, cameraOff };
}

/** The name to show for a participant id in a sentence ("you" for this page). */
export function nameOf(state, id) {
  return id === state.self?.id ? 'you' : state.participants.get(id)?.displayName ?? 'someone';
}

/** True while this page is in a breakout room (not the main room). */
export function inBreakout(state) {
  return state.roomId !== 'main';
}

/** The name of breakout room {@code roomId} as the server last described it. */
export function breakoutName(state, roomId) {
  if (roomId === 'main') return t('the main room');
  return state.breakouts?.rooms.find((r) => r.id === roomId)?.name ?? (roomId === state.roomId ? state.roomName : roomId);
}

export function isModerator(state) {
  return !!state.self && ['host', 'cohost'].includes(state.self.role);
}
