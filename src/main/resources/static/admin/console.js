// poshub's console: plain JavaScript over the hub's own API (same origin, signed in at login.html), one page per
// hash (#today, #imports, …). No build step: Bootstrap and Chart.js come from WebJars in the jar.
'use strict';

// ---- the API and small helpers ----

/** The console's own headers: the sign-in's credentials, and a mark that keeps the browser's login prompt away. */
function authorized(headers = {}) {
  const authorization = sessionStorage.getItem('poshub.authorization');
  return { 'X-Requested-With': 'XMLHttpRequest', ...(authorization ? { Authorization: authorization } : {}), ...headers };
}

/** Not signed in (or the password changed): to the sign-in page, back to this page after it. */
function signIn() {
  location.replace('/admin/login.html?next=' + encodeURIComponent(location.hash));
}

async function api(path, options = {}) {
  const r = await fetch(path, { credentials: 'same-origin', ...options, headers: authorized(options.headers) });
  if (r.status === 401) {
    signIn();
    return new Promise(() => {}); // the page is leaving for the sign-in: nothing more happens here
  }
  const type = r.headers.get('content-type') || '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) {
    const error = new Error((body && (body.detail || body.title)) || (r.status + ' ' + r.statusText));
    error.body = body;
    throw error;
  }
  return body;
}

/** An image of the API (a barcode): fetched with the console's credentials, shown from memory. */
function apiImage(path, attributes) {
  const img = el('img', attributes);
  fetch(path, { credentials: 'same-origin', headers: authorized() })
    .then(r => r.ok ? r.blob() : Promise.reject(new Error(r.status + ' for ' + path)))
    .then(blob => { img.src = URL.createObjectURL(blob); })
    .catch(e => { img.alt = e.message; });
  return img;
}

const json = body => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** The signed-in person's roles (asked once): the console offers a person only what their role may do. */
let me;
const roles = async () => (me = me || await api('/api/me')).roles;
const isAdmin = async () => (await roles()).includes('ADMIN');

