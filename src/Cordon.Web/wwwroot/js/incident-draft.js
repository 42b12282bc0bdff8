// Saves the incident report form as the officer types: to the server, and to this device's storage so that
// nothing is lost on a dropped connection. The form works without this script (plain POST, "Save draft").
const form = document.getElementById('incident-form');
const status = document.getElementById('draft-status');
const KEY = 'cordon.incident-draft';
let timer = null;
let pending = false;

function fields() {
  const data = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string') data.append(name, value);
  }
  return data;
}

function restoreFromDevice() {
  let stored;
  try { stored = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { stored = null; }
  if (!stored || !stored.body) return;
  const serverSavedAt = Number(form.dataset.draftSavedAt || 0);
  if (stored.savedAt <= serverSavedAt) return;
  const values = new URLSearchParams(stored.body);
  for (const el of form.elements) {
    if (!el.name || !el.name.startsWith('Input.') || !values.has(el.name)) continue;
    if (el.type === 'checkbox') el.checked = values.getAll(el.name).includes(el.value);
    else el.value = values.get(el.name);
  }
  for (const el of form.elements) {
    if (el.type === 'checkbox' && el.name.startsWith('Input.') && !values.has(el.name)) el.checked = false;
  }
  pending = true;
  show(status.dataset.offline);
}

function show(text) { if (status) status.textContent = text; }

async function saveToServer() {
  const body = fields();
  try {
    const r = await fetch(form.dataset.draftUrl, {
      method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin',
    });
    if (!r.ok) throw new Error(String(r.status));
    pending = false;
    show(status.dataset.saved + ' ' + new Date().toISOString().slice(11, 19) + 'Z');
  } catch {
    pending = true;
    show(status.dataset.offline);
  }
}

function changed() {
  const body = fields();
  const copy = new URLSearchParams(body);
  copy.delete('__RequestVerificationToken');
  try { localStorage.setItem(KEY, JSON.stringify({ savedAt: Date.now(), body: copy.toString() })); } catch { /* storage full or off */ }
  clearTimeout(timer);
  timer = setTimeout(saveToServer, 800);
}

if (form) {
  restoreFromDevice();
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', (e) => {
    if (e.submitter && e.submitter.hasAttribute('formaction')) return;
    clearTimeout(timer);
    try { localStorage.removeItem(KEY); } catch { /* ignore */ }
  });
  window.addEventListener('online', () => { if (pending) saveToServer(); });
}
