// The meeting's toolbar, grouped as in Zoom: microphone and camera (each with a device menu),
// then share, participants, chat, reactions, record, raise hand and "More"; Leave (and End for
// hosts) on the right. Icons with short visible labels; the label is the accessible name. Buttons
// ask the room to act; labels and pressed states come from the store. Keyboard shortcuts are in
// ui/shortcuts.js.
import { el } from './dom.js';
import { msg, t } from '../i18n.js';
import { KINDS } from '../pages/lobby.js';
import { icon, setIcon } from './icons.js';
import { attachMenu, menuGroup, menuItem } from './menu.js';
import { isModerator } from '../room/store.js';
import { confirmAction } from './confirm.js';

export const REACTIONS = [['👍', msg('Thumbs up')], ['👏', msg('Clapping')], ['😂', msg('Laughing')], ['❤️', msg('Heart')], ['😮', msg('Surprised')],
  ['🎉', msg('Celebrate')]];
/** The keys of the store the toolbar shows. */
const SHOWN = ['captionsShown', 'captionsOn', 'policy', 'viewer', 'micMuted', 'camOff', 'sharing', 'hands', 'self', 'recording', 'chatUnread', 'waitingQueue', 'helpRequests'];

/** A toolbar button: an icon over a short label (the label is its name), a tooltip naming its shortcut. */
function toolButton(id, iconName, label, title, onclick, attrs = {}, short = null) {
  return el('button', { id, title, type: 'button', class: 'tool', onclick, ...attrs }, icon(iconName), el('span', { class: 'label' }, label),
    short ? el('span', { class: 'short' }, short) : null);
}

/** Sets a button's label text (its first .label) and, where given, aria-pressed and icon. */
function show(b, label, pressed, iconName) {
  b.querySelector('.label').textContent = label;
  if (pressed !== undefined) b.setAttribute('aria-pressed', String(pressed));
  if (iconName) setIcon(b, iconName);
}

/** The devices of {@code kind} as radio items; the one in use is checked. */
async function deviceItems(kind, current, choose) {
  const list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
  if (!list.length) return [menuItem({ label: t('None found'), attrs: { 'aria-disabled': 'true' } })];
  return list.map((d, i) => menuItem({ role: 'menuitemradio', label: d.label || `${t(KINDS[kind])} ${i + 1}`, checked: d.deviceId === current || (!current && i === 0),
    onSelect: () => choose(d.deviceId) }));
}

/**
 * Builds the toolbar. {@code act} holds the room's actions (toggleMic, toggleCam, toggleShare,
 * toggleHand, sendReaction, toggleRecording, toggleCaptions, toggleCaptionHistory, togglePeople, toggleChat,
 * toggleBreakouts, toggleSettings, showShortcuts, switchDevice, setSpeaker, leave, endForAll).
 */