/** Saves a JSON answer as a file the browser downloads. */
function download(name, body) {
  const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

/** An element: el('td', {className: 'num'}, 'text', child, …). */
function el(tag, props = {}, ...children) {
  const { dataset, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  Object.entries(dataset || {}).forEach(([key, value]) => { node.dataset[key] = value; });
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function table(headers, rows, options = {}) {
  const head = el('thead', {}, el('tr', {}, headers.map(h => el('th', { className: h.num ? 'num' : '' }, h.label || h))));
  const body = el('tbody', {}, rows);
  return el('div', { className: 'table-responsive' },
    el('table', { className: 'table table-sm table-hover align-middle bg-white ' + (options.className || ''), id: options.id || '' }, head, body));
}

const td = (value, className = '') => el('td', { className }, value === null || value === undefined ? '' : value);
const card = (title, ...body) => el('div', { className: 'card' }, el('div', { className: 'card-header fw-semibold' }, title),
  el('div', { className: 'card-body' }, body));

/** Money as the operator reads it: an amount in the currency given (or two decimals when unknown). */
function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '';
  const n = Number(amount);
  try {
    return currency ? new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(n)
      : new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  } catch (e) {
    return n.toFixed(2) + (currency ? ' ' + currency : '');
  }
}

/** An amount in minor units (øre, cents) as money. */
function minor(amount, currency) {
  if (amount === null || amount === undefined) return '';
  const digits = currency ? new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits : 2;
  return money(Number(amount) / Math.pow(10, digits), currency);
}

const count = n => n === null || n === undefined ? '' : new Intl.NumberFormat().format(n);
const megabytes = n => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(n / 1e6) + ' MB';
/** A time in the operator's own time zone. */
const time = iso => iso ? new Date(iso).toLocaleString() : '';
const isoDay = date => date.toLocaleDateString('sv-SE'); // yyyy-MM-dd in the operator's zone
const daysAgo = n => { const d = new Date(); d.setDate(d.getDate() - n); return isoDay(d); };
const badge = (text, kind) => el('span', { className: `badge text-dark status-${kind} state-${kind}` }, text);

function showProblem(error) {
  const box = document.getElementById('problem');
  box.textContent = error ? error.message : '';
  box.classList.toggle('d-none', !error);
}

// ---- pages ----

const pages = {};
let timers = [];
const every = (ms, work) => { work(); timers.push(setInterval(work, ms)); };

pages.today = async page => {
  const feedsBox = el('div'), runningBox = el('div'), closeBox = el('div');
  const canvas = el('canvas', { id: 'sales-chart', height: 90 });
  page.append(
    el('div', { className: 'row' },
      el('div', { className: 'col-lg-7' }, card('Feeds', feedsBox), card('Running now', runningBox)),
      el('div', { className: 'col-lg-5' }, card('Day close of yesterday (' + daysAgo(1) + ')', closeBox),
        card('Sales booked per day and feed, last 14 days', canvas))));

  every(1000, async () => {
    const running = await api('/api/imports?status=PROCESSING&limit=20');
    runningBox.replaceChildren(running.length === 0 ? el('p', { className: 'text-secondary mb-0' }, 'No file is being read.')
      : el('div', { id: 'running' }, running.map(i => {
        const pct = i.sizeBytes > 0 ? Math.round(100 * i.bytesRead / i.sizeBytes) : 0;
        return el('div', { className: 'mb-2', dataset: { importId: i.id } },
          el('div', { className: 'small' }, `${i.feed} · ${i.name} · ${pct} % read (${megabytes(i.bytesRead)} of ${megabytes(i.sizeBytes)}) · `
            + `${count(i.rowsTotal)} rows and ${count(i.salesTotal)} sales booked so far`),
          el('div', { className: 'progress', role: 'progressbar', ariaValueNow: pct, ariaValueMin: 0, ariaValueMax: 100 },
            el('div', { className: 'progress-bar progress-bar-striped progress-bar-animated', style: `width: ${pct}%`, dataset: { bytes: i.bytesRead } })));
      })));
  });
  every(3000, async () => {
    const [feeds, today] = await Promise.all([api('/api/feeds'), api('/api/imports?date=' + new Date().toISOString().slice(0, 10) + '&limit=1000')]);
    feedsBox.replaceChildren(table(['feed', 'state', 'expects', 'last file', { label: 'files today', num: true }],
      feeds.map(f => el('tr', {},
        td(f.feed), td(badge(f.state, f.state)), td(f.expect || ''),
        td(f.lastFile ? [f.lastFile.name + ' ', badge(f.lastFile.status, f.lastFile.status), ' ' + time(f.lastFile.receivedAt)] : ''),
        td(count(today.filter(i => i.feed === f.feed).length), 'num'))), { id: 'feeds' }));
  });
  const closes = await api('/api/day-close?date=' + daysAgo(1));
  closeBox.replaceChildren(closes.length === 0 ? el('p', { className: 'text-secondary mb-0' }, 'No store had sales or a Z-report yesterday.')
    : table(['store', 'status'], closes.map(d => el('tr', { className: 'clickable', onclick: () => location.hash = `#day-close/${d.store}/${d.date}` },
      td(d.store), td(badge(d.status, d.status))))));
  const daily = await api('/api/imports/daily?days=14');
  const days = [...Array(14).keys()].map(i => daysAgo(13 - i));
  const feeds = [...new Set(daily.map(d => d.feed))];
  new Chart(canvas, {
    type: 'bar',
    data: { labels: days, datasets: feeds.map(feed => ({ label: feed, data: days.map(day => daily.filter(d => d.feed === feed && d.day === day)
      .reduce((sum, d) => sum + d.salesBooked, 0)) })) },
    options: { animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });
};

pages.imports = async (page, id) => {
  const feeds = await api('/api/feeds');
  const feedSelect = el('select', { className: 'form-select', id: 'filter-feed' }, el('option', { value: '' }, 'every feed'),
    feeds.map(f => el('option', { value: f.feed }, f.feed)));
  const statusSelect = el('select', { className: 'form-select', id: 'filter-status' }, el('option', { value: '' }, 'every status'),
    ['RECEIVED', 'PROCESSING', 'DONE', 'DONE_WITH_REJECTS', 'FAILED', 'DUPLICATE_FILE'].map(s => el('option', { value: s }, s)));
  const dateInput = el('input', { type: 'date', className: 'form-control', id: 'filter-date' });
  const list = el('div'), detail = el('div', { id: 'import-detail' });
  const uploadFeed = el('select', { className: 'form-select', id: 'feed-select' }, feeds.map(f => el('option', { value: f.feed }, f.feed)));
  const file = el('input', { type: 'file', className: 'form-control', id: 'file-input' });
  const result = el('pre', { className: 'mt-2 mb-0 small', id: 'upload-result' });
  const send = async kind => {
    if (!file.files[0]) { result.textContent = 'Choose a file first.'; return; }
    const form = new FormData();
    form.append('file', file.files[0]);
    try {
      const answer = await api(`/api/feeds/${encodeURIComponent(uploadFeed.value)}/${kind}`, { method: 'POST', body: form });
      result.textContent = kind === 'uploads' ? `Uploaded ${file.files[0].name} to ${uploadFeed.value} as import ${answer.importId}.`
        : `Preview (nothing written): ${answer.rowsTotal} rows (${answer.counts.rowsRejected} rejected), ${answer.salesTotal} sales\n`
          + answer.rejects.map(r => `line ${r.lineNo}: ${r.reason}`).join('\n');
      load();
    } catch (e) { result.textContent = e.message; }
  };
  page.append(card('Upload or preview a file',
    el('div', { className: 'row g-2' }, el('div', { className: 'col-md-3' }, uploadFeed), el('div', { className: 'col-md-5' }, file),
      el('div', { className: 'col-md-4' },
        el('button', { className: 'btn btn-outline-secondary me-2', id: 'preview-button', onclick: () => send('preview') }, 'Preview'),
        el('button', { className: 'btn btn-primary', id: 'upload-button', onclick: () => send('uploads') }, 'Upload'))), result),
    card('Imports', el('div', { className: 'row g-2 mb-2' }, el('div', { className: 'col-md-3' }, feedSelect),
      el('div', { className: 'col-md-3' }, statusSelect), el('div', { className: 'col-md-3' }, dateInput)), list), detail);

  async function load() {
    const query = new URLSearchParams({ limit: 100 });
    if (feedSelect.value) query.set('feed', feedSelect.value);
    if (statusSelect.value) query.set('status', statusSelect.value);
    if (dateInput.value) query.set('date', dateInput.value);
    const imports = await api('/api/imports?' + query);
    list.replaceChildren(table(['id', 'feed', 'file', 'status', { label: 'rows', num: true }, { label: 'rejected', num: true },
      { label: 'booked', num: true }, { label: 'duplicate', num: true }, { label: 'parked', num: true }, { label: 'anonymous', num: true }, 'received'],
    imports.map(i => el('tr', { className: 'clickable', onclick: () => show(i.id), dataset: { importId: i.id } },
      td(i.id), td(i.feed + (i.kind === 'SALES' ? '' : ` (${i.kind.toLowerCase()})`)), td(i.name), td(badge(i.status, i.status)),
      [i.rowsTotal, i.rowsRejected, i.salesBooked, i.salesDuplicate, i.salesParked, i.salesAnonymous].map(n => td(count(n), 'num')),
      td(time(i.receivedAt)))), { id: 'imports' }));
  }
  async function show(importId) {
    const d = await api('/api/imports/' + importId);
    const reprocess = el('button', { className: 'btn btn-sm btn-outline-primary', id: 'reprocess-button', onclick: async () => {
      const again = await api(`/api/imports/${importId}/reprocess`, { method: 'POST' });
      reprocess.replaceWith(el('span', {}, `Reprocessing as import ${again.importId}.`));
      load();
    } }, 'Reprocess');
    detail.replaceChildren(card(`Import ${d.id} — ${d.name}`,
      el('p', {}, badge(d.status, d.status), ` ${d.feed} · rows ${count(d.rowsTotal)} (${count(d.rowsRejected)} rejected) · sales ${count(d.salesTotal)}: `
        + `${count(d.salesBooked)} booked, ${count(d.salesDuplicate)} duplicate, ${count(d.salesParked)} parked, ${count(d.salesAnonymous)} anonymous · `
        + `received ${time(d.receivedAt)}` + (d.error ? ` · ${d.error}` : ''), ' ', reprocess),
      d.rejects.length === 0 ? el('p', { className: 'mb-0 text-secondary' }, 'No rejected rows.')
        : table(['line', 'reason', 'raw'], d.rejects.map(r => el('tr', {}, td(`line ${r.lineNo}`), td(r.reason), td(r.raw, 'raw')))))); 
  }
  [feedSelect, statusSelect, dateInput].forEach(input => input.addEventListener('change', load));
  every(3000, load);
  if (id) show(id);
};

pages.members = async (page, id) => {
  if (id) return memberPage(page, id);
  const key = el('select', { className: 'form-select', id: 'member-key' }, ['card', 'phone', 'email', 'externalId'].map(k => el('option', { value: k }, k)));
  const value = el('input', { className: 'form-control', id: 'member-value', placeholder: 'card number, +47…, email or customer number' });
  const found = el('div', { id: 'member-results' });
  const search = async () => {
    const members = await api(`/api/members?${key.value}=${encodeURIComponent(value.value)}`);
    found.replaceChildren(members.length === 0 ? el('p', { className: 'text-secondary' }, 'Nobody matches.')
      : table(['id', 'name', 'card', 'tier', 'status', { label: 'balance', num: true }], members.map(m =>
        el('tr', { className: 'clickable', onclick: () => location.hash = '#members/' + m.id },
          td(m.id), td([m.firstName, m.lastName].filter(Boolean).join(' ')), td(m.cardNumber), td(m.tier), td(m.status), td(count(m.balance), 'num')))));
  };
  const parked = el('div');
  page.append(card('Find a member', el('form', { className: 'row g-2', onsubmit: e => { e.preventDefault(); search(); } },
    el('div', { className: 'col-md-2' }, key), el('div', { className: 'col-md-6' }, value),
    el('div', { className: 'col-md-2' }, el('button', { className: 'btn btn-primary', id: 'member-search' }, 'Search'))), found),
  card('Parked sales (their member has not come yet)', parked));
  const open = await api('/api/parked?open=true&limit=100');
  parked.replaceChildren(table(['id', 'feed', 'store', 'ticket', 'day', { label: 'net', num: true }, 'card', 'phone', 'email', 'customer', 'assign to member'],
    open.map(p => {
      const member = el('input', { type: 'number', className: 'form-control form-control-sm', placeholder: 'member id' });
      const cell = td(el('div', { className: 'input-group input-group-sm' }, member, el('button', { className: 'btn btn-outline-primary', onclick: async () => {
        try { await api(`/api/parked/${p.id}/assign`, json({ memberId: Number(member.value) })); cell.replaceChildren('booked'); }
        catch (e) { cell.append(' ' + e.message); }
      } }, 'Assign')));
      return el('tr', {}, td(p.id), td(p.feed), td(p.store), td(p.ticket), td(p.businessDate), td(money(p.netAmount), 'num'),
        td(p.cardNumber), td(p.phone), td(p.email), td(p.externalId), cell);
    })));
};

async function memberPage(page, id) {
  const m = await api('/api/members/' + id);
  const ledger = await api(`/api/members/${id}/points?limit=50`);
  const consents = await api(`/api/members/${id}/consents`);
  const vouchers = await api(`/api/members/${id}/vouchers`);
  const points = await api(`/api/members/${id}/balance`);
  const giftCards = await api(`/api/members/${id}/gift-cards`);
  const admin = await isAdmin();
  const from = el('input', { type: 'number', className: 'form-control', id: 'merge-from', placeholder: 'member id to merge into this one' });
  const said = el('div', { className: 'mt-2', id: 'member-said' });
  const act = async (question, call) => {
    if (!confirm(question)) return;
    try { await call(); render(); } catch (e) { said.textContent = e.message; }
  };
  const render = () => { page.replaceChildren(); memberPage(page, id); };
  page.append(el('div', { className: 'row' },
    el('div', { className: 'col-lg-5' }, card(`Member ${m.id}` + (m.firstName || m.lastName ? ` — ${[m.firstName, m.lastName].filter(Boolean).join(' ')}` : ''),
      el('dl', { className: 'row mb-2', id: 'member-facts', dataset: { memberId: m.id } },
        ['status', m.status + (m.mergedInto ? ` (into ${m.mergedInto})` : ''), 'balance', count(points.balance) + ' points',
          'pending', count(points.pending) + ' points' + (points.pendingReason ? ` — waiting: ${points.pendingReason}` : ''),
          'expiring', points.expiring.length === 0 ? 'nothing in the next 90 days'
            : points.expiring.map(e => `${count(e.points)} on ${e.at}`).join(', '), 'tier', m.tier,
          'card', m.cardNumber, 'phone', m.phone, 'email', m.email, 'customer no.', m.externalId, 'merchant', m.merchant,
          'marketing', m.marketingConsent ? 'yes' : 'no', 'since', time(m.createdAt)].concat(m.erasedAt ? ['erased', time(m.erasedAt)] : [])
          .reduce((nodes, v, i, all) => i % 2 ? nodes : nodes.concat(el('dt', { className: 'col-4' }, v), el('dd', { className: 'col-8' }, all[i + 1] || '—')), [])),
      m.cardNumber ? apiImage(`/api/members/${id}/barcode.png`, { className: 'barcode', alt: 'card barcode' }) : '',
      el('div', { className: 'mt-3' },
        m.status === 'ACTIVE' ? el('button', { className: 'btn btn-outline-danger me-2', id: 'deactivate-button', onclick: () => act(
          `Deactivate member ${id}? It earns and redeems nothing until reactivated.`,
          () => api('/api/members/' + id, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'INACTIVE' }) })) },
        'Deactivate') : m.status === 'INACTIVE' ? el('button', { className: 'btn btn-outline-success me-2', onclick: () => act(`Reactivate member ${id}?`,
          () => api('/api/members/' + id, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'ACTIVE' }) })) },
        'Reactivate') : '',
        m.status === 'ACTIVE' ? el('div', { className: 'input-group mt-2' }, from, el('button', { className: 'btn btn-outline-primary', id: 'merge-button',
          onclick: () => act(`Merge member ${from.value} into member ${id}? Its points, sales and keys move here; this cannot be undone.`,
            () => api(`/api/members/${id}/merge`, json({ from: Number(from.value) }))) }, 'Merge into this one')) : '',
        admin ? el('div', { className: 'mt-3 pt-3 border-top', id: 'member-rights' },
          el('button', { className: 'btn btn-outline-secondary me-2', id: 'export-button', onclick: async () => {
            try { download(`member-${id}.json`, await api(`/api/members/${id}/export`)); } catch (e) { said.textContent = e.message; }
          } }, 'Export (JSON)'),
          m.status !== 'ERASED' && m.status !== 'MERGED' ? el('button', { className: 'btn btn-danger', id: 'erase-button', onclick: () => {
            const reason = prompt(`Erase member ${id}? Name, phone, e-mail, cards and customer number go from every place the hub keeps them;`
              + ' points and sales stay. This cannot be undone. Why (a case number, no personal data)?');
            if (reason === null) return;
            act(`Erase member ${id} now? This cannot be undone.`, () => api(`/api/members/${id}/erasure`, json({ reason })));
          } }, 'Erase…') : '') : ''),
      said)),
    el('div', { className: 'col-lg-7' }, card('Points ledger (newest first)',
      table(['when', 'reason', { label: 'points', num: true }, 'ticket', 'reference'],
        ledger.map(e => el('tr', {}, td(time(e.createdAt)), td(e.reason), td(count(e.delta), 'num'), td(e.ticket), td(e.reference)))),
      el('p', { className: 'small text-secondary mb-0' }, 'Points entries only; gift cards are below.')),
      card('Gift cards', giftCards.length === 0 ? el('p', { className: 'text-secondary mb-0', id: 'member-gift-cards' }, 'No gift card registered.')
        : table(['card', 'state', { label: 'balance', num: true }, 'store', 'activated'], giftCards.map(c => el('tr', {},
          td(el('code', {}, c.number)), td(c.state.toLowerCase()), td(minor(c.balance, c.currency), 'num'), td(c.store), td(time(c.activatedAt)))),
          { id: 'member-gift-cards' })),
      card('Vouchers', vouchers.length === 0 ? el('p', { className: 'text-secondary mb-0', id: 'vouchers' }, 'No voucher bought.')
        : table(['voucher', 'reward', { label: 'points', num: true }, 'status', 'good until', 'used at', { label: 'discount', num: true }],
          vouchers.map(v => el('tr', {}, td(el('code', {}, v.voucher)), td(v.reward), td(count(v.pointsCost), 'num'), td(v.status.toLowerCase()),
            td(time(v.expiresAt)), td(v.usedStore ? `${v.usedStore}, ${time(v.usedAt)}` : ''), td(money(v.discount, v.currency), 'num'))),
          { id: 'vouchers' })),
      card('Consents (oldest first)', consents.length === 0 ? el('p', { className: 'text-secondary mb-0', id: 'consents' }, 'No consent given or withdrawn.')
        : table(['when', 'consent', 'given', 'through'], consents.map(c => el('tr', {}, td(time(c.at)), td(c.kind.toLowerCase()),
          td(c.value ? 'yes' : 'no'), td(c.source.toLowerCase()))), { id: 'consents' })))));
}

