// Participants panel, waiting room and host controls. Every button sends a request the server
// may refuse; the panel reflects the server's answer, never its own assumption.
import { el } from './dom.js';
import { t } from '../i18n.js';
import { isModerator } from '../room/store.js';
import { confirmAction } from './confirm.js';
import { icon } from './icons.js';
import { attachMenu, menuItem } from './menu.js';

/** Which changes of the store this panel shows. */
const SHOWN = ['self', 'participants', 'hands', 'policy', 'waitingQueue'];

export class ParticipantsPanel {
  constructor(store, send, lifetime) {
    this.store = store;
    this.send = send;
    this.waiting = el('section', { class: 'waiting-room', 'aria-label': t('Waiting room'), hidden: true });
    this.list = el('ul', { class: 'people', 'aria-label': t('Participants') });
    this.controls = el('div', { class: 'host-controls', hidden: true });
    this.element = el('section', { class: 'panel participants', id: 'participants-panel', 'aria-label': t('Participants'), hidden: true },
      el('div', { class: 'panel-head' }, el('h2', {}, t('Participants')),
        el('button', { type: 'button', id: 'people-close', class: 'tool small', 'aria-label': t('Close participants'), onclick: () => this.toggle() }, icon('close'))),
      this.waiting, this.controls, this.list);
    this.lifetime = lifetime;
    this.menuOpen = false; // a row's menu is open: the list waits to be redrawn until it closes
    store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) this.render(s); }, lifetime);
    this.render(store.state);
  }

  render(r) {
    if (this.menuOpen) {
      this.stale = true;
      return;
    }
    const mod = isModerator(r);
    this.controls.hidden = !mod;
    if (mod) {
      const p = r.policy ?? {};
      const toggle = (label, key) => el('label', { class: 'switch' },
        el('input', { type: 'checkbox', checked: !!p[key], onchange: (e) => this.send({ type: 'setPolicy', [key]: e.target.checked }) }), ' ', label);
      this.controls.replaceChildren(
        el('div', { class: 'row' },
          el('button', { id: 'mute-all', onclick: () => this.send({ type: 'muteAll' }) }, t('Mute all')),
          el('button', { id: 'end-all', class: 'danger', onclick: () => this.ask({ title: t('End the meeting for everyone?'),
            message: t('Everyone is disconnected, including people in breakout rooms, and the recording stops.'), confirm: t('End for all') },
          { type: 'endMeeting' }) }, t('End for all'))),
        toggle(t('Lock meeting'), 'locked'), toggle(t('Allow participants to unmute'), 'allowUnmute'),
        toggle(t('Allow screen sharing'), 'screenShareAllowed'), toggle(t('Chat'), 'chatEnabled'),
        toggle(t('Private chat'), 'privateChatEnabled'), toggle(t('Waiting room'), 'waitingRoom'),
        toggle(t('Members skip the waiting room'), 'membersSkipWaiting'));
    }
    this.list.replaceChildren();
    const everyone = [{ ...r.self, self: true }, ...r.participants.values()];
    for (const p of everyone) {
      if (!p.id) continue;
      const role = p.role && p.role !== 'attendee' ? ` (${p.role === 'cohost' ? t('co-host') : t('host')})` : '';
      const li = el('li', { 'data-participant-id': p.id }, el('span', { class: 'who' }, `${p.self ? t('You') : p.displayName}${role}`));
      if (p.muted) li.append(el('span', { class: 'muted-flag', role: 'img', 'aria-label': t('muted') }, ' 🔇'));
      const handAt = r.hands.indexOf(p.id);
      if (handAt >= 0) {
        li.append(el('span', { class: 'hand-flag', role: 'img', 'aria-label': t('hand raised, {n} in line', { n: handAt + 1 }) }, ` ✋${handAt + 1}`));
      }
      if (mod && !p.self && p.role !== 'host') li.append(this.rowMenu(p));
      this.list.append(li);
    }
    this.renderWaiting(r, mod);
  }

  /**
   * The "…" button of one participant's row and its menu: the host's actions on them (built when
   * it opens, so they match the moment); Remove and Remove & ban still ask first.
   */
  rowMenu(p) {
    const name = p.displayName;
    const button = el('button', { type: 'button', class: 'tool small row-menu', 'aria-label': t('Actions for {name}', { name }) }, icon('more'));
    const item = (label, msg, danger) => menuItem({ label, danger, onSelect: () => this.send({ ...msg, participantId: p.id }) });
    const ask = (label, question, msg) => menuItem({ label, danger: true, onSelect: () => this.ask(question, { ...msg, participantId: p.id }) });
    const { menu } = attachMenu(button, { label: t('Actions for {name}', { name }), up: false, lifetime: this.lifetime,
      onToggle: (open) => {
        this.menuOpen = open;
        if (!open && this.stale) setTimeout(() => { this.stale = false; this.render(this.store.state); });
      },
      items: () => {
        const s = this.store.state;
        const q = s.participants.get(p.id) ?? p;
        return [
          s.hands.includes(p.id) ? item(t('Lower hand'), { type: 'hand', raised: false }) : null,
          item(t('Mute'), { type: 'muteParticipant' }), item(t('Ask to unmute'), { type: 'askUnmute' }),
          item(t('Stop video'), { type: 'stopVideo' }), item(t('Stop share'), { type: 'stopScreenShare' }),
          s.self.role === 'host' ? item(q.role === 'cohost' ? t('Make attendee') : t('Make co-host'),
            { type: 'setRole', role: q.role === 'cohost' ? 'attendee' : 'cohost' }) : null,
          s.policy?.webinar && q.role !== 'cohost' ? item(q.role === 'panelist' ? t('Make viewer') : t('Make panelist'),
            { type: 'setRole', role: q.role === 'panelist' ? 'attendee' : 'panelist' }) : null,
          menuItem({ label: t('Rename'), onSelect: () => {
            const renamed = prompt(t('New name'), q.displayName);
            if (renamed) this.send({ type: 'rename', participantId: p.id, displayName: renamed });
          } }),
          ask(t('Remove'), { title: t('Remove {name}?', { name }), message: t('{name} leaves the meeting and can join again.', { name }), confirm: t('Remove') },
            { type: 'remove', ban: false }),
          ask(t('Remove & ban'), { title: t('Remove and ban {name}?', { name }), message: t('{name} leaves the meeting and cannot join it again.', { name }), confirm: t('Remove & ban') },
            { type: 'remove', ban: true }),
        ];
      } });
    return el('span', { class: 'actions' }, button, menu);
  }

  /** Sends {@code msg} once the user confirms {@code question} (a destructive action). */
  async ask(question, msg) {
    if (await confirmAction(question)) this.send(msg);
  }

  renderWaiting(r, mod) {
    const queue = r.waitingQueue ?? [];
    this.waiting.hidden = !mod || queue.length === 0;
    if (this.waiting.hidden) return;
    this.waiting.replaceChildren(el('h3', {}, t('Waiting ({n})', { n: queue.length })),
      el('button', { id: 'admit-all', class: 'primary', onclick: () => this.send({ type: 'admitAll' }) }, t('Admit all')),
      el('ul', {}, ...queue.map((w) => el('li', { 'data-waiting-id': w.id }, el('span', {}, w.displayName), ' ',
        el('button', { class: 'primary admit', onclick: () => this.send({ type: 'admit', participantId: w.id }) }, t('Admit')),
        el('button', { onclick: () => this.send({ type: 'deny', participantId: w.id }) }, t('Deny'))))));
  }

  toggle() {
    const had = this.element.contains(document.activeElement);
    this.element.hidden = !this.element.hidden;
    this.render(this.store.state);
    if (!this.element.hidden) this.element.querySelector('#people-close').focus();
    else if (had) document.getElementById('people')?.focus();
  }
}