export function toolbarView(store, act, lifetime) {
  const mic = toolButton('mic', 'mic', t('Mute'), t('Mute microphone (M or Ctrl+D)'), () => act.toggleMic(), { 'aria-pressed': 'false' });
  const micMenu = el('button', { id: 'mic-menu', type: 'button', class: 'tool chevron', 'aria-label': t('Audio settings'), title: t('Microphone and speaker') }, icon('chevron'));
  const cam = toolButton('cam', 'cam', t('Stop video'), t('Stop camera (V or Ctrl+E)'), () => act.toggleCam(), { 'aria-pressed': 'false' }, t('Video'));
  const camMenu = el('button', { id: 'cam-menu', type: 'button', class: 'tool chevron', 'aria-label': t('Video settings'), title: t('Camera') }, icon('chevron'));
  const share = toolButton('share', 'share', t('Share screen'), t('Share your screen, a window or a tab (D)'), () => act.toggleShare(), { 'aria-pressed': 'false' }, t('Share'));
  const people = toolButton('people', 'people', t('Participants'), t('Participants (P)'), () => act.togglePeople(), { 'aria-controls': 'participants-panel' }, t('People'));
  const chat = toolButton('chat-toggle', 'chat', t('Chat'), t('Chat (C)'), () => act.toggleChat(), { 'aria-controls': 'chat-panel' });
  const reactions = toolButton('reactions', 'smile', t('React'), t('Reactions'), null);
  const record = toolButton('record', 'record', t('Record'), t('Record the meeting (host and co-hosts)'), () => act.toggleRecording(), { 'aria-pressed': 'false' });
  const captions = toolButton('captions', 'cc', t('Captions'), t('Show live captions'), () => act.toggleCaptions(), { 'aria-pressed': 'false' }, t('CC'));
  const hand = toolButton('hand', 'hand', t('Raise hand'), t('Raise or lower your hand (R or Alt+Y)'), () => act.toggleHand(), { 'aria-pressed': 'false' }, t('Hand'));
  const more = toolButton('more', 'more', t('More'), t('More options'), null);
  const leave = toolButton('leave', 'leave', t('Leave'), t('Leave the meeting'), () => act.leave(), { class: 'tool danger' });
  const end = toolButton('end-meeting', 'leave', t('End'), t('End the meeting for everyone (host and co-hosts)'), async () => {
    if (await confirmAction({ title: t('End the meeting for everyone?'), message: t('Everyone is disconnected, including people in breakout rooms, and the recording stops.'),
      confirm: t('End for all') })) act.endForAll();
  }, { class: 'tool danger' });

  const track = (kind) => store.state.localStream?.[kind === 'audio' ? 'getAudioTracks' : 'getVideoTracks']()[0]?.getSettings().deviceId;
  const settingsItem = () => menuItem({ label: t('Device settings…'), iconName: 'settings', onSelect: () => act.toggleSettings() });
  const micM = attachMenu(micMenu, { label: t('Audio settings'), lifetime, items: async () => [
    menuGroup(t('Microphone'), await deviceItems('audioinput', track('audio'), (id) => act.switchDevice('audio', id))),
    'setSinkId' in HTMLMediaElement.prototype ? menuGroup(t('Speaker'), await deviceItems('audiooutput', act.speaker, (id) => act.setSpeaker(id))) : null,
    settingsItem()] });
  const camM = attachMenu(camMenu, { label: t('Video settings'), lifetime, items: async () => [
    menuGroup(t('Camera'), await deviceItems('videoinput', track('video'), (id) => act.switchDevice('video', id))), settingsItem()] });
  const reactM = attachMenu(reactions, { label: t('Reactions'), lifetime,
    items: REACTIONS.map(([r, name]) => menuItem({ label: r, attrs: { 'aria-label': t('React {name}', { name: t(name) }), class: 'reaction-item' }, onSelect: () => act.sendReaction(r) })) });
  reactM.menu.classList.add('reaction-menu');

  // More: what the toolbar has no room for; on a phone also recording and reactions.
  const breakouts = menuItem({ id: 'breakout-toggle', label: t('Breakout rooms'), iconName: 'rooms', onSelect: () => act.toggleBreakouts(),
    attrs: { 'aria-controls': 'breakout-panel' } });
  const recordItem = menuItem({ id: 'record-item', label: t('Record'), iconName: 'record', onSelect: () => act.toggleRecording(), attrs: { class: 'phone-only' } });
  const phoneReactions = el('div', { class: 'phone-only' }, menuGroup(t('Reactions'), REACTIONS.map(([r, name]) =>
    menuItem({ label: r, attrs: { 'aria-label': t('React {name}', { name: t(name) }), class: 'reaction-item' }, onSelect: () => act.sendReaction(r) }))));
  const historyItem = menuItem({ id: 'captions-history-item', label: t('Caption history'), iconName: 'cc', onSelect: () => act.toggleCaptionHistory(),
    attrs: { 'aria-controls': 'captions-panel' } });
  const moreM = attachMenu(more, { label: t('More options'), lifetime, items: [breakouts, recordItem, historyItem,
    menuItem({ id: 'settings-toggle', label: t('Device settings'), iconName: 'settings', onSelect: () => act.toggleSettings() }),
    menuItem({ id: 'shortcuts-item', label: t('Keyboard shortcuts'), iconName: 'keyboard', onSelect: () => act.showShortcuts() }), phoneReactions] });

  const group = (cls, ...children) => el('div', { class: `tool-group ${cls}` }, ...children);
  const element = el('div', { class: 'controls', role: 'toolbar', 'aria-label': t('Meeting controls') },
    group('media', el('span', { class: 'split' }, mic, micMenu), micM.menu, el('span', { class: 'split' }, cam, camMenu), camM.menu),
    group('main', share, people, chat, reactions, reactM.menu, record, captions, hand, more, moreM.menu),
    group('end', end, leave));

  const render = (s) => {
    for (const b of [mic, micMenu, cam, camMenu, share]) b.hidden = s.viewer;
    show(mic, s.micMuted ? t('Unmute') : t('Mute'), s.micMuted, s.micMuted ? 'micOff' : 'mic');
    show(cam, s.camOff ? t('Start video') : t('Stop video'), s.camOff, s.camOff ? 'camOff' : 'cam');
    show(share, s.sharing ? t('Stop sharing') : t('Share screen'), s.sharing);
    const up = s.hands.includes(s.self?.id);
    show(hand, up ? t('Lower hand') : t('Raise hand'), up);
    const mod = isModerator(s);
    const rec = !!s.recording?.active;
    record.hidden = !mod;
    recordItem.hidden = !mod;
    show(record, rec ? t('Stop recording') : t('Record'), rec);
    show(recordItem, rec ? t('Stop recording') : t('Record'));
    // The server holds only ciphertext in an end-to-end encrypted meeting, and refuses to record it.
    // A meeting created while the administrators had recording off may not be recorded either.
    const e2ee = !!s.policy?.e2ee;
    const off = s.policy?.recordingAllowed === false;
    const why = e2ee ? t('Recording is not available: this meeting is end-to-end encrypted')
      : off ? t('Recording is not available: the administrators had turned recording off when this meeting was created') : '';
    record.disabled = !!why;
    recordItem.disabled = !!why;
    record.title = why || t('Record the meeting (host and co-hosts)');
    recordItem.title = why;
    // Captions need the server to hear the meeting: never in an end-to-end encrypted one.
    // A meeting captioned while this page hides them says so on the button (a late joiner learns it from the welcome).
    show(captions, s.captionsShown ? t('Hide captions') : t('Captions'), s.captionsShown);
    captions.dataset.meeting = s.captionsOn ? 'on' : 'off';
    captions.disabled = e2ee;
    captions.title = e2ee ? t('Captions are not available: this meeting is end-to-end encrypted')
      : s.captionsOn && !s.captionsShown ? t('Live captions are on for this meeting: show them') : t('Show live captions');
    end.hidden = !mod;
    count(chat, s.chatUnread, t('{n} unread', { n: s.chatUnread }));
    const waiting = mod ? s.waitingQueue.length : 0;
    count(people, waiting, t('{n} waiting', { n: waiting }));
    count(more, mod ? s.helpRequests.length : 0, t('{n} asking for help', { n: s.helpRequests.length }));
    breakouts.hidden = !mod;
    show(breakouts, s.helpRequests.length ? t('Breakout rooms ({n} asking for help)', { n: s.helpRequests.length }) : t('Breakout rooms'));
  };
  store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) render(s); }, lifetime);
  render(store.state);
  return element;
}

/** A badge with {@code n} on a toolbar button (none for 0), spoken as "({@code spoken})". */
function count(button, n, spoken) {
  button.querySelector('.count')?.remove();
  if (n) button.append(el('span', { class: 'count' }, el('span', { 'aria-hidden': 'true' }, String(n)), el('span', { class: 'sr-only' }, ` (${spoken})`)));
}
