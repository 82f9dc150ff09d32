// Participants panel, waiting room and host controls. Every button sends a request the server
// may refuse; the panel reflects the server's answer, never its own assumption.
import { el } from './dom.js';
import { isModerator } from '../room/store.js';
import { confirmAction } from './confirm.js';

/** Which changes of the store this panel shows. */
const SHOWN = ['self', 'participants', 'hands', 'policy', 'waitingQueue'];

export class ParticipantsPanel {
  constructor(store, send, lifetime) {
    this.store = store;
    this.send = send;
    this.waiting = el('section', { class: 'waiting-room', 'aria-label': 'Waiting room', hidden: true });
    this.list = el('ul', { class: 'people', 'aria-label': 'Participants' });
    this.controls = el('div', { class: 'host-controls', hidden: true });
    this.element = el('section', { class: 'panel participants', 'aria-label': 'Participants', hidden: true },
      el('h2', {}, 'Participants'), this.waiting, this.controls, this.list);
    store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) this.render(s); }, lifetime);
    this.render(store.state);
  }

  render(r) {
    const mod = isModerator(r);
    this.controls.hidden = !mod;
    if (mod) {
      const p = r.policy ?? {};
      const toggle = (label, key) => el('label', { class: 'switch' },
        el('input', { type: 'checkbox', checked: !!p[key], onchange: (e) => this.send({ type: 'setPolicy', [key]: e.target.checked }) }), ' ', label);
      this.controls.replaceChildren(
        el('div', { class: 'row' },
          el('button', { id: 'mute-all', onclick: () => this.send({ type: 'muteAll' }) }, 'Mute all'),
          el('button', { id: 'end-all', class: 'danger', onclick: () => this.ask({ title: 'End the meeting for everyone?',
            message: 'Everyone is disconnected, including people in breakout rooms, and the recording stops.', confirm: 'End for all' },
          { type: 'endMeeting' }) }, 'End for all')),
        toggle('Lock meeting', 'locked'), toggle('Allow participants to unmute', 'allowUnmute'),
        toggle('Allow screen sharing', 'screenShareAllowed'), toggle('Chat', 'chatEnabled'),
        toggle('Private chat', 'privateChatEnabled'), toggle('Waiting room', 'waitingRoom'),
        toggle('Members skip the waiting room', 'membersSkipWaiting'));
    }
    this.list.replaceChildren();
    const everyone = [{ ...r.self, self: true }, ...r.participants.values()];
    for (const p of everyone) {
      if (!p.id) continue;
      const role = p.role && p.role !== 'attendee' ? ` (${p.role === 'cohost' ? 'co-host' : 'host'})` : '';
      const li = el('li', { 'data-participant-id': p.id }, el('span', { class: 'who' }, `${p.self ? 'You' : p.displayName}${role}`));
      if (p.muted) li.append(el('span', { class: 'muted-flag', 'aria-label': 'muted' }, ' 🔇'));
      const handAt = r.hands.indexOf(p.id);
      if (handAt >= 0) {
        li.append(el('span', { class: 'hand-flag', 'aria-label': `hand raised, ${handAt + 1} in line` }, ` ✋${handAt + 1}`));
        if (mod && !p.self) li.append(el('button', { onclick: () => this.send({ type: 'hand', raised: false, participantId: p.id }) }, 'Lower hand'));
      }
      if (mod && !p.self && p.role !== 'host') {
        const act = (label, msg, cls) => el('button', { class: cls ?? '', onclick: () => this.send({ ...msg, participantId: p.id }) }, label);
        li.append(el('span', { class: 'actions' },
          act('Mute', { type: 'muteParticipant' }), act('Ask to unmute', { type: 'askUnmute' }),
          act('Stop video', { type: 'stopVideo' }), act('Stop share', { type: 'stopScreenShare' }),
          r.self.role === 'host' ? act(p.role === 'cohost' ? 'Make attendee' : 'Make co-host',
            { type: 'setRole', role: p.role === 'cohost' ? 'attendee' : 'cohost' }) : null,
          r.policy?.webinar && p.role !== 'cohost' ? act(p.role === 'panelist' ? 'Make viewer' : 'Make panelist',
            { type: 'setRole', role: p.role === 'panelist' ? 'attendee' : 'panelist' }) : null,
          el('button', { onclick: () => {
            const name = prompt('New name', p.displayName);
            if (name) this.send({ type: 'rename', participantId: p.id, displayName: name });
          } }, 'Rename'),
          el('button', { class: 'danger', onclick: () => this.ask({ title: `Remove ${p.displayName}?`,
            message: `${p.displayName} leaves the meeting and can join again.`, confirm: 'Remove' },
          { type: 'remove', ban: false, participantId: p.id }) }, 'Remove'),
          el('button', { class: 'danger', onclick: () => this.ask({ title: `Remove and ban ${p.displayName}?`,
            message: `${p.displayName} leaves the meeting and cannot join it again.`, confirm: 'Remove & ban' },
          { type: 'remove', ban: true, participantId: p.id }) }, 'Remove & ban')));
      }
      this.list.append(li);
    }
    this.renderWaiting(r, mod);
  }

  /** Sends {@code msg} once the user confirms {@code question} (a destructive action). */
  async ask(question, msg) {
    if (await confirmAction(question)) this.send(msg);
  }

  renderWaiting(r, mod) {
    const queue = r.waitingQueue ?? [];
    this.waiting.hidden = !mod || queue.length === 0;
    if (this.waiting.hidden) return;
    this.waiting.replaceChildren(el('h3', {}, `Waiting (${queue.length})`),
      el('button', { id: 'admit-all', class: 'primary', onclick: () => this.send({ type: 'admitAll' }) }, 'Admit all'),
      el('ul', {}, ...queue.map((w) => el('li', { 'data-waiting-id': w.id }, el('span', {}, w.displayName), ' ',
        el('button', { class: 'primary admit', onclick: () => this.send({ type: 'admit', participantId: w.id }) }, 'Admit'),
        el('button', { onclick: () => this.send({ type: 'deny', participantId: w.id }) }, 'Deny')))));
  }

  toggle() {
    this.element.hidden = !this.element.hidden;
    this.render(this.store.state);
  }
}
