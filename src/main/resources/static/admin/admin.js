// The admin page: plain fetch() against the hub's own API, same origin, with the browser's admin login.
const api = (path, options = {}) => fetch(path, { credentials: 'same-origin', ...options }).then(async r => {
  const body = (r.headers.get('content-type') || '').includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error((body && body.detail) || r.status);
  return body;
});
const text = value => value === null || value === undefined ? '' : String(value);
const cell = value => { const td = document.createElement('td'); td.textContent = text(value); return td; };

async function loadImports() {
  const imports = await api('/api/imports?limit=50');
  const body = document.querySelector('#imports tbody');
  body.replaceChildren(...imports.map(i => {
    const tr = document.createElement('tr');
    tr.className = 'clickable';
    tr.dataset.importId = i.id;
    [i.id, i.kind === 'MEMBERS' ? `${i.feed} (members)` : i.feed, i.name, i.status, i.rowsTotal, i.rowsRejected, i.salesBooked, i.salesDuplicate, i.salesParked,
     i.salesAnonymous, i.receivedAt].forEach(v => tr.appendChild(cell(v)));
    tr.children[3].className = 'status status-' + i.status;
    tr.addEventListener('click', () => showImport(i.id));
    return tr;
  }));
}

async function showImport(id) {
  const detail = await api('/api/imports/' + id);
  const box = document.getElementById('import-detail');
  const lines = [`Import ${detail.id} — ${detail.name}: ${detail.status}` + (detail.error ? ` (${detail.error})` : '')];
  (detail.rejects || []).forEach(r => lines.push(`line ${r.lineNo}: ${r.reason}`));
  box.textContent = lines.join('\n');
  box.dataset.rejects = (detail.rejects || []).length;
}

async function loadParked() {
  const parked = await api('/api/parked?limit=100');
  document.querySelector('#parked tbody').replaceChildren(...parked.map(p => {
    const tr = document.createElement('tr');
    [p.id, p.feed, p.store, p.ticket, p.businessDate, p.netAmount, p.cardNumber, p.phone, p.email, p.externalId]
      .forEach(v => tr.appendChild(cell(v)));
    const td = document.createElement('td');
    const input = Object.assign(document.createElement('input'), { type: 'number', placeholder: 'member id', size: 8 });
    const button = Object.assign(document.createElement('button'), { textContent: 'Assign' });
    button.addEventListener('click', async () => {
      try {
        await api(`/api/parked/${p.id}/assign`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ memberId: Number(input.value) }) });
        loadParked();
      } catch (e) { td.append(' ' + e.message); }
    });
    td.append(input, button);
    tr.appendChild(td);
    return tr;
  }));
}

async function loadFeeds() {
  const feeds = await api('/api/feeds');
  const select = document.getElementById('feed-select');
  const chosen = select.value;
  select.replaceChildren(...feeds.map(f => Object.assign(document.createElement('option'), { value: f.feed, textContent: f.feed })));
  if (chosen) select.value = chosen;
  document.querySelector('#feeds tbody').replaceChildren(...feeds.map(f => {
    const tr = document.createElement('tr');
    [f.feed, f.source, f.kind === 'MEMBERS' ? `members of ${f.merchant}` : f.mapping, f.state + (f.error ? ': ' + f.error : ''),
     f.lastFile ? `${f.lastFile.name} (${f.lastFile.status})` : ''].forEach(v => tr.appendChild(cell(v)));
    return tr;
  }));
  const errors = await api('/api/config/errors');
  document.getElementById('config-errors').replaceChildren(...errors.map(e =>
    Object.assign(document.createElement('li'), { textContent: `${e.file}: ${e.message}` })));
}

async function send(kind) {
  const feed = document.getElementById('feed-select').value;
  const file = document.getElementById('file-input').files[0];
  const box = document.getElementById('upload-result');
  if (!file) { box.textContent = 'Choose a file first.'; return; }
  const form = new FormData();
  form.append('file', file);
  try {
    const answer = await api(`/api/feeds/${encodeURIComponent(feed)}/${kind}`, { method: 'POST', body: form });
    if (kind === 'preview') {
      const c = answer.counts;
      box.textContent = `Preview of ${file.name} on ${feed} (nothing written): rows ${answer.rowsTotal} (${c.rowsRejected} rejected), `
        + `sales ${answer.salesTotal} = ${c.salesBooked} booked + ${c.salesDuplicate} duplicate + ${c.salesParked} parked + `
        + `${c.salesAnonymous} anonymous\n` + answer.rejects.map(r => `line ${r.lineNo}: ${r.reason}`).join('\n');
    } else {
      box.textContent = `Uploaded ${file.name} to ${feed} as import ${answer.importId}.`;
      loadImports();
    }
    box.className = 'result';
  } catch (e) {
    box.textContent = e.message;
    box.className = 'result error';
  }
}

document.getElementById('preview-button').addEventListener('click', () => send('preview'));
document.getElementById('upload-button').addEventListener('click', () => send('uploads'));

function refresh() {
  Promise.all([loadImports(), loadParked(), loadFeeds()]).catch(e => {
    document.getElementById('who').textContent = 'Cannot reach the hub: ' + e.message;
  });
}
refresh();
setInterval(refresh, 3000);
