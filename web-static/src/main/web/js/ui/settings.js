// The in-meeting device panel: camera, microphone and speaker pickers.
import { el, toast } from './dom.js';
import { mediaErrorMessage } from '../pages/lobby.js';
import { icon } from './icons.js';
import { effectsControls } from './effects.js';

/**
 * {@code act.switchDevice(kind, deviceId)} swaps camera or microphone; {@code act.setSpeaker(deviceId)} the output;
 * {@code act.effects} (LocalEffects) takes the background and noise suppression.
 */
export function settingsView(act) {
  const select = (id, label, kind, apply) => {
    const s = el('select', { id, 'aria-label': label });
    navigator.mediaDevices.enumerateDevices().then((list) => {
      s.replaceChildren(...list.filter((d) => d.kind === kind).map((d, i) => el('option', { value: d.deviceId }, d.label || `${label} ${i + 1}`)));
    });
    s.onchange = () => apply(s.value).catch((e) => toast(mediaErrorMessage(e)));
    return [el('label', { for: id }, label), s];
  };
  const panel = el('section', { class: 'panel settings', id: 'settings-panel', 'aria-label': 'Devices', hidden: true },
    el('div', { class: 'panel-head' }, el('h2', {}, 'Devices'), el('button', { type: 'button', id: 'settings-close', class: 'tool small',
      'aria-label': 'Close devices', onclick: () => act.toggleSettings() }, icon('close'))),
    ...select('set-camera', 'Camera', 'videoinput', (id) => act.switchDevice('video', id)),
    ...select('set-mic', 'Microphone', 'audioinput', (id) => act.switchDevice('audio', id)),
    ...select('set-speaker', 'Speaker', 'audiooutput', async (id) => act.setSpeaker(id)));
  const effects = effectsControls(() => act.effects, 'set');
  panel.append(effects.element);
  effects.sync();
  return panel;
}
