// Live captions: the overlay over the stage (the last lines, each with its speaker's name) and
// the history panel (every line since captions were shown, and the last ones said before this page
// joined, from the welcome, with their times). The server recognises what each microphone says
// and sends the lines to those who show captions; a host turns captions on for the meeting.
// Lines come from the store (room/handlers.js).
import { el } from './dom.js';
import { t } from '../i18n.js';
import { icon } from './icons.js';
import { isModerator } from '../room/store.js';

/** How long a line stays in the overlay. */
const OVERLAY_MS = 8000;

/** The overlay: the newest two lines of the last few seconds, read out politely by screen readers. */
export function captionsOverlay(store, lifetime) {
  const box = el('div', { class: 'captions-overlay', id: 'captions-overlay', 'aria-live': 'polite', 'aria-label': t('Live captions'), hidden: true });
  let timer = null;
  const render = (s) => {
    clearTimeout(timer);
    if (!s.captionsShown) {
      box.hidden = true;
      return;
    }
    const now = Date.now();
    const recent = s.captions.filter((c) => now - c.receivedAt < OVERLAY_MS).slice(-2);
    box.replaceChildren(...(s.captionsOn ? recent.map((c) => el('p', { class: 'caption-line' },
      el('span', { class: 'who' }, c.name), ' ', el('span', { class: 'text' }, c.text)))
      : [el('p', { class: 'caption-line muted' }, isModerator(s) ? t('Captions are off for this meeting.') : t('The host has not turned on captions.'))]));
    box.hidden = !box.childElementCount;
    if (recent.length) timer = setTimeout(() => render(store.state), OVERLAY_MS);
  };
  store.subscribe((s, changed) => { if (changed.has('captions') || changed.has('captionsShown') || changed.has('captionsOn')) render(s); }, lifetime);
  lifetime.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return box;
}

/** The side panel: the caption history, and for hosts the switch for the whole meeting. */
export class CaptionsPanel {
  constructor(store, send, lifetime) {
    this.list = el('ol', { class: 'captions-list', id: 'captions-history', 'aria-label': t('Caption history') });
    this.hostSwitch = el('button', { type: 'button', id: 'captions-meeting', class: 'small', onclick: () => send({ type: 'captions', enabled: !store.state.captionsOn }) });
    this.element = el('section', { class: 'panel captions', id: 'captions-panel', 'aria-label': t('Captions'), hidden: true },
      el('div', { class: 'panel-head' }, el('h2', {}, t('Captions')),
        el('button', { type: 'button', id: 'captions-close', class: 'tool small', 'aria-label': t('Close captions'), onclick: () => { this.element.hidden = true; } }, icon('close'))),
      el('p', { class: 'muted small' }, t('Recognised by the server as people speak; words may be wrong.')), this.hostSwitch, this.list);
    this.last = null;
    const render = (s, changed) => {
      this.hostSwitch.hidden = !isModerator(s);
      this.hostSwitch.textContent = s.captionsOn ? t('Turn captions off for everyone') : t('Turn captions on for everyone');
      if (changed.has('captions')) {
        // New lines follow the last one shown; a list that no longer holds it (another room, the
        // lines a welcome carried, the oldest dropped past 500) is drawn again.
        const after = this.last ? s.captions.lastIndexOf(this.last) : -1;
        if (after < 0) this.list.replaceChildren();
        for (const c of s.captions.slice(after + 1)) {
          const at = new Date(c.startMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
          this.list.append(el('li', { class: 'caption-item', 'data-participant': c.participantId },
            el('span', { class: 'time' }, at), ' ', el('span', { class: 'who' }, c.name), ' ', el('span', { class: 'text' }, c.text)));
        }
        while (this.list.childElementCount > s.captions.length) this.list.firstElementChild.remove();
        this.last = s.captions.at(-1);
        this.list.scrollTop = this.list.scrollHeight;
      }
    };
    store.subscribe((s, changed) => { if (['captions', 'captionsOn', 'self'].some((k) => changed.has(k))) render(s, changed); }, lifetime);
    render(store.state, new Set(['captions']));
  }
}
