// The effects controls, the same in the lobby and the in-call settings panel: a background
// picker (none, two blurs, bundled images, the user's own image) and the noise suppression switch.
import { el, toast } from './dom.js';
import { t } from '../i18n.js';
import { BACKGROUNDS } from '../effects/background.js';
import { saveOwnImage } from '../effects/store.js';

/** Controls acting on {@code effects()} (a LocalEffects, or null while there is no camera); ids carry {@code prefix}. */
export function effectsControls(effects, prefix) {
  const current = () => effects();
  const select = el('select', { id: `${prefix}-background`, 'aria-label': t('Background') },
    ...BACKGROUNDS.map((b) => el('option', { value: b.id }, t(b.label))));
  const upload = el('input', { id: `${prefix}-background-file`, type: 'file', accept: 'image/png,image/jpeg,image/webp', hidden: true });
  const uploadButton = el('button', { type: 'button', class: 'link', id: `${prefix}-background-upload`,
    onclick: () => upload.click() }, t('Use your own image…'));
  const noise = el('input', { id: `${prefix}-noise`, type: 'checkbox' });
  const busy = (on) => { select.disabled = on; noise.disabled = on; };
  const run = async (fn) => {
    busy(true);
    try {
      await fn();
    } catch (e) {
      toast(e.message ?? String(e));
    } finally {
      busy(false);
      sync();
    }
  };
  function sync() {
    const e = current();
    busy(!e); // nothing to act on until the camera and microphone are open
    if (!e) return;
    select.value = e.background;
    noise.checked = e.noiseSuppression;
  }
  select.onchange = () => run(() => current()?.setBackground(select.value));
  upload.onchange = () => run(async () => {
    const file = upload.files[0];
    if (!file) return;
    await saveOwnImage(file);
    upload.value = '';
    await current()?.setBackground('own');
  });
  noise.onchange = () => run(() => current()?.setNoiseSuppression(noise.checked));
  sync();
  const element = el('div', { class: 'effects' },
    el('label', { for: `${prefix}-background` }, t('Background')), select, uploadButton, upload,
    el('label', { class: 'check', for: `${prefix}-noise` }, noise, ` ${t('Suppress background noise')}`));
  return { element, sync };
}
