// Users: search, create, disable or enable, change role, reset password, sign out everywhere.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { confirmAction } from '../../ui/confirm.js';

async function act(message, fn, reload) {
  try {
    await fn();
    toast(message);
  } catch (e) {
    toast(e.message);
  }
  reload();
}

function userRow(u, reload) {
  const path = `/admin/users/${encodeURIComponent(u.id)}`;
  const role = el('select', { 'aria-label': `Role of ${u.email}`, class: 'role' },
    el('option', { value: 'user', selected: u.role === 'user' }, 'User'),
    el('option', { value: 'admin', selected: u.role === 'admin' }, 'Administrator'));
  role.addEventListener('change', async () => {
    const what = role.value === 'admin' ? 'an administrator' : 'a user';
    if (!await confirmAction({ title: 'Change role?', message: `Make ${u.email} ${what}?`, confirm: 'Change role' })) {
      role.value = u.role;
      return;
    }
    act(`${u.email} is now ${role.value}`, () => api.call('PATCH', path, { role: role.value }), reload);
  });
  const self = u.email === api.session()?.user?.email; // the server refuses disabling yourself too
  const toggle = self ? null : u.disabled
    ? el('button', { onclick: () => act(`${u.email} enabled`, () => api.call('PATCH', path, { disabled: false }), reload) }, 'Enable')
    : el('button', {
      class: 'danger',
      onclick: async () => await confirmAction({ title: `Disable ${u.email}?`, confirm: 'Disable',
        message: `Disable ${u.email}? They are signed out everywhere and cannot sign in.` })
        && act(`${u.email} disabled`, () => api.call('PATCH', path, { disabled: true }), reload),
    }, 'Disable');
  const reset = el('button', {
    onclick: () => {
      const password = prompt(`New password for ${u.email} (8 characters or more). They are signed out everywhere.`);
      if (password) act(`New password set for ${u.email}`, () => api.call('POST', `${path}/password`, { password }), reload);
    },
  }, 'Reset password');
  const signOut = el('button', {
    onclick: async () => await confirmAction({ title: 'Sign out everywhere?', confirm: 'Sign out',
      message: `Sign ${u.email} out on every device?` })
      && act(`${u.email} signed out everywhere`, () => api.call('POST', `${path}/sign-out`), reload),
  }, 'Sign out everywhere');
  return el('tr', { 'data-email': u.email, class: u.disabled ? 'disabled' : '' },
    el('td', { 'data-label': 'Name' }, u.displayName),
    el('td', { 'data-label': 'Email' }, u.email),
    el('td', { 'data-label': 'Role' }, role),
    el('td', { 'data-label': 'State', class: 'state' }, u.disabled ? 'Disabled' : 'Active'),
    el('td', {}, el('div', { class: 'actions' }, toggle, reset, signOut)));
}

function createForm(reload) {
  const error = el('p', { class: 'error', role: 'alert' });
  const input = (label, name, type = 'text', required = true) => [
    el('label', { for: `new-user-${name}` }, label),
    el('input', { id: `new-user-${name}`, name, type, required, autocomplete: type === 'password' ? 'new-password' : 'off' })];
  const form = el('form', { class: 'admin-form', 'aria-label': 'Create a user', id: 'create-user' },
    el('h2', {}, 'Create a user'),
    ...input('Name', 'displayName'), ...input('Email', 'email', 'email'), ...input('Password (8+ characters)', 'password', 'password'),
    el('label', { for: 'new-user-role' }, 'Role'),
    el('select', { id: 'new-user-role', name: 'role' }, el('option', { value: 'user' }, 'User'), el('option', { value: 'admin' }, 'Administrator')),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Create')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const d = Object.fromEntries(new FormData(form));
    try {
      const u = await api.call('POST', '/admin/users', d);
      toast(`Created ${u.email}`);
      form.reset();
      reload();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

export async function usersPage(content) {
  const search = el('input', { type: 'search', id: 'user-search', placeholder: 'Search by name or email', 'aria-label': 'Search users' });
  const body = el('tbody', { id: 'users' });
  const status = el('p', { class: 'muted', role: 'status' });
  let timer = null;
  const load = async () => {
    const q = search.value.trim();
    try {
      const { items } = await api.call('GET', `/admin/users${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      body.replaceChildren(...items.map((u) => userRow(u, load)));
      status.textContent = items.length ? `${items.length} account${items.length === 1 ? '' : 's'}` : 'No account matches.';
    } catch (e) {
      status.textContent = e.message;
    }
  };
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(load, 250); });
  content.replaceChildren(el('h1', { id: 'admin-title' }, 'Users'), search, status,
    el('table', { class: 'admin-table', 'aria-label': 'Users' },
      el('thead', {}, el('tr', {}, ...['Name', 'Email', 'Role', 'State', ''].map((h) => el('th', { scope: 'col' }, h)))), body),
    createForm(load));
  await load();
}
