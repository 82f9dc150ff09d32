// The offline page (offline.html, served by the service worker when the server is out of reach) in
// the user's language: the catalogue comes from the worker's cache like the page itself.
import { loadLanguage, t } from './i18n.js';

await loadLanguage();
document.title = t('Offline');
document.querySelector('#offline-title').textContent = t('You are offline');
document.querySelector('#offline-text').textContent = t('Meetings need a connection to your organisation\'s server. Check your network, then try again.');
document.querySelector('#offline-retry').textContent = t('Try again');
