// End-to-end test of the console in a real browser (Debian's Chromium through playwright-core)
// against a real Junction with real Trino clusters. Started by TestConsoleInBrowser (JUnit,
// tag "trino"), which passes the addresses in the environment:
//
//   CONSOLE_URL       the admin listener, e.g. http://127.0.0.1:8081 (the console is at /console/)
//   PROXY_URL         Junction's proxy, e.g. http://127.0.0.1:8080
//   NEW_CLUSTER_URI   a running Trino the test adds as a cluster (it becomes "trino2")
//   TRINO_CLI         JSON array: the command that runs the trino CLI (arguments are appended)
//   SCREENSHOT_DIR    where to save a screenshot of every page
//   CHROMIUM          the browser (default /usr/bin/chromium)
//   CONSOLE_USER, CONSOLE_PASSWORD   an admin of Junction's password file (empty: no sign-in)
//   VIEWER_USER, VIEWER_PASSWORD     a viewer, to check what a viewer sees (optional)
//
// Steps that need an API this Junction does not serve yet (rules, history) are reported as
// skipped and run as soon as the server has them. Exit code 0 only if every step that ran
// passed and the browser reported no error.

import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
};

const CONSOLE_URL = env('CONSOLE_URL').replace(/\/+$/, '');
const PROXY_URL = env('PROXY_URL').replace(/\/+$/, '');
const NEW_CLUSTER_URI = env('NEW_CLUSTER_URI');
const TRINO_CLI = JSON.parse(env('TRINO_CLI'));
const SCREENSHOT_DIR = env('SCREENSHOT_DIR');
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const CONSOLE_USER = process.env.CONSOLE_USER ?? '';
const CONSOLE_PASSWORD = process.env.CONSOLE_PASSWORD ?? '';
const VIEWER_USER = process.env.VIEWER_USER ?? '';
const VIEWER_PASSWORD = process.env.VIEWER_PASSWORD ?? '';
const NEW_CLUSTER = 'trino2';
const GROUP = 'e2e-etl';
const RULE = 'e2e-console-rule';
const SOURCE = 'e2e-console';
const MARKER = `e2e_console_marker_${Date.now()}`;
const SLOW = 120_000;

rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
mkdirSync(SCREENSHOT_DIR, { recursive: true });

const results = [];
const log = (...parts) => console.log(`[e2e ${new Date().toISOString().slice(11, 19)}]`, ...parts);

