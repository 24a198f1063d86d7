// The collect service's token for the shipped pages (demo and district): when the service
// runs with a token (`readycheck serve --token-file`), `collect.json` says so, and the page
// asks for the token once in a small form and keeps it for the browser session
// (sessionStorage), never in the page's address or on disk.
const KEY = 'readycheck:service-token';

/** Headers for the service's API: `{Authorization}` when it needs a token, else `{}`. */
export async function serviceHeaders(config, where) {
  if (!config?.token) return {};
  let token = sessionStorage.getItem(KEY);
  if (!token) token = await ask(where);
  sessionStorage.setItem(KEY, token);
  return { Authorization: `Bearer ${token}` };
}

/** Forgets the token (the service answered 401), so the next call asks again. */
export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

function ask(where) {
  return new Promise((resolve) => {
    const form = document.createElement('form');
    form.className = 'token-form';
    const label = document.createElement('label');
    label.textContent = '收集服务口令 Service token';
    const input = Object.assign(document.createElement('input'), { type: 'password', required: true, autocomplete: 'current-password' });
    const ok = Object.assign(document.createElement('button'), { type: 'submit', textContent: '确定 OK' });
    label.append(input);
    form.append(label, ok);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      form.remove();
      resolve(input.value.trim());
    });
    where.append(form);
    input.focus();
  });
}
