// The stage: your own tile and one per participant (ui/tiles.js), kept in step with the store —
// who is here, their names and badges, the active speaker, connection quality, speaker view and
// the remote tracks each tile plays.
import { t } from '../i18n.js';
import { el } from './dom.js';
import { Tiles } from './tiles.js';

/** The keys of the store the tiles' badges show. */
const BADGES = ['participants', 'hands', 'self', 'micMuted', 'camOff'];

/** Builds the grid and its tiles; returns {grid, tiles}. {@code send} carries what the SFU needs to know. */
export function stageView(store, send, lifetime) {
  const grid = el('div', { class: 'grid', id: 'grid' });
  let viewKey;
  const tiles = new Tiles(grid, (ids) => {
    // Only the cameras on this page are sent to us (null: everyone fits on one page).
    const key = ids === null ? 'all' : [...ids].sort().join(',');
    if (key === viewKey) return;
    viewKey = key;
    send({ type: 'viewVideo', participantIds: ids });
  }, (sizes) => {
    // How big each camera is drawn: the SFU picks the simulcast layer that fills it.
    send({ type: 'videoSizes', sizes });
  }, lifetime);
  const self = tiles.add({ id: 'self', displayName: t('You') });
  self.tile.classList.add('self');
  self.tile.id = 'self-tile';
  self.video.muted = true;

  // The pin lives in the store, so a reconnect can carry it into the next room (app.js).
  const pinned = store.state.pinned;
  tiles.onPin = (id) => { if (store.state.pinned !== id) store.set({ pinned: id }); };

  let shown = new Map(); // participant id -> the participant as last drawn
  const attached = new Map(); // mid -> {info, track} as attached
  const render = (s, changed) => {
    if (changed.has('localStream')) self.video.srcObject = s.localStream;
    if (changed.has('participants')) {
      for (const id of shown.keys()) {
        if (s.participants.has(id)) continue;
        tiles.remove(id);
        // Attached again if they come back (a breakout room and back): their tile is new.
        for (const [mid, t] of attached) if (t.info.participantId === id) attached.delete(mid);
      }
      for (const [id, p] of s.participants) {
        const before = shown.get(id);
        if (!before) tiles.add(p);
        else if (before.displayName !== p.displayName) tiles.rename(id, p.displayName);
      }
      shown = s.participants;
    }
    if (changed.has('remoteTracks') || changed.has('participants')) {
      for (const [mid, t] of attached) {
        if (s.remoteTracks.get(mid) !== t) {
          attached.delete(mid);
          tiles.detach(t.info, t.track);
        }
      }
      for (const [mid, t] of s.remoteTracks) {
        const p = s.participants.get(t.info.participantId);
        if (attached.has(mid) || !p) continue;
        attached.set(mid, t);
        tiles.attach(t.info, t.track, p.displayName);
      }
    }
    if (changed.has('speaking')) tiles.setSpeaking(s.speaking);
    if (changed.has('speakerView')) {
      grid.classList.toggle('speaker-view', s.speakerView);
      tiles.layout();
    }
    if (changed.has('quality')) for (const [id, level] of s.quality) tiles.quality(id, level);
    if (BADGES.some((k) => changed.has(k))) {
      for (const p of s.participants.values()) {
        tiles.setBadges(p.id, { muted: p.muted, hand: s.hands.includes(p.id), cameraOff: p.cameraOff });
      }
      tiles.setBadges('self', { muted: s.micMuted, hand: s.hands.includes(s.self?.id), cameraOff: s.camOff });
    }
  };
  store.subscribe(render, lifetime);
  render(store.state, new Set(Object.keys(store.state)));
  // Back after a reconnect: the pin of the room before, if that participant is still here (the
  // first tile sizes sent then already ask the SFU for the pinned camera's large layer).
  tiles.pin(pinned && tiles.byId.has(pinned) ? pinned : null);
  return { grid, tiles };
}
