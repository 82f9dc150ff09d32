// Settings: who may register, default meeting options, the recording quota and retention, the HTTPS
// certificate, and single sign-on and LDAP, as `zvc-admin registration`, `meeting-defaults`,
// `recordings limits`, `tls status` and `sso` show and change them.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { locale, msg, t } from '../../i18n.js';
import { bytes } from './format.js';

const MASK = '********';
const SSO_GROUPS = [
  { prefix: 'oidc.', title: 'OpenID Connect' },
  { prefix: 'saml.', title: 'SAML' },
  { prefix: 'ldap.', title: 'LDAP / Active Directory' },
  { prefix: 'adminGroups', title: msg('Administrators') },
  { prefix: 'only', title: msg('Sign-in page') },
];
const LABELS = { only: msg('only: single sign-on only (local passwords off, except for administrators)') };
const isSwitch = (key) => key.endsWith('.enabled') || key.endsWith('.startTls') || key === 'only';
const isSecret = (key) => key.endsWith('Secret') || key.endsWith('Password');

function registrationForm(settings) {
  const error = el('p', { class: 'error', role: 'alert' });
  const policy = el('select', { id: 'registration-policy', name: 'policy' },
    el('option', { value: 'closed' }, t('Closed: administrators create accounts')),
    el('option', { value: 'open' }, t('Open: anyone who reaches the server')),
    el('option', { value: 'domains' }, t('Only these email domains')));
  policy.value = settings.registrationPolicy;
  const domains = el('input', { id: 'registration-domains', name: 'domains', placeholder: 'example.com, example.org',
    value: settings.registrationDomains.join(', ') });
  const domainsRow = el('div', {}, el('label', { for: 'registration-domains' }, t('Email domains (comma-separated)')), domains);
  const source = el('p', { class: 'muted', id: 'registration-source' });
  const show = (s) => {
    domainsRow.hidden = policy.value !== 'domains';
    source.textContent = s.registrationPolicySource === 'settings'
      ? t('Set here (or with zvc-admin registration set); it overrides the configuration.')
      : t('From auth.registration.* in the configuration until you change it here.');
  };
  policy.addEventListener('change', () => show(settings));
  show(settings);
  const form = el('form', { class: 'admin-form', id: 'registration-form', 'aria-labelledby': 'registration-title' },
    el('h2', { id: 'registration-title' }, t('Who may register')),
    el('label', { for: 'registration-policy' }, t('Registration')), policy, domainsRow, source, error,
    el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Save registration'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const body = { registrationPolicy: policy.value };
    if (policy.value === 'domains') body.registrationDomains = domains.value.split(',').map((d) => d.trim()).filter(Boolean);
    try {
      settings = await api.call('PATCH', '/admin/settings', body);
      show(settings);
      toast(t('Registration policy saved'));
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

const DEFAULT_LABELS = {
  waitingRoom: msg('Waiting room: entrants wait for a host to admit them'),
  allowGuests: msg('Guests: people without an account may join with the link'),
  muteOnEntry: msg('Mute on entry: microphones start muted'),
  recordingAllowed: msg('Recording allowed (off: meetings created meanwhile cannot be recorded, even later)'),
};

function meetingDefaultsForm(values) {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'admin-form', id: 'meeting-defaults-form', 'aria-labelledby': 'meeting-defaults-title' },
    el('h2', { id: 'meeting-defaults-title' }, t('Default meeting options')),
    el('p', { class: 'muted' }, t('New meetings start with these unless their creator chooses otherwise; recording allowed is not theirs to change.')),
    ...Object.keys(values).map((key) => el('label', { class: 'switch', for: `default-${key}` },
      el('input', { type: 'checkbox', id: `default-${key}`, name: key, checked: values[key] }), ` ${DEFAULT_LABELS[key] ? t(DEFAULT_LABELS[key]) : key}`)),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Save meeting options'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const changes = {};
    for (const key of Object.keys(values)) {
      const checked = form.elements.namedItem(key).checked;
      if (checked !== values[key]) changes[key] = checked;
    }
    if (!Object.keys(changes).length) {
      toast('Nothing changed');
      return;
    }
    try {
      values = await api.call('PATCH', '/admin/meeting-defaults', changes);
      toast(t('Meeting options saved'));
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

function recordingForm(limits) {
  const error = el('p', { class: 'error', role: 'alert' });
  const number = (id, name, label, value, hint) => el('div', {}, el('label', { for: id }, label),
    el('input', { id, name, type: 'number', min: '0', step: '1', inputmode: 'numeric', value: String(value), 'aria-describedby': `${id}-hint` }),
    el('p', { class: 'muted', id: `${id}-hint` }, hint));
  const facts = el('dl', { class: 'facts', id: 'recording-limits' });
  const source = el('p', { class: 'muted', id: 'recording-source' });
  const show = (r) => {
    const fact = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
    const share = r.quotaBytes
      ? ` ${t('of {quota} ({percent} %)', { quota: bytes(r.quotaBytes), percent: Math.round((r.usedBytes / r.quotaBytes) * 100) })}` : ` ${t('(no quota)')}`;
    facts.replaceChildren(...fact(t('Used'), `${bytes(r.usedBytes)}${share}`),
      ...fact(t('Kept for'), r.retentionDays ? t('{days} days, then deleted', { days: r.retentionDays }) : t('ever')));
    source.textContent = r.quotaSource === 'settings' || r.retentionSource === 'settings'
      ? t('Set here (or with zvc-admin recordings limits); it overrides recording.* of the configuration.')
      : t('From recording.quota.gb and recording.retention.days of the configuration until you change them here.');
  };
  const form = el('form', { class: 'admin-form', id: 'recording-form', 'aria-labelledby': 'recording-title' },
    el('h2', { id: 'recording-title' }, t('Recordings')), facts,
    number('recording-quota', 'quotaGb', t('Quota (GiB)'), limits.quotaGb, t('0: no quota. New recordings are refused once the quota is used.')),
    number('recording-retention', 'retentionDays', t('Keep recordings for (days)'), limits.retentionDays, t('0: keep them; otherwise older ones are deleted hourly.')),
    source, error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Save recording limits'))));
  show(limits);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const body = {};
    for (const name of ['quotaGb', 'retentionDays']) {
      const raw = form.elements.namedItem(name).value.trim();
      if (!/^\d+$/.test(raw)) {
        error.textContent = name === 'quotaGb' ? t('Quota: a whole number, 0 or more.') : t('Days: a whole number, 0 or more.');
        return;
      }
      body[name] = Number(raw);
    }
    try {
      limits = await api.call('PATCH', '/admin/recording-limits', body);
      show(limits);
      toast(t('Recording limits saved'));
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

function tlsStatus(tls) {
  const fact = (label, value, id) => [el('dt', {}, label), el('dd', id ? { id } : {}, value)];
  const section = el('section', { class: 'admin-form', id: 'tls-status', 'aria-labelledby': 'tls-title' },
    el('h2', { id: 'tls-title' }, t('HTTPS certificate')));
  if (!tls.present) {
    section.append(el('p', { class: 'muted' }, tls.warning));
    return section;
  }
  const expires = new Date(tls.notAfter);
  section.append(el('dl', { class: 'facts' },
    ...fact(t('Subject'), tls.subject),
    ...fact(t('Issuer'), tls.selfSigned ? t('{issuer} (self-signed)', { issuer: tls.issuer }) : tls.issuer),
    ...fact(t('Names'), tls.names.join(', ') || '—'),
    ...fact(t('Expires'), el('time', { datetime: tls.notAfter }, expires.toLocaleString(locale()))),
    ...fact(t('Days left'), String(tls.daysLeft), 'tls-days-left')),
  el('p', { class: 'muted' }, tls.inUse ? t('Served now: {source}.', { source: tls.source }) : t('Loaded at the next start: {source}.', { source: tls.source })));
  if (tls.warning) {
    section.append(el('p', { class: `tls-warning${tls.expiresSoon ? ' urgent' : ''}`, id: 'tls-warning' }, tls.warning));
  }
  return section;
}

function ssoField(key, value) {
  const id = `sso-${key.replace(/\./g, '-')}`;
  if (isSwitch(key)) {
    return el('label', { class: 'switch', for: id },
      el('input', { type: 'checkbox', id, name: key, checked: value === 'true' }), ` ${LABELS[key] ? t(LABELS[key]) : key}`);
  }
  return el('div', {}, el('label', { for: id }, key),
    el('input', { id, name: key, value, type: isSecret(key) ? 'password' : 'text', autocomplete: 'off',
      placeholder: isSecret(key) ? t('not set') : '' }));
}

function ssoForm(values) {
  const error = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'admin-form', id: 'sso-form', 'aria-labelledby': 'sso-title' },
    el('h2', { id: 'sso-title' }, t('Single sign-on and LDAP')),
    el('p', { class: 'muted' }, t('Secrets show as {mask}; leave them so to keep them. What each key means: docs/sso.md.', { mask: MASK })),
    ...SSO_GROUPS.map((g) => el('fieldset', {}, el('legend', {}, t(g.title)),
      ...Object.keys(values).filter((k) => k.startsWith(g.prefix)).map((k) => ssoField(k, values[k])))),
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Save sign-on settings'))),
    ssoTest());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const changes = {};
    for (const key of Object.keys(values)) {
      const input = form.elements.namedItem(key);
      const value = isSwitch(key) ? String(input.checked) : input.value;
      if (value !== (isSwitch(key) ? String(values[key] === 'true') : values[key])) changes[key] = value;
    }
    if (!Object.keys(changes).length) {
      toast('Nothing changed');
      return;
    }
    try {
      values = await api.call('PATCH', '/admin/sso', changes);
      toast(t('Sign-on settings saved'));
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

// "Test connection": `zvc-admin sso test` through POST /admin/sso/test, on the saved settings.
function ssoTest() {
  const provider = el('select', { id: 'sso-test-provider' },
    el('option', { value: '' }, t('Every enabled provider')), el('option', { value: 'oidc' }, 'OpenID Connect'),
    el('option', { value: 'saml' }, 'SAML'), el('option', { value: 'ldap' }, 'LDAP / Active Directory'));
  const user = el('input', { id: 'sso-test-user', type: 'text', autocomplete: 'off', placeholder: t('optional') });
  const button = el('button', { type: 'button', id: 'sso-test' }, t('Test connection'));
  const summary = el('p', { role: 'status', id: 'sso-test-summary' });
  const results = el('ul', { class: 'sso-checks', id: 'sso-test-results', 'aria-labelledby': 'sso-test-title' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    summary.textContent = t('Contacting the identity provider…');
    results.replaceChildren();
    try {
      const body = provider.value ? { provider: provider.value } : {};
      if (user.value.trim()) body.user = user.value.trim();
      const r = await api.call('POST', '/admin/sso/test', body);
      const failed = r.checks.filter((c) => c.status === 'fail').length;
      summary.textContent = failed ? t('{failed} check(s) failed.', { failed }) : t('All checks passed.');
      results.replaceChildren(...r.checks.map((c) => el('li', { class: `sso-check ${c.status}` },
        el('strong', {}, `${c.status.toUpperCase()} `), `${c.provider} · ${c.name}: `, el('span', {}, c.detail))));
    } catch (err) {
      summary.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return el('fieldset', { id: 'sso-test-section' }, el('legend', { id: 'sso-test-title' }, t('Test connection')),
    el('p', { class: 'muted' }, t('Contacts the identity provider with the saved settings and reports each check.')),
    el('div', {}, el('label', { for: 'sso-test-provider' }, t('Provider')), provider),
    el('div', {}, el('label', { for: 'sso-test-user' }, t('LDAP user name to look up')), user),
    el('div', { class: 'row' }, button), summary, results);
}

export async function settingsPage(content) {
  const status = el('p', { class: 'muted', role: 'status' }, t('Loading…'));
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Settings')), status);
  try {
    const [settings, defaults, limits, tls, sso] = await Promise.all([api.call('GET', '/admin/settings'),
      api.call('GET', '/admin/meeting-defaults'), api.call('GET', '/admin/recording-limits'), api.call('GET', '/admin/tls'),
      api.call('GET', '/admin/sso')]);
    status.textContent = '';
    content.append(registrationForm(settings), meetingDefaultsForm(defaults), recordingForm(limits), tlsStatus(tls), ssoForm(sso));
  } catch (e) {
    status.textContent = e.message;
  }
}
