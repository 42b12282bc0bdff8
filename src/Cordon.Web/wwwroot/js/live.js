// Live notifications: the server pushes new notifications as server-sent events.
// EventSource reconnects by itself after a dropped connection.
const unread = document.querySelector('[data-unread]');
const toasts = document.getElementById('toasts');

async function refreshCount() {
  try {
    const r = await fetch('/api/v1/notifications?limit=1', { headers: { Accept: 'application/json' } });
    if (r.ok) {
      const page = await r.json();
      unread.textContent = page.unread > 0 ? String(page.unread) : '';
    }
  } catch { /* offline: the count refreshes on the next event */ }
}

function toast(n) {
  const el = document.createElement(n.link ? 'a' : 'div');
  el.className = 'toast';
  el.setAttribute('role', 'status');
  el.dataset.notificationId = String(n.id);
  if (n.link) el.href = n.link;
  el.textContent = n.text;
  toasts.prepend(el);
  setTimeout(() => el.remove(), 15000);
}

const source = new EventSource('/notifications/stream');
source.addEventListener('connected', () => { document.body.dataset.live = 'connected'; refreshCount(); });
source.addEventListener('notification', (e) => {
  const n = JSON.parse(e.data);
  toast(n);
  refreshCount();
});
source.addEventListener('error', () => { document.body.dataset.live = 'reconnecting'; });
