// The admin dashboard: a left navigation over its pages (a row of tabs on a phone). The server
// refuses every admin call to non-administrators; this page only spares them the attempt.
import * as api from '../api.js';
import { el } from '../ui/dom.js';
import { msg, t } from '../i18n.js';
import { overviewPage } from './admin/overview.js';
import { liveMeetingsPage } from './admin/meetings.js';
import { pastPage } from './admin/past.js';
import { usersPage } from './admin/users.js';
import { settingsPage } from './admin/settings.js';
import { brandingPage } from './admin/branding.js';
import { auditPage } from './admin/audit.js';
import { clusterPage } from './admin/cluster.js';

const PAGES = [
  { path: '/admin', label: msg('Overview'), render: overviewPage },
  { path: '/admin/meetings', label: msg('Live meetings'), render: liveMeetingsPage },
  { path: '/admin/cluster', label: msg('Cluster'), render: clusterPage },
  { path: '/admin/past', label: msg('Meetings and recordings'), render: pastPage },
  { path: '/admin/users', label: msg('Users'), render: usersPage },
  { path: '/admin/settings', label: msg('Settings'), render: settingsPage },
  { path: '/admin/branding', label: msg('Branding'), render: brandingPage },
  { path: '/admin/audit', label: msg('Audit log'), render: auditPage },
];

export function isAdmin() {
  return api.session()?.user?.role === 'admin';
}

/** Renders the dashboard page for `path` into `view`. */
export function adminPage(view, path, go) {
  if (!isAdmin()) {
    view.replaceChildren(el('section', { class: 'card', id: 'admin-refused', 'aria-labelledby': 'admin-refused-title' },
      el('h1', { id: 'admin-refused-title' }, t('Administrators only')),
      el('p', { class: 'muted' }, t('This page is for the administrators of this server.'))));
    return;
  }
  const page = PAGES.find((p) => p.path === path.replace(/\/$/, '')) ?? PAGES[0];
  const nav = el('nav', { class: 'admin-nav', 'aria-label': t('Administration') },
    el('ul', {}, ...PAGES.map((p) => el('li', {}, el('a', {
      href: p.path,
      'aria-current': p === page ? 'page' : false,
      onclick: (e) => { e.preventDefault(); go(p.path); },
    }, t(p.label))))));
  const content = el('section', { class: 'admin-content', 'aria-labelledby': 'admin-title' });
  view.replaceChildren(el('div', { class: 'admin' }, nav, content));
  // On a phone the tabs scroll sideways: keep the current one in sight.
  nav.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  page.render(content);
}
