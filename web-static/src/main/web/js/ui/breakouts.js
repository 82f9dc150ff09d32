// The breakout panel for hosts and co-hosts: plan the rooms (how many, their names, whether
// participants choose, a timer and the grace before everyone returns), assign each participant
// by dragging them onto a room, by a menu or automatically, open and close all rooms, broadcast
// to every room, answer help requests and visit any room. Every control sends a request
// (docs/signaling.md, "Breakout rooms"); the lists show the server's last breakouts message,
// never the panel's assumption. The only state of its own is the plan being edited, until it is
// saved.
import { el } from './dom.js';
import { t } from '../i18n.js';
import { isModerator } from '../room/store.js';
import { every } from '../room/lifetime.js';
import { countdownText } from './breakout-bar.js';

const SHOWN = ['self', 'participants', 'names', 'breakouts', 'helpRequests', 'roomId'];
const MAX_ROOMS = 50;
// What a dragged person carries: their participant id (text/plain gets their name, for drops elsewhere).
const DRAG_TYPE = 'application/x-zvc-participant';

export class BreakoutPanel {
  constructor(store, send, lifetime) {
    this.store = store;
    this.send = send;
    this.draft = null; // {rooms: [name...], allowChoose, minutes, grace} while the host edits the plan
    this.status = el('p', { id: 'breakout-status', class: 'breakout-status', role: 'status' });
    this.countdown = el('p', { class: 'breakout-countdown', role: 'timer', 'aria-live': 'off' });
    this.plan = el('form', { class: 'breakout-plan', 'aria-label': t('Plan the rooms') });
    this.plan.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    const button = (id, label, msg, cls) => el('button', { id, type: 'button', class: cls ?? '', onclick: () => this.send(msg) }, label);
    this.auto = button('breakout-auto', t('Assign automatically'), { type: 'breakoutsAutoAssign' });
    this.open = button('breakout-open', t('Open all rooms'), { type: 'breakoutsOpen' }, 'primary');
    this.close = button('breakout-close', t('Close all rooms'), { type: 'breakoutsClose' }, 'danger');
    this.help = el('section', { class: 'breakout-help-requests', 'aria-label': t('Help requests'), hidden: true });
    this.rooms = el('ul', { class: 'breakout-rooms', 'aria-label': t('Rooms') });
    this.assign = el('ul', { class: 'breakout-assignments', 'aria-label': t('Assign participants') });
    this.dragHint = el('p', { id: 'breakout-drag-hint', class: 'breakout-drag-hint muted', hidden: true },
      t('Drag a person onto a room, or use the menu.'));
    const text = el('input', { id: 'breakout-broadcast', type: 'text', maxlength: '500', 'aria-label': t('Message to all rooms'), placeholder: t('Message to all rooms') });
    const broadcast = el('form', { class: 'breakout-broadcast-form' }, text,
      el('button', { id: 'breakout-broadcast-send', type: 'submit' }, t('Broadcast')));
    broadcast.addEventListener('submit', (e) => {
      e.preventDefault();
      const t = text.value.trim();
      if (!t) return;
      this.send({ type: 'breakoutsBroadcast', text: t });
      text.value = '';
    });
    this.broadcast = broadcast;
    this.element = el('section', { id: 'breakout-panel', class: 'panel breakouts', 'aria-label': t('Breakout rooms'), hidden: true },
      el('h2', {}, t('Breakout rooms')), this.status, this.countdown, this.help, this.plan,
      el('div', { class: 'row' }, this.auto, this.open, this.close),
      el('h3', {}, t('Rooms')), this.rooms, el('h3', {}, t('Participants')), this.dragHint, this.assign, broadcast);
    store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) this.render(s); }, lifetime);
    every(1000, () => this.tick(), lifetime);
    this.render(store.state);
  }

  tick() {
    const text = countdownText(this.store.state.breakouts, Date.now());
    if (this.countdown.textContent !== text) this.countdown.textContent = text;
    this.countdown.hidden = !text;
  }

  render(s) {
    if (!isModerator(s)) this.element.hidden = true; // no longer a host or co-host
    if (this.element.hidden) return;
    const b = s.breakouts ?? { open: false, allowChoose: false, rooms: [], unassigned: [], endsAt: null, closingAt: null };
    const closing = b.open && b.closingAt != null;
    this.status.textContent = !b.rooms.length ? t('No rooms yet.')
      : [b.rooms.length === 1 ? t('1 room') : t('{n} rooms', { n: b.rooms.length }), closing ? t('closing') : b.open ? t('open') : t('closed'),
        b.allowChoose ? t('participants choose') : null].filter(Boolean).join(', ') + '.';
    this.tick();
    // The plan can only change while the rooms are closed.
    this.plan.hidden = b.open;
    if (!b.open) this.renderPlan(b);
    this.auto.hidden = !b.rooms.length || closing;
    this.open.hidden = b.open || !b.rooms.length;
    this.close.hidden = !b.open || closing;
    this.broadcast.hidden = !b.open;
    this.renderHelp(s);
    this.renderRooms(s, b);
    this.renderAssignments(s, b);
  }

  /**
   * The plan form, from the draft being edited or else from the server's plan. While the host
   * types in it, only the host's own edits redraw it ({@code focus}: what gets the focus back).
   */
  renderPlan(b, focus = null) {
    if (!focus && this.draft && this.plan.contains(document.activeElement)) return;
    const d = this.draft ?? {
      rooms: b.rooms.length ? b.rooms.map((r) => r.name) : [t('Room {n}', { n: 1 }), t('Room {n}', { n: 2 })],
      allowChoose: !!b.allowChoose,
      minutes: b.durationSeconds ? String(Math.round(b.durationSeconds / 60)) : '',
      grace: String(b.graceSeconds ?? 60),
    };
    const edit = () => { this.draft ??= d; };
    const count = el('input', { id: 'breakout-count', type: 'number', min: '1', max: String(MAX_ROOMS), value: String(d.rooms.length),
      onchange: (e) => {
        edit();
        const n = Math.min(MAX_ROOMS, Math.max(1, Number(e.target.value) || 1));
        d.rooms = Array.from({ length: n }, (_, i) => d.rooms[i] ?? t('Room {n}', { n: i + 1 }));
        this.renderPlan(b, '#breakout-count');
      } });
    const names = el('ol', { class: 'breakout-names' }, ...d.rooms.map((name, i) => el('li', {},
      el('input', { type: 'text', class: 'breakout-name', value: name, minlength: '1', maxlength: '60', required: true,
        'aria-label': t('Name of room {n}', { n: i + 1 }), oninput: (e) => { edit(); d.rooms[i] = e.target.value; } }),
      el('button', { type: 'button', class: 'breakout-remove', 'aria-label': t('Remove room {n}', { n: i + 1 }), disabled: d.rooms.length <= 1,
        onclick: () => { edit(); d.rooms.splice(i, 1); this.renderPlan(b, '#breakout-add'); } }, '×'))));
    const add = el('button', { id: 'breakout-add', type: 'button', disabled: d.rooms.length >= MAX_ROOMS,
      onclick: () => { edit(); d.rooms.push(t('Room {n}', { n: d.rooms.length + 1 })); this.renderPlan(b, '.breakout-names li:last-child input'); } }, t('Add room'));
    const choose = el('input', { id: 'breakout-allow-choose', type: 'checkbox', checked: d.allowChoose,
      onchange: (e) => { edit(); d.allowChoose = e.target.checked; } });
    const minutes = el('input', { id: 'breakout-duration', type: 'number', min: '1', max: '1440', value: d.minutes, placeholder: t('No limit'),
      oninput: (e) => { edit(); d.minutes = e.target.value; } });
    const grace = el('input', { id: 'breakout-grace', type: 'number', min: '0', max: '600', value: d.grace,
      oninput: (e) => { edit(); d.grace = e.target.value; } });
    this.plan.replaceChildren(
      el('label', { for: 'breakout-count' }, t('Number of rooms')), count, names, add,
      el('label', { class: 'switch' }, choose, ' ', t('Let participants choose their room')),
      el('label', { for: 'breakout-duration' }, t('Duration in minutes (optional)')), minutes,
      el('label', { for: 'breakout-grace' }, t('Seconds before everyone returns after closing')), grace,
      el('div', { class: 'row' }, el('button', { id: 'breakout-save', type: 'submit' }, this.draft ? t('Save rooms') : t('Create rooms'))));
    if (focus) this.plan.querySelector(focus)?.focus();
  }

  save() {
    const b = this.store.state.breakouts;
    const d = this.draft ?? { rooms: (b?.rooms.length ? b.rooms.map((r) => r.name) : [t('Room {n}', { n: 1 }), t('Room {n}', { n: 2 })]), allowChoose: !!b?.allowChoose, minutes: '', grace: '60' };
    const rooms = d.rooms.map((n) => n.trim()).filter(Boolean).map((name) => ({ name }));
    if (!rooms.length) return;
    const minutes = Number(d.minutes);
    this.send({ type: 'breakoutsConfigure', rooms, allowChoose: d.allowChoose,
      durationSeconds: d.minutes && minutes > 0 ? Math.round(minutes * 60) : null, graceSeconds: Math.max(0, Number(d.grace) || 0) });
    this.draft = null; // the server's answer (a breakouts message) is the plan from now on
  }

  renderHelp(s) {
    this.help.hidden = !s.helpRequests.length;
    this.help.replaceChildren(el('h3', {}, t('Asking for help')), el('ul', {}, ...s.helpRequests.map((h) => el('li', {},
      el('span', {}, t('{name} in {room}', { name: h.displayName, room: h.roomName })), ' ',
      el('button', { type: 'button', class: 'primary', onclick: () => this.join(h.roomId) }, t('Join room')), ' ',
      el('button', { type: 'button', 'aria-label': t("Dismiss {name}'s request", { name: h.displayName }), onclick: () => this.store.set({
        helpRequests: this.store.state.helpRequests.filter((x) => x !== h) }) }, t('Dismiss'))))));
  }

  renderRooms(s, b) {
    const name = (id) => (id === s.self?.id ? t('You') : s.names.get(id) ?? t('Someone'));
    const item = (id, label, people, join) => el('li', { class: 'breakout-room', 'data-room-id': id, 'aria-current': id === s.roomId ? 'true' : undefined },
      el('h4', {}, label, el('span', { class: 'muted' }, ` (${people.length})`), id === s.roomId ? el('span', { class: 'muted' }, ` · ${t('you are here')}`) : null),
      people.length ? el('ul', { class: 'breakout-people' }, ...people.map((p) => this.draggable(el('li', {}, name(p)), p, s))) : null,
      join && id !== s.roomId ? el('button', { type: 'button', class: 'breakout-join', 'aria-label': t('Join {room}', { room: label }), onclick: () => this.join(id) }, t('Join')) : null);
    const dropTarget = (li) => this.dropTarget(li, li.dataset.roomId);
    this.rooms.replaceChildren(
      ...b.rooms.map((r) => dropTarget(item(r.id, r.name, r.participants.map(pidOf), b.open))),
      // Visiting hosts go back with Join on the main room; dropping someone there brings them back.
      // While closed there is no such item: the menu's "Not assigned" undoes a plan.
      b.open ? dropTarget(item('main', t('Main room'), (b.unassigned ?? []).map(pidOf), true)) : null);
  }

  /** One menu per participant (the room they are planned for or in), each entry draggable onto a room. */
  renderAssignments(s, b) {
    const where = new Map();
    for (const r of b.rooms) for (const p of r.participants) where.set(pidOf(p), r.id);
    const ids = new Set([...s.participants.keys(), ...where.keys(), ...(b.unassigned ?? []).map(pidOf)]);
    ids.delete(s.self?.id);
    this.assign.replaceChildren();
    this.dragHint.hidden = !b.rooms.length || !ids.size;
    if (!b.rooms.length) return;
    for (const id of ids) {
      const who = s.names.get(id) ?? t('Someone');
      const select = el('select', { class: 'breakout-assign', 'data-participant-id': id, 'aria-label': t('Room for {name}', { name: who }),
        onchange: (e) => this.send({ type: 'breakoutsAssign', participantId: id, roomId: e.target.value }) },
        el('option', { value: 'main' }, b.open ? t('Main room') : t('Not assigned')),
        ...b.rooms.map((r) => el('option', { value: r.id }, r.name)));
      select.value = where.get(id) ?? 'main';
      this.assign.append(this.draggable(el('li', {}, el('span', { class: 'who' }, who), select), id, s));
    }
  }

  /**
   * Makes {@code li}, the entry of participant {@code id}, draggable onto a room, unless it is the
   * page's own user (who moves with Join). Keyboard and touch users have the menu for the same.
   */
  draggable(li, id, s) {
    if (id === s.self?.id) return li;
    li.draggable = true;
    li.dataset.participantId = id;
    li.setAttribute('aria-describedby', this.dragHint.id);
    li.addEventListener('dragstart', (e) => {
      e.dataTransfer.setData(DRAG_TYPE, id);
      e.dataTransfer.setData('text/plain', s.names.get(id) ?? t('Someone'));
      e.dataTransfer.effectAllowed = 'move';
      li.classList.add('dragging');
    });
    li.addEventListener('dragend', () => {
      li.classList.remove('dragging');
      for (const r of this.rooms.querySelectorAll('.drop-target')) r.classList.remove('drop-target');
    });
    return li;
  }

  /**
   * Makes room item {@code li} accept a dragged participant: the drop sends the menu's
   * breakoutsAssign, and nothing when they are already planned for or in that room (by the
   * server's last breakouts message).
   */
  dropTarget(li, roomId) {
    // During dragover only the types are readable (HTML drag data store, protected mode).
    const carries = (e) => !!e.dataTransfer && [...e.dataTransfer.types].includes(DRAG_TYPE);
    li.addEventListener('dragover', (e) => {
      if (!carries(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      li.classList.add('drop-target');
    });
    li.addEventListener('dragleave', (e) => {
      if (!li.contains(e.relatedTarget)) li.classList.remove('drop-target');
    });
    li.addEventListener('drop', (e) => {
      li.classList.remove('drop-target');
      if (!carries(e)) return;
      e.preventDefault();
      const id = e.dataTransfer.getData(DRAG_TYPE);
      const b = this.store.state.breakouts;
      if (!id || !b || id === this.store.state.self?.id || roomOf(b, id) === roomId) return;
      this.send({ type: 'breakoutsAssign', participantId: id, roomId });
    });
    return li;
  }

  join(roomId) {
    this.send({ type: 'breakoutsJoin', roomId });
  }

  toggle() {
    this.element.hidden = !this.element.hidden;
    this.render(this.store.state);
  }
}

/** The room participant {@code id} is planned for or in: a breakout room's id, or 'main'. */
function roomOf(b, id) {
  return b.rooms.find((r) => r.participants.some((p) => pidOf(p) === id))?.id ?? 'main';
}

/** A participant in a breakouts list: an id, or an object with one (a server may add names). */
function pidOf(p) {
  return typeof p === 'string' ? p : p.id;
}
