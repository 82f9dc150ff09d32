// Asks before a destructive action (remove someone, end the meeting for all): a modal <dialog>,
// so focus stays inside it, Escape cancels and screen readers announce it as a dialog. Resolves
// true only for the confirm button; the action's own request is sent by the caller after that.
import { el } from './dom.js';
import { t } from '../i18n.js';

/**
 * Shows {title, message} with a Cancel button and a confirm button labelled {confirm}; resolves
 * whether the user confirmed. Cancel has the focus first, so Enter alone never confirms.
 */
export function confirmAction({ title, message, confirm }) {
  return new Promise((resolve) => {
    const cancel = el('button', { type: 'button', id: 'confirm-cancel', value: 'cancel' }, t('Cancel'));
    const ok = el('button', { type: 'button', id: 'confirm-ok', class: 'danger', value: 'ok' }, confirm);
    const dialog = el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      el('h2', { id: 'confirm-title' }, title), el('p', { id: 'confirm-message' }, message),
      el('div', { class: 'row' }, cancel, ok));
    const done = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (e) => { // Escape
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
