// Video tiles: one per participant, one more for a screen share (shown large), with name,
// mute, raised-hand and connection-quality badges, reactions, active speaker and pinning.
import { el } from './dom.js';

export class Tiles {
  constructor(grid) {
    this.grid = grid;
    this.byId = new Map(); // participantId -> {tile, video, audio, screen}
    this.pinned = null;
    this.speaking = null;
  }

  add(p) {
    if (this.byId.has(p.id)) return this.byId.get(p.id);
    const name = el('figcaption', { class: 'name' }, p.displayName);
    const badges = el('span', { class: 'badges' });
    const quality = el('span', { class: 'quality', role: 'img', 'aria-label': 'connection unknown' }, '●');
    const tile = el('figure', { class: 'tile', 'data-participant-id': p.id, tabindex: '0', title: 'Click to pin' },
      el('video', { autoplay: true, playsinline: true, 'aria-label': `${p.displayName}'s video` }),
      el('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(p.displayName)),
      el('audio', { autoplay: true }), name, badges, quality);
    const entry = { tile, video: tile.querySelector('video'), audio: tile.querySelector('audio'), name, badges, quality, screen: null };
    tile.addEventListener('click', () => this.pin(this.pinned === p.id ? null : p.id));
    tile.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.pin(this.pinned === p.id ? null : p.id); });
    this.grid.append(tile);
    this.byId.set(p.id, entry);
    return entry;
  }

  remove(id) {
    const t = this.byId.get(id);
    if (!t) return;
    t.tile.remove();
    t.screen?.tile.remove();
    this.byId.delete(id);
    if (this.pinned === id) this.pin(null);
  }

  rename(id, name) {
    const t = this.byId.get(id);
    if (t) {
      t.name.textContent = name;
      t.tile.querySelector('.avatar').textContent = initials(name);
    }
  }

  attach(info, track, displayName) {
    const t = this.byId.get(info.participantId);
    if (!t) return;
    if (info.source === 'screen' || info.source === 'screenAudio') {
      if (!t.screen) {
        const tile = el('figure', { class: 'tile screen', 'data-screen-of': info.participantId },
          el('video', { autoplay: true, playsinline: true, 'aria-label': `${displayName}'s screen` }), el('audio', { autoplay: true }),
          el('figcaption', { class: 'name' }, `${displayName}'s screen`));
        this.grid.prepend(tile);
        t.screen = { tile, video: tile.querySelector('video'), audio: tile.querySelector('audio') };
      }
      const target = info.source === 'screen' ? t.screen.video : t.screen.audio;
      target.srcObject = new MediaStream([track]);
      target.play?.().catch(() => {});
      this.grid.classList.add('has-screen');
      return;
    }
    const target = track.kind === 'video' ? t.video : t.audio;
    target.srcObject = new MediaStream([track]);
    target.play?.().catch(() => {});
  }

  detach(info) {
    const t = this.byId.get(info.participantId);
    if (t && info.source === 'screen' && t.screen) {
      t.screen.tile.remove();
      t.screen = null;
    }
    this.grid.classList.toggle('has-screen', !!this.grid.querySelector('.tile.screen'));
  }

  setBadges(id, { muted, hand, cameraOff }) {
    const t = this.byId.get(id);
    if (!t) return;
    t.badges.replaceChildren();
    if (hand) t.badges.append(el('span', { class: 'hand', role: 'img', 'aria-label': 'hand raised' }, '✋'));
    if (muted) t.badges.append(el('span', { class: 'mic-off', role: 'img', 'aria-label': 'muted' }, '🔇'));
    t.tile.classList.toggle('camera-off', !!cameraOff);
  }

  quality(id, level) {
    const t = this.byId.get(id);
    if (!t) return;
    t.quality.dataset.level = level;
    t.quality.setAttribute('aria-label', `connection ${level}`);
  }

  react(id, emoji) {
    const t = this.byId.get(id);
    if (!t) return;
    const r = el('span', { class: 'reaction', role: 'img', 'aria-label': `reaction ${emoji}` }, emoji);
    t.tile.append(r);
    setTimeout(() => r.remove(), 3000);
  }

  setSpeaking(id) {
    if (this.speaking === id) return;
    this.byId.get(this.speaking)?.tile.classList.remove('speaking');
    this.speaking = id;
    this.byId.get(id)?.tile.classList.add('speaking');
    this.layout();
  }

  pin(id) {
    this.pinned = id;
    this.layout();
  }

  /** Speaker view puts the pinned participant, else the active speaker, in the spotlight. */
  layout() {
    const focus = this.pinned ?? (this.grid.classList.contains('speaker-view') ? this.speaking : null);
    for (const [pid, t] of this.byId) t.tile.classList.toggle('spotlight', pid === focus);
  }

  setSinkId(deviceId) {
    for (const t of this.byId.values()) {
      t.audio.setSinkId?.(deviceId).catch(() => {});
      t.screen?.audio.setSinkId?.(deviceId).catch(() => {});
    }
  }
}

function initials(name) {
  return (name ?? '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}