/** The rewards catalogue: what points buy; an admin adds or changes a reward by its code. */
pages.rewards = async page => {
  const list = el('div');
  const said = el('div', { className: 'mt-2', id: 'reward-said' });
  const field = (id, placeholder, type = 'text') => el('input', { className: 'form-control', id, placeholder, type });
  const code = field('reward-code', 'code, e.g. 50OFF'), name = field('reward-name', 'name, e.g. 50 kr off');
  const cost = field('reward-cost', 'points', 'number'), value = field('reward-value', 'value', 'number');
  const currency = field('reward-currency', 'currency (AMOUNT)'), days = field('reward-days', 'valid days', 'number');
  const tiers = field('reward-tiers', 'tiers, comma-separated (none: all)');
  const kind = el('select', { className: 'form-select', id: 'reward-kind' }, ['AMOUNT', 'PERCENT', 'ITEM'].map(k => el('option', { value: k }, k)));
  value.step = '0.01';
  const load = async () => {
    const rewards = await api('/api/rewards');
    list.replaceChildren(rewards.length === 0 ? el('p', { className: 'text-secondary' }, 'No rewards yet.')
      : table(['code', 'name', { label: 'points', num: true }, 'kind', { label: 'value', num: true }, 'valid days', 'tiers', 'active'],
        rewards.map(r => el('tr', {}, td(el('code', {}, r.code)), td(r.name), td(count(r.pointsCost), 'num'), td(r.kind.toLowerCase()),
          td(r.kind === 'PERCENT' ? r.value + ' %' : money(r.value, r.currency), 'num'), td(r.validDays), td((r.tiers || []).join(', ') || 'all'),
          td(r.active ? 'yes' : 'no'))), { id: 'rewards' }));
  };
  page.append(card('Rewards catalogue', list));
  const mappings = (await api('/api/mappings')).filter(m => m.loyalty);
  page.append(card('How points mature and expire, per mapping', mappings.length === 0 ? el('p', { className: 'text-secondary mb-0' }, 'No mapping.')
    : table(['mapping', 'merchant', { label: 'pending days', num: true }, 'matures', 'expiry'], mappings.map(m => el('tr', {},
      td(m.name), td(m.merchant), td(m.loyalty.pendingDays, 'num'),
      td(m.loyalty.matureOn === 'DAY_CLOSE' ? 'when the window is over and the store day closed balanced' : 'when the window is over'),
      td(m.loyalty.expiry === 'NONE' ? 'never' : `${m.loyalty.expiry.toLowerCase()} ${m.loyalty.expiryPeriod}`))), { id: 'programs' }),
    el('p', { className: 'small text-secondary mt-2 mb-0' }, 'Set in the mapping\'s loyalty: block (Mappings page); a change counts for the points earned after it.')));
  const runs = el('div');
  const loadRuns = async () => {
    const done = await api('/api/loyalty/runs?limit=10');
    runs.replaceChildren(done.length === 0 ? el('p', { className: 'text-secondary mb-0' }, 'No run yet.')
      : table(['as of', 'started', 'by', { label: 'matured', num: true }, { label: 'expired', num: true }, { label: 'members', num: true }],
        done.map(r => el('tr', {}, td(r.asOf), td(time(r.startedAt)), td(r.startedBy), td(count(r.matured), 'num'), td(count(r.expired), 'num'),
          td(count(r.members), 'num'))), { id: 'loyalty-runs' }));
  };
  await loadRuns();
  const runSaid = el('div', { className: 'mt-2', id: 'loyalty-run-said' });
  const asOf = el('input', { type: 'date', className: 'form-control', id: 'loyalty-as-of' });
  page.append(card('Maturing and expiry runs (daily, as of the day before)', runs, await isAdmin() ? el('div', { className: 'input-group mt-3' }, asOf,
    el('button', { className: 'btn btn-outline-primary', id: 'loyalty-run-button', onclick: async () => {
      if (!asOf.value || !confirm(`Mature and expire points as of ${asOf.value}? Points past their expiry are gone after it.`)) return;
      try {
        const r = await api('/api/loyalty/run?asOf=' + asOf.value, { method: 'POST' });
        runSaid.textContent = `${count(r.matured)} points matured, ${count(r.expired)} expired.`;
        loadRuns();
      } catch (e) { runSaid.textContent = e.message; }
    } }, 'Run as of this day')) : '', runSaid));
  if (await isAdmin()) {
    page.append(card('Add or change a reward', el('form', { className: 'row g-2', onsubmit: async e => {
      e.preventDefault();
      try {
        await api('/api/rewards/' + encodeURIComponent(code.value), { method: 'PUT', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: name.value, pointsCost: Number(cost.value), kind: kind.value, value: Number(value.value),
            currency: currency.value || null, validDays: Number(days.value), active: true,
            tiers: tiers.value ? tiers.value.split(',').map(t => t.trim()).filter(Boolean) : [] }) });
        said.textContent = `Reward ${code.value} saved.`;
        load();
      } catch (error) { said.textContent = error.message; }
    } }, [code, name, cost, kind, value, currency, days, tiers].map(input => el('div', { className: 'col-md-3' }, input)),
      el('div', { className: 'col-md-3' }, el('button', { className: 'btn btn-primary', id: 'reward-save' }, 'Save'))), said));
  }
  await load();
};

