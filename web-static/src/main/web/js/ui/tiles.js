// Video tiles: one per participant, one more for a screen share (shown large), with name,
// mute, raised-hand and connection-quality badges, reactions, active speaker and pinning.
import { msg, t } from '../i18n.js';
import { el } from './dom.js';
import { ASPECT, layoutTiles, phoneLayout } from './layout.js';
import { onDispose } from '../room/lifetime.js';

/** The connection quality of a tile (room/stats.js), in words. */
const QUALITY = { good: msg('connection good'), fair: msg('connection fair'), poor: msg('connection poor') };

export class Tiles {
  /** {@code lifetime}: an AbortSignal; when it ends the tiles stop observing sizes. */
  constructor(grid, onVisible = () => {}, onSizes = () => {}, lifetime = undefined) {
    this.grid = grid;
    this.byId = new Map(); // participantId -> {tile, video, audio, screen}
    this.pinned = null;
    this.speaking = null;
    this.page = 0;
    this.pageSize = 9;
    this.onVisible = onVisible;
    this.onSizes = onSizes;
    this.onPin = () => {}; // told the pinned id (or null) whenever it changes, a departure included
    this.sizesKey = '';
    this.resizes = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.scheduleSizes()) : null;
    this.stageResizes = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.arrange()) : null;
    this.stageResizes?.observe(grid);
    this.phone = false; // set by ui/phone.js: the speaker large, the others in a row that swipes
    this.stripOffset = 0;
    this.swipeStrip();
    if (lifetime) {
      onDispose(lifetime, () => {
        this.resizes?.disconnect();
        this.stageResizes?.disconnect();
        clearTimeout(this.sizesTimer);
      });
    }
    this.pager = el('nav', { class: 'pager', 'aria-label': t('Pages of participants'), hidden: true },
      el('button', { id: 'page-prev', 'aria-label': t('Previous page'), onclick: () => this.turn(-1) }, '◀'),
      el('span', { class: 'page-label', 'aria-live': 'polite' }),
      el('button', { id: 'page-next', 'aria-label': t('Next page'), onclick: () => this.turn(1) }, '▶'));
  }

  turn(delta) {
    this.page += delta;
    this.paginate();
  }

  /**
   * Shows one page of remote participants (the pinned one always); tells the room which
   * cameras are on screen so the server sends no video for the others.
   */
  paginate() {
    const remote = [...this.byId.keys()].filter((id) => id !== 'self');
    const pages = Math.max(1, Math.ceil(remote.length / this.pageSize));
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const shown = new Set(remote.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize));
    if (this.pinned && this.pinned !== 'self') shown.add(this.pinned);
    for (const id of remote) this.byId.get(id).tile.hidden = !shown.has(id);
    this.pager.hidden = pages <= 1;
    this.pager.querySelector('.page-label').textContent = t('Page {n} of {pages}', { n: this.page + 1, pages });
    this.onVisible(pages <= 1 ? null : [...shown]);
    this.layout();
  }

  /** Sizes and places the shown tiles in the stage: a screen share, else the spotlight, large (ui/layout.js). */
  arrange() {
    const W = this.grid.clientWidth;
    const H = this.grid.clientHeight;
    if (!W || !H) return;
    const shown = [...this.grid.children].filter((entry) => entry.classList.contains('tile') && !entry.hidden);
    let focus = shown.filter((entry) => entry.classList.contains('screen'));
    if (!focus.length) focus = shown.filter((entry) => entry.classList.contains('spotlight'));
    const rest = shown.filter((entry) => !focus.includes(entry));
    // A single screen keeps its own shape (known once its video has a size); cameras are 16:9.
    const video = focus.length === 1 && focus[0].classList.contains('screen') ? focus[0].querySelector('video') : null;
    const aspect = video?.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : ASPECT;
    let rects;
    if (this.phone && focus.length === 1) {
      rects = phoneLayout(W, H, rest.length, aspect, this.stripOffset, !focus[0].classList.contains('screen'));
      this.stripOffset = rects.offset;
      this.grid.classList.toggle('strip-scrolls', rects.maxOffset > 0);
    } else {
      rects = layoutTiles(W, H, focus.length, rest.length, aspect);
    }
    const put = (entry, r) => Object.assign(entry.style, { left: `${r.x}px`, top: `${r.y}px`, width: `${r.w}px`, height: `${r.h}px` });
    focus.forEach((entry, i) => put(entry, rects.focus[i]));
    rest.forEach((entry, i) => put(entry, rects.rest[i]));
  }

  scheduleSizes() {
    clearTimeout(this.sizesTimer);
    this.sizesTimer = setTimeout(() => this.reportSizes(), 200);
  }

  /** Tells the room each remote camera's drawn height in device pixels (0 when hidden). */
  reportSizes() {
    const dpr = window.devicePixelRatio || 1;
    const sizes = {};
    for (const [id, entry] of this.byId) {
      if (id === 'self') continue;
      sizes[id] = entry.tile.hidden ? 0 : Math.round(entry.video.getBoundingClientRect().height * dpr);
    }
    const key = JSON.stringify(sizes);
    if (key === this.sizesKey || Object.keys(sizes).length === 0) return;
    this.sizesKey = key;
    this.onSizes(sizes);
  }

  add(p) {
    if (this.byId.has(p.id)) return this.byId.get(p.id);
    const name = el('figcaption', { class: 'name' }, p.displayName);
    const badges = el('span', { class: 'badges' });
    const quality = el('span', { class: 'quality', role: 'img', 'aria-label': t('connection unknown') }, '●');
    const tile = el('figure', { class: 'tile', 'data-participant-id': p.id, tabindex: '0', title: t('Click to pin') },
      el('video', { autoplay: true, playsinline: true, 'aria-label': t("{name}'s video", { name: p.displayName }) }),
      el('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(p.displayName)),
      el('audio', { autoplay: true }), name, badges, quality);
    const entry = { tile, video: tile.querySelector('video'), audio: tile.querySelector('audio'), name, badges, quality, screen: null };
    tile.addEventListener('click', () => this.pin(this.pinned === p.id ? null : p.id));
    tile.addEventListener('keydown', (e) => { if (e.key === 'Enter') this.pin(this.pinned === p.id ? null : p.id); });
    this.grid.append(tile);
    this.byId.set(p.id, entry);
    if (p.id !== 'self') this.resizes?.observe(entry.video);
    this.paginate();
    return entry;
  }

  remove(id) {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.resizes?.unobserve(entry.video);
    entry.tile.remove();
    entry.screen?.tile.remove();
    this.byId.delete(id);
    if (this.pinned === id) this.pin(null);
    this.paginate();
  }

  rename(id, name) {
    const entry = this.byId.get(id);
    if (entry) {
      entry.name.textContent = name;
      entry.tile.querySelector('.avatar').textContent = initials(name);
    }
  }

  attach(info, track, displayName) {
    const entry = this.byId.get(info.participantId);
    if (!entry) return;
    if (info.source === 'screen' || info.source === 'screenAudio') {
      if (!entry.screen) {
        const tile = el('figure', { class: 'tile screen', 'data-screen-of': info.participantId },
          el('video', { autoplay: true, playsinline: true, 'aria-label': t("{name}'s screen", { name: displayName }) }), el('audio', { autoplay: true }),
          el('figcaption', { class: 'name' }, t("{name}'s screen", { name: displayName })));
        this.grid.prepend(tile);
        entry.screen = { tile, video: tile.querySelector('video'), audio: tile.querySelector('audio') };
        entry.screen.video.addEventListener('resize', () => this.arrange()); // its shape is known now
      }
      const target = info.source === 'screen' ? entry.screen.video : entry.screen.audio;
      target.srcObject = new MediaStream([track]);
      target.play?.().catch(() => {});
      this.grid.classList.add('has-screen');
      this.arrange();
      return;
    }
    const target = track.kind === 'video' ? entry.video : entry.audio;
    target.srcObject = new MediaStream([track]);
    target.play?.().catch(() => {});
  }

  detach(info, track) {
    const entry = this.byId.get(info.participantId);
    // The same track object may come back for someone else (the SFU reuses m-lines): this tile lets go of it.
    for (const media of [entry?.video, entry?.audio]) if (track && media?.srcObject?.getTracks().includes(track)) media.srcObject = null;
    if (entry && info.source === 'screen' && entry.screen) {
      entry.screen.tile.remove();
      entry.screen = null;
    }
    this.grid.classList.toggle('has-screen', !!this.grid.querySelector('.tile.screen'));
    this.arrange();
  }

  setBadges(id, { muted, hand, cameraOff }) {
    const entry = this.byId.get(id);
    if (!entry) return;
    entry.badges.replaceChildren();
    if (hand) entry.badges.append(el('span', { class: 'hand', role: 'img', 'aria-label': t('hand raised') }, '✋'));
    if (muted) entry.badges.append(el('span', { class: 'mic-off', role: 'img', 'aria-label': t('muted') }, '🔇'));
    entry.tile.classList.toggle('camera-off', !!cameraOff);
  }

  quality(id, level) {
    const entry = this.byId.get(id);
    if (!entry) return;
    entry.quality.dataset.level = level;
    entry.quality.setAttribute('aria-label', t(QUALITY[level] ?? 'connection unknown'));
  }

  react(id, emoji) {
    const entry = this.byId.get(id);
    if (!entry) return;
    const r = el('span', { class: 'reaction', role: 'img', 'aria-label': t('reaction {emoji}', { emoji }) }, emoji);
    entry.tile.append(r);
    setTimeout(() => r.remove(), 3000);
  }

  setSpeaking(id) {
    if (this.speaking === id) return;
    this.byId.get(this.speaking)?.tile.classList.remove('speaking');
    this.speaking = id;
    if (id && id !== 'self') this.lastSpeaker = id;
    this.byId.get(id)?.tile.classList.add('speaking');
    this.layout();
  }

  pin(id) {
    this.pinned = id;
    this.onPin(id);
    this.layout();
    this.paginate();
  }

  /**
   * Speaker view (always on a phone) puts the pinned participant, else the active speaker
   * other than you, else the first other participant (else yourself) in the spotlight.
   */
  layout() {
    const shown = (id) => this.byId.has(id) && !this.byId.get(id).tile.hidden;
    const firstOther = [...this.byId.keys()].find((id) => id !== 'self' && shown(id));
    const speakerView = this.phone || this.grid.classList.contains('speaker-view');
    // Your own speaking never takes the spotlight from the others (as in Zoom): only when alone.
    const speaker = this.speaking === 'self' ? this.lastSpeaker : this.speaking;
    const focus = this.pinned ?? (speakerView ? [speaker, firstOther, 'self'].find(shown) : null);
    for (const [pid, entry] of this.byId) entry.tile.classList.toggle('spotlight', pid === focus);
    this.arrange();
  }

  /** A sideways swipe (or a sideways wheel) over the phone's row of tiles scrolls it. */
  swipeStrip() {
    let from = null;
    const inStrip = (y) => {
      const main = this.grid.querySelector('.tile.spotlight:not([hidden]), .tile.screen');
      return this.phone && main && y > main.getBoundingClientRect().bottom;
    };
    this.grid.addEventListener('touchstart', (e) => {
      from = inStrip(e.touches[0].clientY) ? { x: e.touches[0].clientX, offset: this.stripOffset } : null;
    }, { passive: true });
    this.grid.addEventListener('touchmove', (e) => {
      if (!from) return;
      this.stripOffset = from.offset + from.x - e.touches[0].clientX;
      this.arrange();
    }, { passive: true });
    this.grid.addEventListener('touchend', () => { from = null; });
    this.grid.addEventListener('wheel', (e) => {
      if (!inStrip(e.clientY) || !e.deltaX) return;
      this.stripOffset += e.deltaX;
      this.arrange();
    }, { passive: true });
  }

  setSinkId(deviceId) {
    for (const entry of this.byId.values()) {
      entry.audio.setSinkId?.(deviceId).catch(() => {});
      entry.screen?.audio.setSinkId?.(deviceId).catch(() => {});
    }
  }
}

function initials(name) {
  return (name ?? '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}
