// Shared by the pages: the buyer's demo token, API calls, and the offset between this browser's clock and the server's.
const Seckill = (() => {
  async function api(method, path, body, headers = {}) {
    const token = await buyerToken();
    const init = { method, headers: { 'Authorization': 'Bearer ' + token, ...headers } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    let json = null;
    try { json = await res.json(); } catch (e) { /* an empty answer */ }
    return { status: res.status, body: json, headers: res.headers };
  }

  async function buyerToken() {
    let token = sessionStorage.getItem('seckill.token');
    if (token) return token;
    let user = sessionStorage.getItem('seckill.user');
    if (!user) {
      user = String(1 + Math.floor(Math.random() * 1e9));
      sessionStorage.setItem('seckill.user', user);
    }
    const res = await fetch('/api/demo/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: Number(user) }) });
    if (!res.ok) throw new Error('this app does not issue demo tokens: start it with --demo');
    token = (await res.json()).token;
    sessionStorage.setItem('seckill.token', token);
    return token;
  }

  function fmt(ms) {
    if (ms <= 0) return '00:00:00';
    const s = Math.floor(ms / 1000);
    const pad = n => String(n).padStart(2, '0');
    return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
  }

  return { api, buyerToken, fmt };
})();
