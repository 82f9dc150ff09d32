// A meeting's summary on its recording page: talk time per person, who spoke when, key sentences
// and action-item candidates, extracted from what was said and labelled so. Whoever may open the
// recording (its meeting's host, administrators; not co-hosts) may edit the two lists
// (PUT /recordings/{id}/summary); edited items are marked, and the page says who edited last.
// The extraction itself is never changed and can be restored.
import * as api from '../api.js';
import { el, toast } from '../ui/dom.js';
import { locale, t } from '../i18n.js';

function duration(s) {
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

const clock = (ms) => new Date(ms).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** One list: each sentence with its time and speaker; an edit says so. */
function sentences(list, id) {
  if (!list.length) return el('p', { class: 'muted', id }, t('None found.'));
  return el('ul', { id, class: 'summary-sentences' }, ...list.map((x) => el('li', { class: x.edited ? 'edited' : null },
    x.startMs != null ? el('span', { class: 'muted' }, clock(x.startMs)) : null, ' ',
    x.speaker ? el('strong', {}, x.speaker) : null, ' ', x.text,
    x.edited ? el('span', { class: 'badge', title: t('Written by the host, not said in the meeting') }, t('edited')) : null)));
}

/** The editor of one list: a text field per item, remove buttons, and one to add an item. */
function listEditor(items, id, label) {
  const rows = el('ol', { class: 'summary-editor', id, 'aria-label': label });
  const row = (x) => {
    const input = el('input', { type: 'text', maxlength: '500', value: x.text, 'aria-label': label });
    const li = el('li', {}, input, el('button', { type: 'button', class: 'small', 'aria-label': t('Remove'), onclick: () => li.remove() }, '×'));
    li.item = x;
    return li;
  };
  rows.append(...items.map(row));
  const add = el('button', { type: 'button', class: 'small', id: `${id}-add`, onclick: () => { const li = row({ text: '' }); rows.append(li); li.querySelector('input').focus(); } }, t('Add item'));
  // An unchanged sentence keeps its speaker and time; a changed one keeps the speaker it was said by.
  const read = () => [...rows.children].map((li) => ({ text: li.querySelector('input').value.trim(), speaker: li.item.speaker ?? null, startMs: li.item.startMs ?? null }))
    .filter((x) => x.text);
  return { element: el('div', {}, rows, add), read };
}

/** The summary section; {@code id} is the recording's, for edits. */
export function summarySection(s, id) {
  const section = el('section', { id: 'summary', 'aria-labelledby': 'summary-title' });
  const render = (v) => {
    const start = v.startMs;
    const span = Math.max(1, v.endMs - start);
    const people = el('table', { class: 'summary-talk', id: 'summary-talk' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('Name')), el('th', { scope: 'col' }, t('Talk time')),
        el('th', { scope: 'col' }, t('First heard')), el('th', { scope: 'col' }, t('Last heard')))),
      el('tbody', {}, ...v.attendance.map((a) => el('tr', { 'data-participant': a.participantId },
        el('td', {}, a.name), el('td', { class: 'talk' }, duration(Math.round(a.talkMs / 1000))), el('td', {}, clock(a.firstMs)), el('td', {}, clock(a.lastMs))))));
    const rows = v.attendance.map((a) => el('div', { class: 'timeline-row' }, el('span', { class: 'who' }, a.name),
      el('div', { class: 'timeline-bar', role: 'img', 'aria-label': t('When {name} spoke', { name: a.name }) },
        ...v.timeline.filter((g) => g.participantId === a.participantId).map((g) => el('span', { class: 'timeline-seg',
          style: `left:${(100 * (g.startMs - start)) / span}%;width:${Math.max(0.3, (100 * (g.endMs - g.startMs)) / span)}%`,
          title: `${clock(g.startMs)}–${clock(g.endMs)}` })))));
    const lists = el('div', { id: 'summary-lists' },
      el('h3', {}, t('Key sentences')), sentences(v.keySentences, 'summary-key'),
      el('h3', {}, t('Action-item candidates')), sentences(v.actionItems, 'summary-actions'),
      el('div', { class: 'row' }, el('button', { type: 'button', id: 'summary-edit', onclick: () => edit(v, lists) }, t('Edit key sentences and action items'))));
    section.replaceChildren(el('h2', { id: 'summary-title' }, t('Summary')),
      el('p', { class: 'muted', role: 'note', id: 'summary-note' }, t('Extracted, not generated: every sentence below is one a participant said, as the server recognised it. Talk time counts the moments each microphone carried speech.')),
      v.edited ? el('p', { class: 'note', role: 'note', id: 'summary-edited' }, t('Edited by {name} on {date}. Items marked “edited” are their words, not what was said.',
        { name: v.edited.by, date: new Date(v.edited.at).toLocaleString(locale()) })) : null,
      el('h3', {}, t('Talk time')), people,
      el('h3', {}, t('Who spoke when')), el('div', { class: 'timeline', id: 'summary-timeline' }, ...rows), lists);
  };
  const save = async (method, path, body) => {
    try {
      render(await api.call(method, path, body));
      toast(t('Summary saved'));
    } catch (e) {
      toast(e.message);
    }
  };
  const edit = (v, lists) => {
    const keys = listEditor(v.keySentences, 'summary-key-editor', t('Key sentence'));
    const actions = listEditor(v.actionItems, 'summary-actions-editor', t('Action item'));
    const path = `/recordings/${encodeURIComponent(id)}/summary`;
    lists.replaceChildren(el('form', { id: 'summary-form', onsubmit: (e) => { e.preventDefault(); save('PUT', path, { keySentences: keys.read(), actionItems: actions.read() }); } },
      el('p', { class: 'muted' }, t('Your changes are shown as edits; what was extracted stays available.')),
      el('h3', {}, t('Key sentences')), keys.element,
      el('h3', {}, t('Action items')), actions.element,
      el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary', id: 'summary-save' }, t('Save')),
        el('button', { type: 'button', id: 'summary-cancel', onclick: () => render(v) }, t('Cancel')),
        v.edited ? el('button', { type: 'button', id: 'summary-revert', onclick: () => save('DELETE', `${path}/edits`) }, t('Restore the extracted summary')) : null)));
    lists.querySelector('input')?.focus();
  };
  render(s);
  return section;
}