pages['gift-cards'] = async (page, number) => {
  const input = el('input', { className: 'form-control', id: 'gift-card-number', placeholder: 'gift card number', value: number || '' });
  const shown = el('div', { id: 'gift-card' });
  const batches = el('div'), batch = el('div', { id: 'batch' });
  const owedDay = el('input', { type: 'date', className: 'form-control mb-2', id: 'liability-day', value: isoDay(new Date()) });
  const owedTable = el('div');
  const owed = el('div', {}, owedDay, owedTable);
  const soldDay = el('input', { type: 'date', className: 'form-control mb-2', id: 'sold-day', value: isoDay(new Date()) });
  const soldTable = el('div');
  const sold = el('div', {}, soldDay, soldTable);
  const look = async () => {
    try {
      const c = await api('/api/gift-cards/' + encodeURIComponent(input.value.trim()));
      const activities = await api(`/api/gift-cards/${encodeURIComponent(c.number)}/activities?limit=50`);
      shown.replaceChildren(el('p', {}, badge(c.state, c.state === 'ACTIVE' ? 'running' : 'stopped'),
        ` balance ${minor(c.balance, c.currency)}, available ${minor(c.available, c.currency)}`),
      apiImage(`/api/gift-cards/${encodeURIComponent(c.number)}/barcode.png`, { className: 'barcode mb-2', alt: 'gift card barcode' }),
      table(['when', 'what', { label: 'amount', num: true }, { label: 'balance after', num: true }, 'store', 'reference'],
        activities.map(a => el('tr', {}, td(time(a.createdAt)), td(a.type + (a.forced ? ' (offline)' : '')), td(minor(a.amount, c.currency), 'num'),
          td(minor(a.balanceAfter, c.currency), 'num'), td(a.store), td(a.reference)))));
    } catch (e) { shown.replaceChildren(el('p', { className: 'text-danger' }, e.message)); }
  };
  page.append(el('div', { className: 'row' },
    el('div', { className: 'col-lg-7' }, card('Look up a card', el('form', { className: 'input-group mb-3', onsubmit: e => { e.preventDefault(); look(); } },
      input, el('button', { className: 'btn btn-primary' }, 'Look up')), shown)),
    el('div', { className: 'col-lg-5' }, card('Sold per store: on receipts and by the till', sold),
      card('Outstanding (what the cards owe their holders)', owed), card('Batches', batches, batch))));
  const showSold = async () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const rows = await api(`/api/gift-cards/sold?date=${soldDay.value}&zone=${encodeURIComponent(zone)}`);
    soldTable.replaceChildren(rows.length === 0 ? el('p', { className: 'text-secondary mb-0', id: 'gift-cards-sold' }, 'No gift card sold that day.')
      : table(['store', { label: 'receipt lines', num: true }, { label: 'on receipts', num: true }, { label: 'till calls', num: true },
        { label: 'by the till', num: true }], rows.map(r => el('tr', {}, td(r.store), td(count(r.receiptLines), 'num'),
        td(minor(r.onReceipts, r.currency), 'num'), td(count(r.tillCalls), 'num'), td(minor(r.byTill, r.currency), 'num'))),
        { id: 'gift-cards-sold' }));
  };
  soldDay.onchange = showSold;
  await showSold();
  const showOwed = async () => {
    const rows = await api('/api/gift-cards/liability?asOf=' + owedDay.value);
    owedTable.replaceChildren(rows.length === 0 ? el('p', { className: 'text-secondary mb-0' }, 'No card held money that day.')
      : table(['currency', { label: 'cards', num: true }, { label: 'outstanding', num: true }], rows.map(r => el('tr', {},
        td(r.currency), td(count(r.cards), 'num'), td(minor(r.outstanding, r.currency), 'num'))), { id: 'gift-card-liability' }));
  };
  owedDay.onchange = showOwed;
  await showOwed();
  const recent = await api('/api/gift-cards/batches');
  batches.replaceChildren(recent.length === 0 ? el('p', { className: 'text-secondary' }, 'No batch activated yet.')
    : table(['batch', 'status', { label: 'cards', num: true }, 'store', 'started'], recent.map(b => el('tr', { className: 'clickable', onclick: async () => {
      const d = await api('/api/gift-cards/batches/' + b.id);
      batch.replaceChildren(el('h6', {}, `Batch ${d.id}: ${d.status}, ${count(d.activated)} activated, ${count(d.declined)} declined of ${count(d.count)}`),
        table(['first', 'last', 'status', { label: 'activated', num: true }, { label: 'declined', num: true }],
          d.blocks.map(k => el('tr', { title: k.declines.map(x => `${x.number}: ${x.reason}`).join('\n') },
            td(k.first), td(k.last), td(k.status), td(count(k.activated), 'num'), td(count(k.declined), 'num')))));
    } }, td(b.id), td(b.status), td(count(b.count), 'num'), td(b.store), td(time(b.created_at))))));
  if (number) look();
};