async function step(name, body) {
  const started = Date.now();
  log(`▶ ${name}`);
  try {
    await body();
    results.push({ name, outcome: 'ok' });
    log(`✔ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, outcome: 'failed', error });
    log(`✘ ${name}: ${error?.stack ?? error}`);
    await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
  }
}

function skip(name, reason) {
  results.push({ name, outcome: 'skipped' });
  log(`⤼ ${name}: skipped, ${reason}`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function until(what, probe, timeout = SLOW) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
}

/** Does this Junction serve the endpoint? (the admin listener answers unknown paths with a plain-text 404) */
async function serves(path) {
  const response = await fetch(CONSOLE_URL + path);
  return !(response.status === 404 && !(response.headers.get('content-type') ?? '').includes('json'));
}

function runCli(args, timeoutMillis = 180_000) {
  const [command, ...prefix] = TRINO_CLI;
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMillis);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

// --- the browser -------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light', timezoneId: 'Europe/Berlin' });
const page = await context.newPage();
page.setDefaultTimeout(30_000);

// every error the browser reports; failed requests are errors unless the test expects them
const browserErrors = [];
const expectedFailures = [];
page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));
page.on('console', (message) => {
  if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
    browserErrors.push(`console error: ${message.text()}`);
  }
});
page.on('response', async (response) => {
  if (response.status() < 400) {
    return;
  }
  const url = new URL(response.url());
  const method = response.request().method();
  if (expectedFailures.some((item) => item.method === method && item.path.test(url.pathname) && item.status === response.status())) {
    return;
  }
  browserErrors.push(`unexpected ${response.status()} for ${method} ${url.pathname}${url.search}`);
});
const expectFailure = (method, path, status) => expectedFailures.push({ method, path, status });

async function shot(name) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  log(`  screenshot ${path}`);
}

const open = (path) => page.goto(`${CONSOLE_URL}/console${path}`);
const heading = (name) => page.getByRole('heading', { level: 1, name });
const clusterRow = (name) => page.locator(`tr[data-cluster="${name}"]`);

const hasMe = await serves('/api/v1/me');
const hasRules = await serves('/api/v1/rules');
const hasHistory = await serves('/api/v1/history');
log(`Junction serves: /api/v1/me ${hasMe}, /api/v1/rules ${hasRules}, /api/v1/history ${hasHistory}`);
if (!hasMe) {
  expectFailure('GET', /^\/api\/v1\/me$/, 404);
}
if (!hasRules) {
  expectFailure('GET', /^\/api\/v1\/rules/, 404);
  expectFailure('POST', /^\/api\/v1\/rules\/validate$/, 404);
}
if (!hasHistory) {
  expectFailure('GET', /^\/api\/v1\/history/, 404);
}

await step('root of the admin listener redirects to the console', async () => {
  const response = await page.goto(`${CONSOLE_URL}/`);
  check(new URL(page.url()).pathname === '/console/', `landed on ${page.url()}`);
  check(response.ok(), `status ${response.status()}`);
});

async function signIn(user, password) {
  await page.getByRole('heading', { name: 'Sign in to Junction' }).waitFor();
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading('Overview').waitFor();
}

if (CONSOLE_USER) {
  await step('sign in on the login page (a wrong password is refused)', async () => {
    await open('/');
    await page.getByRole('heading', { name: 'Sign in to Junction' }).waitFor();
    expectFailure('POST', /^\/api\/v1\/login$/, 401);
    await page.getByLabel('User name').fill(CONSOLE_USER);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong user name or password').waitFor();
    await shot('login');
    expectedFailures.pop();
    await signIn(CONSOLE_USER, CONSOLE_PASSWORD);
    const who = await page.locator('header .user').textContent();
    check(who.includes(CONSOLE_USER) && who.includes('(admin)'), `the header names the signed-in admin: ${who}`);
  });
} else {
  skip('sign in on the login page (a wrong password is refused)', 'no CONSOLE_USER: this Junction has no authentication');
}

await step('overview shows the seeded cluster healthy', async () => {
  await open('/');
  await heading('Overview').waitFor();
  const clusters = page.getByRole('region', { name: 'Clusters' });
  await clusters.getByRole('link', { name: 'trino1' }).waitFor();
  await until('trino1 to be healthy on the overview', () => clusters.getByText('healthy', { exact: true }).isVisible());
  await page.getByRole('figure').first().waitFor();
  await shot('overview');
});

await step('the menu works with the keyboard', async () => {
  await open('/');
  await heading('Overview').waitFor();
  await page.keyboard.press('Tab');
  const skipLink = await page.evaluate(() => document.activeElement?.textContent);
  check(skipLink === 'Skip to content', `first Tab focused "${skipLink}"`);
  const menu = page.getByRole('navigation', { name: 'Main' });
  await menu.getByRole('link', { name: 'Clusters' }).focus();
  await page.keyboard.press('Enter');
  await heading('Clusters').waitFor();
  const focused = await page.evaluate(() => document.activeElement?.id);
  check(focused === 'page-title', `after navigating, focus is on #${focused}, not the page title`);
});

await step('add a cluster: refused input is shown next to its field, then it turns healthy', async () => {
  await open('/clusters');
  await page.getByRole('button', { name: 'Add cluster' }).click();
  await page.getByLabel('Name', { exact: true }).fill(NEW_CLUSTER);
  await page.getByLabel('Coordinator URL').fill(`${NEW_CLUSTER_URI}/?x=1`);
  await page.getByLabel('Routing group').fill(GROUP);
  expectFailure('POST', /^\/api\/v1\/clusters$/, 400);
  await page.getByRole('button', { name: 'Add cluster' }).click();
  const uriError = page.locator('.field', { has: page.getByLabel('Coordinator URL') }).locator('.field-error');
  await uriError.waitFor();
  check((await uriError.textContent()).includes('must not have a query'), `error next to the URL field: ${await uriError.textContent()}`);
  await shot('clusters-validation');
  expectedFailures.pop();

  await page.getByLabel('Coordinator URL').fill(NEW_CLUSTER_URI);
  await page.getByRole('button', { name: 'Add cluster' }).click();
  await page.getByText(`Cluster ${NEW_CLUSTER} added`).waitFor();
  await clusterRow(NEW_CLUSTER).waitFor();
  await until(`${NEW_CLUSTER} to turn healthy`, () => clusterRow(NEW_CLUSTER).getByText('healthy', { exact: true }).isVisible());
  await shot('clusters');
});

if (hasRules) {
  await step('create a rule, its condition checked as it is typed', async () => {
    await open('/routing');
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Name', { exact: true }).fill(RULE);
    const condition = page.getByLabel('Condition (CEL)');
    const checkStatus = page.getByTestId('condition-check');
    await condition.pressSequentially(`sorce == "${SOURCE}"`, { delay: 20 });
    await until('the server to refuse the misspelt variable', async () => /sorce/.test(await checkStatus.textContent()));
    await shot('routing-rule-editor');
    await condition.fill(`source == "${SOURCE}"`);
    await until('the server to accept the condition', async () => (await checkStatus.textContent()).includes('Valid condition'));
    await page.getByLabel('Action 1 type').selectOption('route');
    await page.getByLabel('Action 1 group').fill(GROUP);
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText(`Rule ${RULE} saved`).waitFor();
    await page.locator(`tr[data-rule="${RULE}"]`).waitFor();
    await shot('routing-rules');
  });
} else {
  skip('create a rule, its condition checked as it is typed', 'this Junction does not serve /api/v1/rules yet');
}

await step('dry run shows the group and cluster a query would get, and why', async () => {
  await open('/routing/dry-run');
  await page.getByLabel('User (X-Trino-User)').fill('e2e');
  if (hasRules) {
    await page.getByLabel('Source (X-Trino-Source)').fill(SOURCE);
  } else {
    await page.getByLabel('More headers').fill(`X-Trino-Routing-Group: ${GROUP}`);
  }
  await page.getByLabel('SQL').fill('SELECT count(*) FROM tpch.tiny.nation');
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByTestId('dry-run-result').waitFor();
  const group = await page.getByTestId('dry-run-group').textContent();
  const cluster = await page.getByTestId('dry-run-cluster').textContent();
  check(group === GROUP, `dry run chose group ${group}`);
  check(cluster === NEW_CLUSTER, `dry run chose cluster ${cluster}`);
  if (hasRules) {
    check((await page.getByTestId('dry-run-rules').textContent()).includes(RULE), 'the rule is named as matched');
  }
  await shot('routing-dry-run');
});

let queryId;
await step('a real query through Junction with the trino CLI', async () => {
  const result = await runCli(['--server', PROXY_URL, '--user', 'e2e', '--source', SOURCE, '--output-format', 'CSV', '--execute', `SELECT '${MARKER}', count(*) FROM tpch.tiny.nation`]);
  check(result.code === 0, `trino CLI exit ${result.code}: ${result.stderr}`);
  check(result.stdout.includes(MARKER) && result.stdout.includes('"25"'), `CLI output: ${result.stdout}`);
  // a little more traffic for the overview: three queries to the default group, one that fails
  const more = await runCli(['--server', PROXY_URL, '--user', 'e2e', '--source', 'e2e-adhoc', '--execute', 'SELECT 1; SELECT 2; SELECT 3']);
  check(more.code === 0, `trino CLI exit ${more.code}: ${more.stderr}`);
  const failing = await runCli(['--server', PROXY_URL, '--user', 'e2e', '--source', 'e2e-adhoc', '--execute', 'SELECT * FROM tpch.tiny.no_such_table']);
  check(failing.code !== 0 && /no_such_table/.test(failing.stderr), `the failing query: exit ${failing.code}: ${failing.stderr}`);
});

if (hasHistory) {
  await step('find the query in the history, routed as the rule says', async () => {
    await open('/history');
    await page.getByLabel('SQL or query id contains').fill(MARKER);
    await page.getByRole('button', { name: 'Search' }).click();
    // the row of this query (the table shows the unfiltered page until the search answers)
    const link = page.locator('table.history tbody tr', { hasText: MARKER }).first().getByRole('link');
    await until('the query to appear in the history', async () => {
      if (await link.isVisible()) {
        return true;
      }
      await page.getByRole('button', { name: 'Search' }).click();
      return false;
    });
    queryId = await link.textContent();
    await shot('history');
    await link.click();
    await heading(`Query ${queryId}`).waitFor();
    check((await page.getByTestId('query-cluster').textContent()) === (hasRules ? NEW_CLUSTER : 'trino1'), 'the query ran on the cluster the routing chose');
    if (hasRules) {
      check((await page.getByTestId('query-rule').textContent()) === RULE, 'the history names the rule');
      check((await page.getByTestId('query-group').textContent()) === GROUP, 'the history names the group');
    }
    const href = await page.getByRole('link', { name: /Trino UI/ }).getAttribute('href');
    check(href === `${PROXY_URL}/ui/query.html?${queryId}`, `Trino UI link ${href}`);
    await shot('query-detail');
  });
} else {
  skip('find the query in the history, routed as the rule says', 'this Junction does not serve /api/v1/history yet');
}

if (hasRules) {
  await step('rules: add a second, move it up, diff the versions, roll back', async () => {
    await open('/routing');
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Name', { exact: true }).fill('e2e-second');
    await page.getByLabel('Condition (CEL)').fill('user == "nobody"');
    await until('the server to accept the condition', async () => (await page.getByTestId('condition-check').textContent()).includes('Valid condition'));
    await page.getByLabel('Action 1 group').fill('adhoc');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('Rule e2e-second saved').waitFor();
    await page.getByRole('button', { name: 'Move e2e-second up' }).click();
    await page.getByText('Moved e2e-second up').waitFor();
    await until('the new order', async () => (await page.locator('table.rules tbody tr').first().getAttribute('data-rule')) === 'e2e-second');

    await open('/routing/versions');
    const rows = page.locator('.grid-versions table tbody tr');
    await until('three versions', async () => (await rows.count()) === 3);
    await rows.first().getByRole('button', { name: 'Diff' }).click();
    await page.locator('.diff-removed').first().waitFor();
    check((await page.locator('.diff-lines').textContent()).includes('e2e-second'), 'the diff of the move shows the moved rule');
    await shot('routing-versions');
    await rows.last().getByRole('button', { name: 'Roll back' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.getByText(/Rolled back to version \d+: now version \d+/).waitFor();
    await open('/routing');
    await page.locator(`tr[data-rule="${RULE}"]`).waitFor();
    check((await page.locator('table.rules tbody tr').count()) === 1, 'after the roll back only the first rule is left');
  });
} else {
  skip('rules: add a second, move it up, diff the versions, roll back', 'this Junction does not serve /api/v1/rules yet');
}

await step('overview shows the traffic', async () => {
  await open('/');
  await heading('Overview').waitFor();
  await page.getByRole('figure').first().waitFor();
  if (hasHistory) {
    const errors = page.getByRole('region', { name: 'Recent errors' });
    await until('the failed query among the recent errors', () => errors.locator('tbody tr').first().isVisible(), 60_000);
  }
  await shot('overview-traffic');
});

await step('routing groups', async () => {
  await open('/routing/groups');
  await page.getByRole('rowheader', { name: new RegExp(GROUP) }).waitFor();
  await shot('routing-groups');
});

await step('drain a cluster until it is drained', async () => {
  // with the rule, a query runs on the cluster while it drains; it must finish
  let finished = !hasRules;
  const running = hasRules
    ? runCli(['--server', PROXY_URL, '--user', 'e2e', '--source', SOURCE, '--execute', 'SELECT count(*) FROM tpch.sf1.lineitem WHERE quantity > 10']).finally(() => {
        finished = true;
      })
    : Promise.resolve({ code: 0, stdout: '', stderr: '' });
  await open('/clusters');
  await clusterRow(NEW_CLUSTER).waitFor();
  if (hasRules) {
    await until('the query to be in flight on the cluster (or done)', async () => finished || Number(await clusterRow(NEW_CLUSTER).locator('td.num').first().textContent()) > 0, 60_000);
    log(finished ? '  (the query finished before the drain began)' : '  a query is in flight on the cluster');
  }
  await clusterRow(NEW_CLUSTER).getByRole('button', { name: 'Drain', exact: true }).click();
  await clusterRow(NEW_CLUSTER).getByText('draining', { exact: true }).waitFor();
  await shot('clusters-draining');
  await until(`${NEW_CLUSTER} to report drained`, () => page.getByTestId(`drain-${NEW_CLUSTER}`).getByText('drained: no queries left').isVisible(), 300_000);
  const result = await running;
  check(result.code === 0, `the query in flight during the drain failed: ${result.stderr}`);
  await shot('clusters-drained');
  await clusterRow(NEW_CLUSTER).getByRole('button', { name: 'Activate', exact: true }).click();
  await clusterRow(NEW_CLUSTER).getByText('active', { exact: true }).waitFor();
});

await step('the audit log names every change', async () => {
  await open('/audit');
  await heading('Audit log').waitFor();
  const rows = page.locator('table.audit tbody tr', { hasText: NEW_CLUSTER });
  await until('the audit entries of the new cluster', async () => (await rows.count()) >= 3);
  await rows.first().getByText('What changed').click();
  await shot('audit');
});

await step('dark theme', async () => {
  await open('/');
  await heading('Overview').waitFor();
  const toggle = page.getByRole('button', { name: /Theme:/ });
  await toggle.click(); // system -> light
  await toggle.click(); // light -> dark
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  check(theme === 'dark', `theme is ${theme}`);
  await page.getByRole('region', { name: 'Clusters' }).getByRole('link', { name: 'trino1' }).waitFor();
  await shot('overview-dark');
  await open('/clusters');
  await clusterRow(NEW_CLUSTER).waitFor();
  await shot('clusters-dark');
});

if (CONSOLE_USER && VIEWER_USER) {
  await step('a viewer sees everything but no control that changes anything', async () => {
    await open('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(VIEWER_USER, VIEWER_PASSWORD);
    await open('/clusters');
    await clusterRow(NEW_CLUSTER).waitFor();
    check((await page.getByRole('button', { name: 'Add cluster' }).count()) === 0, 'a viewer gets no "Add cluster"');
    check((await clusterRow(NEW_CLUSTER).getByRole('button').count()) === 0, 'a viewer gets no buttons on a cluster');
    check((await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).count()) === 0, 'a viewer has no audit log in the menu');
    await shot('clusters-viewer');
  });
} else {
  skip('a viewer sees everything but no control that changes anything', 'no VIEWER_USER');
}

await step('no errors in the browser', async () => {
  check(browserErrors.length === 0, `the browser reported:\n  ${browserErrors.join('\n  ')}`);
});

await browser.close();

const count = (outcome) => results.filter((result) => result.outcome === outcome).length;
log(`console e2e summary — steps ok: ${count('ok')}; failed: ${count('failed')}; skipped: ${count('skipped')}`);
for (const result of results.filter((item) => item.outcome === 'failed')) {
  log(`FAILED: ${result.name}: ${result.error?.message ?? result.error}`);
}
process.exit(count('failed') === 0 ? 0 : 1);
