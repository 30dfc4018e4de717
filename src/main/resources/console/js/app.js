// The console's router: one page per hash route, the left menu marks where you are, and the page
// refreshes its data every few seconds while it is shown.
import { render, h, ApiError } from './dom.js';
import { overviewPage } from './overview.js';
import { logSetsPage, subjectPage } from './logsets.js';
import { dumpConfigurationPage } from './dump-config.js';
import { logDumpPage } from './log-dump.js';
import { historyPage } from './history.js';

const routes = [
  [/^\/$/, 'overview', () => overviewPage()],
  [/^\/logsets$/, 'logsets', () => logSetsPage()],
  [/^\/logsets\/([^/]+)\/subjects\/([^/]+)$/, 'logsets', (m) => subjectPage(decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^\/logsets\/([^/]+)\/subjects\/([^/]+)\/dump$/, 'logsets',
    (m) => dumpConfigurationPage(decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^\/log-dump$/, 'log-dump', () => logDumpPage()],
  [/^\/history$/, 'history', () => historyPage()],
];

let stopCurrent = null;

async function route() {
  if (stopCurrent) { stopCurrent(); stopCurrent = null; }
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  for (const [pattern, menu, page] of routes) {
    const m = path.match(pattern);
    if (!m) continue;
    document.querySelectorAll('[data-menu]').forEach((a) => {
      if (a.dataset.menu === menu) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    render(h('p', { class: 'muted' }, 'Loading…'));
    try {
      stopCurrent = (await page(m)) || null;
    } catch (e) {
      render(h('h1', {}, 'Something went wrong'), h('div', { class: 'problem' }, e instanceof ApiError ? e.message : String(e)));
    }
    return;
  }
  render(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Go to the overview.')));
}

window.addEventListener('hashchange', route);
route();