pages.payments = async page => {
  const date = el('input', { type: 'date', className: 'form-control', id: 'payments-date', value: isoDay(new Date()) });
  const store = el('input', { className: 'form-control', id: 'payments-store', placeholder: 'every store' });
  const state = el('select', { className: 'form-select' }, el('option', { value: '' }, 'every state'),
    ['CREATED', 'AUTHORIZED', 'ABORTED', 'EXPIRED', 'TERMINATED'].map(s => el('option', { value: s }, s)));
  const list = el('div');
  const load = async () => {
    const query = new URLSearchParams({ date: date.value });
    if (store.value) query.set('store', store.value);
    if (state.value) query.set('state', state.value);
    const payments = await api('/api/payments?' + query);
    list.replaceChildren(payments.length === 0 ? el('p', { className: 'text-secondary' }, 'No payment that day.')
      : table(['reference', 'store', 'state', 'till sees', { label: 'amount', num: true }, { label: 'authorized', num: true },
        { label: 'captured', num: true }, { label: 'refunded', num: true }, 'created', 'sale'], payments.map(p => el('tr', {},
        td(p.reference), td(p.store), td(p.state), td(p.tillState), td(minor(p.amount, p.currency), 'num'), td(minor(p.authorized, p.currency), 'num'),
        td(minor(p.captured, p.currency), 'num'), td(minor(p.refunded, p.currency), 'num'), td(time(p.createdAt)),
        td(p.sale ? `ticket ${p.sale.ticket} (${money(p.sale.total, p.currency)})` : 'no sale matched')))));
  };
  [date, store, state].forEach(i => i.addEventListener('change', load));
  page.append(card('Payments of the day', el('div', { className: 'row g-2 mb-2' }, el('div', { className: 'col-md-3' }, date),
    el('div', { className: 'col-md-3' }, store), el('div', { className: 'col-md-3' }, state)), list));
  load();
};

pages['day-close'] = async (page, store, date) => {
  if (store && date) return storeDay(page, store, date);
  const days = [...Array(7).keys()].map(i => daysAgo(6 - i));
  const closes = await Promise.all(days.map(d => api('/api/day-close?date=' + d)));
  const stores = [...new Set(closes.flat().map(c => c.store))].sort();
  page.append(card('Stores × days (last 7): click a cell for its registers, tenders and missing tickets',
    stores.length === 0 ? el('p', { className: 'text-secondary mb-0' }, 'No store had sales or a Z-report in the last 7 days.')
      : table(['store', ...days], stores.map(s => el('tr', {}, td(s, 'fw-semibold'), days.map((d, i) => {
        const c = closes[i].find(x => x.store === s);
        return c ? el('td', { className: `clickable status-${c.status}`, onclick: () => location.hash = `#day-close/${s}/${d}` }, c.status,
          ...dayMarks(c).map(m => el('div', { className: 'small text-danger' }, m))) : td('');
      }))), { className: 'grid', id: 'day-close-grid' })), await receiptsCard());
};

/** The e-receipts' outbox (contract §22): how many wait, went and failed, the failed ones with why; an operator tries one again. */
async function receiptsCard() {
  const r = await api('/api/receipts?state=FAILED&limit=20');
  const operator = (await roles()).includes('OPERATOR');
  const said = el('div', { className: 'mt-2', id: 'receipts-said' });
  const retry = async id => {
    try {
      await api(`/api/receipts/${id}/retry`, { method: 'POST' });
      said.textContent = `Receipt ${id} is tried again.`;
      route();
    } catch (error) { said.textContent = error.message; }
  };
  const counts = el('p', { id: 'receipt-counts' }, `${count(r.counts.PENDING)} waiting, ${count(r.counts.SENT)} sent, `,
    el('span', { className: r.counts.FAILED ? 'text-danger fw-semibold' : '' }, `${count(r.counts.FAILED)} failed`), '.');
  const failed = r.receipts.length === 0 ? '' : table(['receipt', 'member', 'of', 'by', 'tries', 'why', 'made', ''], r.receipts.map(x => el('tr', {},
    td(x.id), td(el('a', { href: '#members/' + x.memberId }, String(x.memberId))), td(`${x.kind === 'SALE' ? 'sale' : 'gift card'} ${x.sourceId}`),
    td(x.channel), td(count(x.tries), 'num'), td(x.lastError || ''), td(time(x.createdAt)),
    td(operator ? el('button', { className: 'btn btn-sm btn-outline-primary', onclick: () => retry(x.id) }, 'Try again') : ''))),
  { id: 'receipts-failed' });
  return card('E-receipts', counts, failed, said);
}

/** What else a store-day's cell says beside its status: drawers over or short, terminals that settled otherwise. */
function dayMarks(c) {
  const off = c.registers.filter(r => r.cash && r.cash.overShort !== undefined && Number(r.cash.overShort) !== 0);
  const marks = off.length ? ['cash ' + off.map(r => `${r.register} ${Number(r.cash.overShort) > 0 ? '+' : ''}${r.cash.overShort}`).join(', ')] : [];
  if (c.terminals && c.terminals.label) marks.push(`terminals ${Number(c.terminals.difference) > 0 ? '+' : ''}${c.terminals.difference}`);
  return marks;
}

