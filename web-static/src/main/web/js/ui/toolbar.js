// The meeting's toolbar and its keyboard shortcuts (Ctrl+D microphone, Ctrl+E camera, Alt+Y
// hand). Buttons ask the room to act; their labels and pressed states come from the store.
import { el } from './dom.js';
import { isModerator } from '../room/store.js';

const REACTIONS = ['👍', '👏', '😂', '❤️', '😮', '🎉'];
/** The keys of the store the toolbar shows. */
const SHOWN = ['policy', 'viewer', 'micMuted', 'camOff', 'sharing', 'hands', 'self', 'recording', 'speakerView', 'chatUnread', 'waitingQueue', 'helpRequests'];

/**
 * Builds the toolbar. {@code act} holds the room's actions (toggleMic, toggleCam, toggleShare,
 * toggleHand, react, toggleRecording, toggleLayout, togglePeople, toggleChat, toggleBreakouts, toggleSettings, leave).
 */
export function toolbarView(store, act, lifetime) {
  const button = (id, label, title, onclick) => el('button', { id, title, 'aria-pressed': 'false', onclick }, label);
  const mic = button('mic', 'Mute', 'Mute microphone (Ctrl+D)', () => act.toggleMic());
  const cam = button('cam', 'Stop video', 'Stop camera (Ctrl+E)', () => act.toggleCam());
  const share = button('share', 'Share screen', 'Share your screen, a window or a tab', () => act.toggleShare());
  const hand = button('hand', 'Raise hand', 'Raise or lower your hand (Alt+Y)', () => act.toggleHand());
  const reactions = el('span', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' },
    ...REACTIONS.map((r) => el('button', { class: 'reaction-button', 'aria-label': `React ${r}`, onclick: () => act.sendReaction(r) }, r)));
  const record = button('record', 'Record', 'Record the meeting (host and co-hosts)', () => act.toggleRecording());
  const layout = button('layout', 'Speaker view', 'Switch between grid and speaker view', () => act.toggleLayout());
  const people = button('people', 'Participants', 'Participants', () => act.togglePeople());
  const chat = button('chat-toggle', 'Chat', 'Chat', () => act.toggleChat());
  const breakouts = el('button', { id: 'breakout-toggle', title: 'Breakout rooms (host and co-hosts)', 'aria-controls': 'breakout-panel',
    onclick: () => act.toggleBreakouts() }, 'Breakout rooms');
  const element = el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Meeting controls' },
    mic, cam, share, hand, reactions, record, layout, people, breakouts, chat,
    button('settings-toggle', 'Settings', 'Devices', () => act.toggleSettings()),
    el('button', { id: 'leave', class: 'danger', onclick: () => act.leave() }, 'Leave'));

  const pressed = (b, on, label) => {
    b.setAttribute('aria-pressed', String(on));
    b.textContent = label;
  };
  const render = (s) => {
    for (const b of [mic, cam, share]) b.hidden = s.viewer;
    pressed(mic, s.micMuted, s.micMuted ? 'Unmute' : 'Mute');
    pressed(cam, s.camOff, s.camOff ? 'Start video' : 'Stop video');
    pressed(share, s.sharing, s.sharing ? 'Stop sharing' : 'Share screen');
    const up = s.hands.includes(s.self?.id);
    pressed(hand, up, up ? 'Lower hand' : 'Raise hand');
    const rec = !!s.recording?.active;
    record.hidden = !['host', 'cohost'].includes(s.self?.role);
    pressed(record, rec, rec ? 'Stop recording' : 'Record');
    // The server holds only ciphertext in an end-to-end encrypted meeting, and refuses to record it.
    const e2ee = !!s.policy?.e2ee;
    record.disabled = e2ee;
    record.title = e2ee ? 'Recording is not available: this meeting is end-to-end encrypted' : 'Record the meeting (host and co-hosts)';
    pressed(layout, s.speakerView, s.speakerView ? 'Grid view' : 'Speaker view');
    chat.textContent = s.chatUnread ? `Chat (${s.chatUnread})` : 'Chat';
    const waiting = isModerator(s) ? s.waitingQueue.length : 0;
    people.textContent = waiting ? `Participants (${waiting} waiting)` : 'Participants';
    breakouts.hidden = !isModerator(s);
    breakouts.textContent = s.helpRequests.length ? `Breakout rooms (${s.helpRequests.length} asking for help)` : 'Breakout rooms';
  };
  store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) render(s); }, lifetime);
  render(store.state);

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.key === 'd') { e.preventDefault(); act.toggleMic(); }
    if (e.ctrlKey && e.key === 'e') { e.preventDefault(); act.toggleCam(); }
    if (e.altKey && e.key === 'y') { e.preventDefault(); hand.click(); }
  }, { signal: lifetime });
  return element;
}
