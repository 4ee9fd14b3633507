// The console's sign-in: the credentials are tried on the API and, when they are good, kept for this tab only
// (sessionStorage, gone when the tab closes) and sent with each of the console's calls.
'use strict';

const form = document.getElementById('login');
const refused = document.getElementById('refused');

function basic(user, password) {
  const bytes = new TextEncoder().encode(user + ':' + password);
  return 'Basic ' + btoa(String.fromCharCode(...bytes));
}

form.addEventListener('submit', async e => {
  e.preventDefault();
  const authorization = basic(form.user.value, form.password.value);
  const r = await fetch('/api/feeds', { headers: { Authorization: authorization, 'X-Requested-With': 'XMLHttpRequest' } });
  if (r.ok) {
    sessionStorage.setItem('poshub.authorization', authorization);
    const next = new URLSearchParams(location.search).get('next') || '';
    location.replace('/admin/index.html' + (next.startsWith('#') ? next : ''));
  } else {
    refused.textContent = r.status === 401 ? 'Wrong user or password.' : 'The hub answered ' + r.status + '; try again in a moment.';
    refused.classList.remove('d-none');
  }
});
