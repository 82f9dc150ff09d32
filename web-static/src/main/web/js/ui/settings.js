// The in-meeting settings panel: camera, microphone and speaker pickers, language and theme.
import { languageSelect, t } from '../i18n.js';
import { themeSelect } from '../theme.js';
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
  const language = languageSelect(el, 'set-language', false);
  language.addEventListener('change', () => { panel.querySelector('#language-note').hidden = false; });
  const panel = el('section', { class: 'panel settings', id: 'settings-panel', 'aria-label': t('Devices'), hidden: true },
    el('div', { class: 'panel-head' }, el('h2', {}, t('Devices')), el('button', { type: 'button', id: 'settings-close', class: 'tool small',
      'aria-label': t('Close devices'), onclick: () => act.toggleSettings() }, icon('close'))),
    ...select('set-camera', t('Camera'), 'videoinput', (id) => act.switchDevice('video', id)),
    ...select('set-mic', t('Microphone'), 'audioinput', (id) => act.switchDevice('audio', id)),
    ...select('set-speaker', t('Speaker'), 'audiooutput', async (id) => act.setSpeaker(id)),
    // Language and theme (the top bar's pickers, hidden in the meeting); a new language shows from the next page on.
    el('h3', {}, t('Display')), el('label', { for: 'set-language' }, t('Language')), language,
    el('p', { class: 'muted', id: 'language-note', hidden: true }, t('The new language shows the next time you open a page.')),
    el('label', { for: 'set-theme' }, t('Theme')), themeSelect(el, 'set-theme'));
  const effects = effectsControls(() => act.effects, 'set');
  panel.append(el('h3', {}, t('Effects')), effects.element);
  effects.sync();
  return panel;
}
