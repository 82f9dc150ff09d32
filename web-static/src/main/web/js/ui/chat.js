// Chat panel: messages to everyone or privately to one participant. Links become clickable;
// nothing from a message is ever parsed as HTML. Messages come from the store; unread ones
// (arrived while the panel is closed) are counted back into it for the toolbar.
import { el } from './dom.js';
import { t } from '../i18n.js';
import { nameOf } from '../room/store.js';
import { icon } from './icons.js';

const URL_RE = /\bhttps?:\/\/[^\s<>"]+/g;

function linkify(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(el('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer' }, m[0]));
    last = m.index + m[0].length;
  }
  out.push(document.createTextNode(text.slice(last)));
  return out;
}

export class ChatPanel {
  constructor(store, send, lifetime) {
    this.store = store;
    this.shown = 0; // messages of store.state.chat already in the list
    this.list = el('ol', { class: 'chat-list', 'aria-live': 'polite', 'aria-label': t('Messages') });
    this.to = el('select', { 'aria-label': t('Send to') }, el('option', { value: '' }, t('Everyone')));
    this.input = el('input', { type: 'text', maxlength: '4000', 'aria-label': t('Message'), placeholder: t('Message') });
    const form = el('form', { class: 'chat-form' }, this.to, this.input, el('button', { type: 'submit', class: 'primary' }, t('Send')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      send({ type: 'chat', text, to: this.to.value || undefined });
      this.input.value = '';
    });
    const save = el('button', { type: 'button', id: 'save-chat', class: 'small', onclick: () => {
      const a = el('a', { href: URL.createObjectURL(new Blob([this.text()], { type: 'text/plain' })), download: 'chat.txt' });
      document.body.append(a);
      a.click();
      a.remove();
    } }, t('Save chat'));
    this.element = el('section', { class: 'panel chat', id: 'chat-panel', 'aria-label': t('Chat'), hidden: true },
      el('div', { class: 'panel-head' }, el('h2', {}, t('Chat')), save,
        el('button', { type: 'button', id: 'chat-close', class: 'tool small', 'aria-label': t('Close chat'), onclick: () => this.toggle() }, icon('close'))),
      this.list, form);
    const render = (s, changed) => {
      if (changed.has('participants') || changed.has('self')) this.setParticipants([...s.participants.values()], s.self?.id);
      if (changed.has('chat')) {
        // Another room's conversation (roomChanged), not more of this one: start the list again.
        if (this.shown > s.chat.length || (this.shown && s.chat[this.shown - 1] !== this.last)) {
          this.list.replaceChildren();
          this.shown = 0;
        }
        s.chat.slice(this.shown).forEach((m) => this.add(m, s));
      }
    };
    store.subscribe(render, lifetime);
    render(store.state, new Set(['participants', 'chat']));
  }

  setParticipants(participants, selfId) {
    const current = this.to.value;
    this.to.replaceChildren(el('option', { value: '' }, t('Everyone')));
    for (const p of participants) {
      if (p.id !== selfId) this.to.append(el('option', { value: p.id }, t('{name} (private)', { name: p.displayName })));
    }
    this.to.value = [...this.to.options].some((o) => o.value === current) ? current : '';
  }

  add(message, s) {
    this.shown += 1;
    this.last = message;
    const selfId = s.self?.id;
    const priv = !!message.to;
    const who = message.from === selfId ? t('You') : message.fromName;
    const label = priv ? t('{from} → {to} (private)', { from: who, to: message.to === selfId ? t('you') : nameOf(s, message.to) }) : who;
    this.list.append(el('li', { class: priv ? 'private' : '' },
      el('span', { class: 'who' }, label), ' ', el('span', { class: 'text' }, ...linkify(message.text))));
    this.list.scrollTop = this.list.scrollHeight;
    if (this.element.hidden) this.store.set({ chatUnread: this.store.state.chatUnread + 1 });
  }

  toggle() {
    const had = this.element.contains(document.activeElement);
    this.element.hidden = !this.element.hidden;
    if (!this.element.hidden) {
      this.store.set({ chatUnread: 0 });
      this.input.focus();
    } else if (had) {
      document.getElementById('chat-toggle')?.focus();
    }
  }

  /** The conversation as plain text, for "Save chat". */
  text() {
    return [...this.list.children].map((li) => li.textContent).join('\n');
  }
}