async function storeDay(page, store, date) {
  const d = await api(`/api/day-close?store=${encodeURIComponent(store)}&date=${date}`);
  const tenders = lines => table(['tender', { label: 'Z-report', num: true }, { label: 'sales received', num: true },
    { label: 'taken by the hub', num: true }, { label: 'difference', num: true }, 'likely cause'], lines.map(t => el('tr', {},
    td(t.tender), td(money(t.zAmount, d.currency), 'num'), td(money(t.hubAmount, d.currency), 'num'), td(money(t.providerAmount, d.currency), 'num'),
    td(money(t.difference, d.currency), 'num ' + (t.difference && Number(t.difference) !== 0 ? 'text-danger fw-semibold' : '')), td(t.label || ''))));
  page.append(card(`Store ${d.store} on ${d.date} (${d.merchant})`, el('p', {}, badge(d.status, d.status)), tenders(d.tenders)),
    ...d.registers.map(r => card(`Register ${r.register || '(none)'} — Z ${r.zNo || 'missing'}`,
      el('p', {}, badge(r.status, r.status), ` ${count(r.receivedTickets)} tickets received` + (r.zTicketCount === null ? '' : ` of ${count(r.zTicketCount)} in the Z`)),
      r.missingTickets.length ? el('p', { className: 'text-danger' }, 'Missing tickets: ' + r.missingTickets.join(', ')) : '',
      r.unexpectedTickets.length ? el('p', { className: 'text-warning' }, 'Tickets outside the Z: ' + r.unexpectedTickets.join(', ')) : '',
      tenders(r.tenders))));
  if (d.terminals) page.append(terminalsCard(d));
  page.append(await cashCard(d, store, date));
  page.append(journalCard(await api(`/api/journal?from=${date}&to=${date}&store=${encodeURIComponent(store)}`), d.merchant));
}

/** The store-day's journal (contract §22): each version, whether the accountant's endpoint took it, and its lines. */
function journalCard(versions, merchant) {
  const mine = versions.filter(v => v.merchant === merchant);
  if (mine.length === 0) return card('Journal', el('p', { className: 'text-secondary mb-0' }, 'No journal yet: one is made once the day is closed (its Z-report came, no ticket missing).'));
  return card('Journal', table(['version', 'kind', 'state', 'tries', 'sent', 'last error', 'lines'], mine.map(v => el('tr', {},
    td(v.version), td(v.kind), td(badge(v.state, v.state === 'SENT' ? 'BALANCED' : 'MISMATCH')), td(count(v.tries), 'num'), td(time(v.sentAt)),
    td(v.lastError || ''), td(v.lines.map(l => `${l.account} ${Number(l.debit) ? 'Dr ' + money(l.debit, v.currency) : 'Cr ' + money(l.credit, v.currency)}`).join('; ')))),
  { id: 'journal' }));
}

/** What the card terminals settled against the sales' card tenders (contract §22), and the tickets that may explain a difference. */
function terminalsCard(d) {
  const t = d.terminals;
  return card('Card terminals', table([{ label: 'settled by the terminals', num: true }, { label: 'card tenders of the sales', num: true },
    { label: 'difference', num: true }, 'label', 'perhaps keyed wrong'], [el('tr', {}, td(money(t.settled, d.currency), 'num'),
    td(money(t.cardTendered, d.currency), 'num'), td(money(t.difference, d.currency), 'num ' + (t.label ? 'text-danger fw-semibold' : '')),
    td(t.label || ''), td((t.candidates || []).join(', ')))], { id: 'terminals' }));
}

/** The drawers of a store-day (contract §22): float, cash taken, expected, counted, over or short; an operator counts one here. */
async function cashCard(d, store, date) {
  const drawers = d.registers.filter(r => r.cash);
  const off = c => c.overShort !== undefined && Number(c.overShort) !== 0;
  const rows = drawers.map(r => el('tr', {}, td(r.register), td(money(r.cash.float, d.currency), 'num'),
    td(money(r.cash.tendered, d.currency), 'num'), td(money(r.cash.expected, d.currency), 'num'), td(money(r.cash.counted, d.currency), 'num'),
    td(r.cash.overShort === undefined ? 'not counted' : money(r.cash.overShort, d.currency), 'num ' + (off(r.cash) ? 'text-danger fw-semibold' : ''))));
  const list = drawers.length === 0 ? el('p', { className: 'text-secondary' }, 'No register took cash or was counted.')
    : table(['register', { label: 'float', num: true }, { label: 'cash taken', num: true }, { label: 'expected', num: true },
      { label: 'counted', num: true }, { label: 'over (+) / short (−)', num: true }], rows, { id: 'cash-drawers' });
  if (!(await roles()).includes('OPERATOR')) return card('Cash', list);
  const digits = d.currency ? new Intl.NumberFormat(undefined, { style: 'currency', currency: d.currency }).resolvedOptions().maximumFractionDigits : 2;
  const toMinor = v => Math.round(Number(v) * Math.pow(10, digits));
  const register = el('input', { className: 'form-control', id: 'cash-register', placeholder: 'register', required: true });
  const float = el('input', { className: 'form-control', id: 'cash-float', placeholder: 'float', type: 'number', step: 'any', min: 0, required: true });
  const counted = el('input', { className: 'form-control', id: 'cash-counted', placeholder: 'counted', type: 'number', step: 'any', min: 0, required: true });
  const said = el('div', { className: 'mt-2', id: 'cash-said' });
  const form = el('form', { className: 'row g-2 mt-2', onsubmit: async e => {
    e.preventDefault();
    try {
      const cash = await api(`/api/day-close/${encodeURIComponent(store)}/${date}/cash-counts?merchant=${encodeURIComponent(d.merchant)}`,
        json({ register: register.value, float: toMinor(float.value), counted: toMinor(counted.value) }));
      said.textContent = `Register ${register.value}: over (+) / short (−) ${money(cash.overShort, d.currency)}.`;
      route();
    } catch (error) { said.textContent = error.message; }
  } }, el('div', { className: 'col-md-3' }, register), el('div', { className: 'col-md-3' }, float), el('div', { className: 'col-md-3' }, counted),
  el('div', { className: 'col-md-3' }, el('button', { className: 'btn btn-outline-primary w-100', id: 'cash-count-button' }, 'Count the drawer')));
  return card('Cash', list, form, said);
}

pages.mappings = async (page, name) => {
  const mappings = await api('/api/mappings');
  const list = el('div', { className: 'list-group', id: 'mapping-list' }, mappings.map(m => el('a', {
    className: 'list-group-item list-group-item-action' + (m.name === name ? ' active' : ''), href: '#mappings/' + m.name },
  el('div', { className: 'fw-semibold' }, m.name), el('small', {}, m.error ? '⚠ ' + m.error : `${m.format} · ${m.merchant}`))),
  el('a', { className: 'list-group-item list-group-item-action', href: '#mappings/+new' }, '+ New mapping from a sample file'));
  const right = el('div');
  page.append(el('div', { className: 'row' }, el('div', { className: 'col-lg-3' }, list), el('div', { className: 'col-lg-9' }, right)));
  if (name === '+new') return wizard(right);
  if (name) editor(right, name, await api('/api/mappings/' + encodeURIComponent(name)));
};

/** The YAML editor: a textarea with line numbers; Check, Try and Save against the API. */
function editor(box, name, text) {
  const area = el('textarea', { id: 'mapping-text', spellcheck: false, value: text });
  const gutter = el('div', { className: 'gutter', id: 'mapping-gutter' });
  const problems = el('div', { id: 'mapping-problems' });
  const tried = el('div', { id: 'mapping-tried' });
  const sample = el('input', { type: 'file', className: 'form-control', id: 'mapping-sample' });
  let bad = new Set();
  const numbers = () => {
    const n = area.value.split('\n').length;
    gutter.replaceChildren(...[...Array(n).keys()].map(i => el('div', { className: bad.has(i + 1) ? 'bad' : '' }, i + 1)));
    gutter.scrollTop = area.scrollTop;
  };
  area.addEventListener('input', numbers);
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  const say = check => {
    bad = new Set(check.problems.map(p => p.line).filter(Boolean));
    numbers();
    problems.replaceChildren(check.ok ? el('div', { className: 'alert alert-success py-2' }, 'The mapping is good.')
      : el('div', { className: 'alert alert-danger py-2' }, check.problems.map(p => el('div', { className: 'problem', dataset: { line: p.line || '' } },
        p.line ? el('a', { href: '#', onclick: e => { e.preventDefault(); goTo(p.line); } }, `line ${p.line}`) : '', p.line ? ': ' : '',
        p.message.replace(/^mapping '[^']*'(, line \d+)?: /, '')))));
  };
  const goTo = line => {
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
    area.focus();
    area.setSelectionRange(start, start + lines[line - 1].length);
  };
  const post = (path, body, type = 'text/plain') => api(path, { method: 'POST', headers: { 'Content-Type': type }, body });
  const check = async () => say(await post(`/api/mappings/${encodeURIComponent(name)}/check`, area.value));
  const tryIt = async () => {
    if (!sample.files[0]) { tried.replaceChildren(el('p', { className: 'text-danger' }, 'Choose a sample file to try.')); return; }
    const form = new FormData();
    form.append('text', new Blob([area.value], { type: 'text/plain' }));
    form.append('file', sample.files[0]);
    try {
      const p = await api(`/api/mappings/${encodeURIComponent(name)}/try`, { method: 'POST', body: form });
      tried.replaceChildren(el('p', {}, `Tried (nothing written): ${count(p.rowsTotal)} rows, ${count(p.counts.rowsRejected)} rejected; ${count(p.salesTotal)} sales.`),
        p.rejects.length ? table(['line', 'reason'], p.rejects.map(r => el('tr', {}, td(`line ${r.lineNo}`), td(r.reason)))) : '',
        table(['store', 'ticket', 'day', { label: 'net', num: true }, 'outcome', 'member', { label: 'points', num: true }],
          p.sales.map(s => el('tr', {}, td(s.store), td(s.ticket), td(s.businessDate), td(money(s.net), 'num'), td(s.outcome),
            td(s.memberId), td(count(s.points), 'num'))), { id: 'tried-sales' }));
    } catch (e) {
      tried.replaceChildren();
      say({ ok: false, problems: [{ line: e.body && e.body.line, message: e.message }] });
    }
  };
  const save = async () => {
    const check = await api(`/api/mappings/${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: area.value });
    say(check);
    problems.append(el('div', { className: 'alert alert-info py-2', id: 'mapping-saved' }, check.ok ? `Saved: the next file read with ${name} uses it.`
      : `Saved, but the hub refuses it: the last good version of ${name} keeps running until this is fixed.`));
  };
  box.replaceChildren(card(`Mapping ${name}`,
    el('div', { className: 'editor mb-2' }, gutter, area),
    el('div', { className: 'row g-2 mb-2' },
      el('div', { className: 'col-auto' }, el('button', { className: 'btn btn-outline-secondary', id: 'check-button', onclick: check }, 'Check')),
      el('div', { className: 'col-md-5' }, el('div', { className: 'input-group' }, sample,
        el('button', { className: 'btn btn-outline-secondary', id: 'try-button', onclick: tryIt }, 'Try'))),
      el('div', { className: 'col-auto' }, el('button', { className: 'btn btn-primary', id: 'save-button', onclick: save }, 'Save'))),
    problems, tried));
  numbers();
}

const FIELDS = ['store', 'register', 'ticket', 'date', 'time', 'dateTime', 'card', 'phone', 'email', 'externalId', 'sku', 'description',
  'category', 'quantity', 'unitPrice', 'lineNet', 'lineTax', 'tax', 'total', 'tender', 'origTicket'];

/** The new-mapping wizard: a sample's header and first rows, a column picked for each field → a generic mapping. */
function wizard(box) {
  const sample = el('input', { type: 'file', className: 'form-control', id: 'wizard-sample' });
  const shown = el('div', { id: 'wizard-columns' });
  box.replaceChildren(card('New mapping from a sample file', el('p', {}, 'Choose a file the POS exports: its header and first rows are shown, '
    + 'then pick which column holds each field.'), sample, shown));
  sample.addEventListener('change', async () => {
    const form = new FormData();
    form.append('file', sample.files[0]);
    const s = await api('/api/mappings/sniff', { method: 'POST', body: form });
    const input = (id, value, placeholder = '') => el('input', { className: 'form-control form-control-sm', id: 'wizard-' + id, value, placeholder });
    const hasHeader = el('input', { type: 'checkbox', className: 'form-check-input', id: 'wizard-header', checked: !s.header.every(h => /^[-\d.,]*$/.test(h)) });
    const columns = () => hasHeader.checked ? s.header : s.header.map((_, i) => String(i + 1));
    const picks = {};
    const pickers = el('div', { className: 'row g-2' });
    const drawPickers = () => pickers.replaceChildren(...FIELDS.map(f => {
      picks[f] = el('select', { className: 'form-select form-select-sm', id: 'wizard-field-' + f }, el('option', { value: '' }, '—'),
        columns().map((c, i) => el('option', { value: c }, hasHeader.checked ? c : `column ${c}: ${s.header[i]}`)));
      return el('div', { className: 'col-md-3' }, el('label', { className: 'form-label small mb-0' }, f), picks[f]);
    }));
    hasHeader.addEventListener('change', drawPickers);
    drawPickers();
    const settings = {
      name: input('name', '', 'e.g. kasse-nord'), merchant: input('merchant', 'demo'), currency: input('currency', 'NOK'),
      timezone: input('timezone', Intl.DateTimeFormat().resolvedOptions().timeZone), phoneRegion: input('phoneRegion', 'NO'),
      match: input('match', 'card, phone'), datePattern: input('datePattern', 'yyyy-MM-dd'), timePattern: input('timePattern', 'HH:mm:ss'),
      decimal: input('decimal', '.'), thousands: input('thousands', '', 'e.g. space or ,'), symbols: input('symbols', '', 'e.g. kr, $'),
      minorUnits: el('input', { type: 'checkbox', className: 'form-check-input', id: 'wizard-minorUnits' }),
    };
    const build = () => {
      const quote = v => /^[\w./-]+$/.test(v) && !/^(yes|no|true|false|on|off|null)$/i.test(v) ? v : JSON.stringify(v);
      const list = v => '[' + v.split(',').map(x => x.trim()).filter(Boolean).map(x => x === 'space' ? ' ' : x).map(quote).join(', ') + ']';
      const yaml = [`# Written by the console's wizard from ${sample.files[0].name}.`, 'format: generic', `merchant: ${quote(settings.merchant.value)}`,
        `currency: ${quote(settings.currency.value)}`, `timezone: ${quote(settings.timezone.value)}`, `phoneRegion: ${JSON.stringify(settings.phoneRegion.value)}`,
        `match: ${list(settings.match.value)}`, 'csv:', `  separator: ${s.separator === '\\t' ? 'tab' : JSON.stringify(s.separator)}`,
        `  charset: ${s.charset}`, `  header: ${hasHeader.checked}`, 'columns:'];
      FIELDS.filter(f => picks[f].value).forEach(f => yaml.push(`  ${f}: ${JSON.stringify(picks[f].value)}`));
      yaml.push('formats:');
      if (picks.dateTime.value) yaml.push(`  dateTime: ${JSON.stringify(settings.datePattern.value + ' ' + settings.timePattern.value)}`);
      else { yaml.push(`  date: ${JSON.stringify(settings.datePattern.value)}`); if (picks.time.value) yaml.push(`  time: ${JSON.stringify(settings.timePattern.value)}`); }
      yaml.push('amounts:', `  decimalSeparator: ${JSON.stringify(settings.decimal.value)}`,
        `  thousandsSeparators: ${list(settings.thousands.value)}`,
        `  currencySymbols: ${list(settings.symbols.value)}`, `  minorUnits: ${settings.minorUnits.checked}`);
      return yaml.join('\n') + '\n';
    };
    shown.replaceChildren(
      el('p', { className: 'mt-3 mb-1' }, `Read as ${s.charset}, separated by '${s.separator}'.`),
      table(s.header.map((h, i) => `${i + 1}: ${h}`), s.rows.map(r => el('tr', {}, r.map(v => td(v, 'mono')))), { id: 'wizard-rows' }),
      el('div', { className: 'form-check mb-2' }, hasHeader, el('label', { className: 'form-check-label', htmlFor: 'wizard-header' }, 'The first line is a header')),
      pickers,
      el('div', { className: 'row g-2 mt-2' }, Object.entries(settings).map(([k, v]) => el('div', { className: 'col-md-3' },
        el('label', { className: 'form-label small mb-0' }, k), v))),
      el('button', { className: 'btn btn-primary mt-3', id: 'wizard-build', onclick: () => {
        const name = settings.name.value.trim();
        if (!name) { settings.name.focus(); return; }
        const target = el('div');
        box.replaceChildren(target);
        editor(target, name, build());
      } }, 'Write the mapping'));
  });
}

pages['till-keys'] = async page => {
  const merchant = el('input', { className: 'form-control', id: 'key-merchant', value: 'demo' });
  const store = el('input', { className: 'form-control', id: 'key-store', placeholder: 'every store' });
  const label = el('input', { className: 'form-control', id: 'key-label', placeholder: 'e.g. till 3, Oslo S' });
  const made = el('div', { id: 'key-made' });
  const list = el('div');
  const load = async () => {
    const keys = await api('/api/till-keys');
    list.replaceChildren(table(['id', 'merchant', 'store', 'label', 'made', 'last used', 'revoked', ''], keys.map(k => el('tr', {},
      td(k.id), td(k.merchant), td(k.store || 'every store'), td(k.label), td(time(k.createdAt)), td(time(k.lastUsedAt)), td(time(k.revokedAt)),
      td(k.revokedAt ? '' : el('button', { className: 'btn btn-sm btn-outline-danger', onclick: async () => {
        if (!confirm(`Revoke till key ${k.id} (${k.label})? Tills using it are refused within seconds.`)) return;
        await api('/api/till-keys/' + k.id, { method: 'DELETE' });
        load();
      } }, 'Revoke')))), { id: 'till-keys' }));
  };
  page.append(card('Make a till key', el('form', { className: 'row g-2', onsubmit: async e => {
    e.preventDefault();
    const k = await api('/api/till-keys', json({ merchant: merchant.value, store: store.value || null, label: label.value }));
    made.replaceChildren(el('div', { className: 'alert alert-warning mt-2' }, 'The key, shown this once — give it to the till now: ',
      el('code', { className: 'user-select-all' }, k.key)));
    load();
  } }, el('div', { className: 'col-md-2' }, merchant), el('div', { className: 'col-md-2' }, store), el('div', { className: 'col-md-4' }, label),
  el('div', { className: 'col-md-2' }, el('button', { className: 'btn btn-primary', id: 'make-key' }, 'Make key'))), made), card('Till keys', list));
  load();
};

/** Who changed what (admins): newest first, by person and action; every value shown as text. */
pages.audit = async page => {
  const actor = el('input', { className: 'form-control', id: 'audit-actor', placeholder: 'person' });
  const action = el('input', { className: 'form-control', id: 'audit-action', placeholder: 'action, e.g. memberChange or LOGIN_FAILED' });
  const list = el('div');
  const load = async () => {
    const query = new URLSearchParams({ limit: '200' });
    if (actor.value) query.set('actor', actor.value);
    if (action.value) query.set('action', action.value);
    const events = await api('/api/audit?' + query);
    list.replaceChildren(table(['when', 'who', 'action', 'target', 'status', 'what changed'], events.map(e => el('tr', {},
      td(time(e.at)), td(e.actor), td(e.action), td(el('code', {}, e.target)), td(e.status, e.status >= 400 ? 'text-danger' : ''),
      td(Object.keys(e.detail || {}).length ? el('code', { className: 'small' }, JSON.stringify(e.detail)) : ''))), { id: 'audit' }));
  };
  const sweeps = el('div');
  const loadSweeps = async () => {
    const runs = await api('/api/retention/runs?limit=20');
    sweeps.replaceChildren(runs.length === 0 ? el('p', { className: 'text-secondary' }, 'The retention sweep has not run yet.')
      : table(['started', 'by', 'day', { label: 'reject lines', num: true }, { label: 'files', num: true }, { label: 'parked sales', num: true }],
        runs.map(r => el('tr', {}, td(time(r.startedAt)), td(r.startedBy), td(r.day), td(count(r.rejectLines), 'num'), td(count(r.files), 'num'),
          td(count(r.parkedSales), 'num'))), { id: 'retention-runs' }));
  };
  page.append(card('Audit trail', el('form', { className: 'row g-2 mb-3', onsubmit: e => { e.preventDefault(); load(); } },
    el('div', { className: 'col-md-3' }, actor), el('div', { className: 'col-md-4' }, action),
    el('div', { className: 'col-md-2' }, el('button', { className: 'btn btn-primary' }, 'Show'))), list),
  card('Retention sweeps: raw data removed past its period', el('p', { className: 'small text-secondary' },
    'Daily on one node: raw reject lines, files in archive/ and error/, parked sales no member came for (poshub.retention.*).'),
    el('button', { className: 'btn btn-outline-primary mb-3', id: 'retention-run', onclick: async () => {
      if (!confirm('Run the retention sweep now? What is past its period is removed.')) return;
      await api('/api/retention/run', { method: 'POST' });
      loadSweeps();
    } }, 'Run now'), sweeps));
  await Promise.all([load(), loadSweeps()]);
};

// ---- the router ----

async function route() {
  timers.forEach(clearInterval);
  timers = [];
  showProblem(null);
  const [name, ...args] = (location.hash.slice(1) || 'today').split('/').map(decodeURIComponent);
  document.querySelectorAll('#nav .nav-link').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#' + name));
  const page = document.getElementById('page');
  page.replaceChildren();
  try {
    await (pages[name] || pages.today)(page, ...args);
  } catch (e) {
    showProblem(e);
  }
}

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', e => showProblem(e.reason));
setInterval(() => { document.getElementById('clock').textContent = new Date().toLocaleString(); }, 1000);
// Signing out forgets the credentials this tab keeps (no inline handler: the Content-Security-Policy runs none).
document.getElementById('sign-out').addEventListener('click', () => sessionStorage.removeItem('poshub.authorization'));

if (sessionStorage.getItem('poshub.authorization')) {
  route();
} else {
  signIn();
}
