/**
 * The console as an operator uses it, in headless Chromium against the running API, the
 * engines, the queue stand-in and the daemon. Each test saves screenshots under
 * .local/screenshots/ (desktop 1280×800, some also at phone width 390×844), and fails on any
 * error in the browser's console it did not provoke on purpose.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoDefinition } from '@spot-provisioner/infra/demo-seed';
import { ConsoleErrors, DESKTOP, launchChromium, PHONE, screenshot } from './browser';
import { startStack, type Stack } from './stack';

jest.setTimeout(120_000);

const CONSOLE_INDEX = path.resolve(__dirname, '..', '..', 'dist', 'index.html');
/** Two fast iterations and an overview poll, with room for a loaded machine. */
const CAPACITY_MOVES_WITHIN_MS = 45_000;
const CREATED = 'console-e2e';

describe('the administrative console in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: ConsoleErrors;

  beforeAll(async () => {
    if (!existsSync(CONSOLE_INDEX)) throw new Error('the console is not built: run `corepack pnpm --filter @spot-provisioner/console build` (scripts/test.sh does)');
    [stack, browser] = await Promise.all([startStack('consolebrowser'), launchChromium()]);
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    consoleErrors = new ConsoleErrors(page);
  }, 180_000);

  afterEach(() => {
    expect(consoleErrors.unexpected()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const apiStatus = async (pathname: string) => (await fetch(`${stack.baseUrl}/api/aws-provisioner/v1${pathname}`)).status;

  async function setEditorText(text: string): Promise<void> {
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  it('redirects / to the console, and a wrong access token gets a clear sign-in error', async () => {
    await page.goto(`${stack.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/console/');
    // Anonymous: what anonymous API methods show, decisions hidden behind view scopes.
    const anonymousRow = page.locator(`tr[data-worker-type="${stack.demoWorkerType}"]`);
    await anonymousRow.waitFor();
    expect(await anonymousRow.locator('td[data-label="Last decision"] .pill').textContent()).toBe('not visible');
    await screenshot(page, 'overview-anonymous');
    await page.getByRole('link', { name: 'Sign in' }).click();
    consoleErrors.expect(/status of 401 .*\/worker-type\/console-credential-check\/history\?/, 'the wrong token this test types in');
    await page.getByLabel('Client id').fill(stack.rootClientId);
    await page.getByLabel('Access token').fill('not-the-right-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Sign-in failed: the API did not accept these credentials/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(page.url()).not.toContain('not-the-right-token');
    await screenshot(page, 'sign-in-error');
  });

  it('signs in and lists the demo worker type with the backend status', async () => {
    await page.getByLabel('Access token').fill(stack.rootAccessToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signed-in-as', { hasText: stack.rootClientId }).waitFor();
    await page.getByRole('link', { name: stack.demoWorkerType }).waitFor();
    await stack.daemonHealthy();
    await page.locator('#backend-status', { hasText: 'Provisioner healthy' }).waitFor({ timeout: 30_000 });
    expect(page.url()).not.toContain(stack.rootAccessToken);
    await screenshot(page, 'overview');
  });

  it('sorts and filters the overview from the keyboard', async () => {
    const runningHeader = page.getByRole('columnheader', { name: 'Running' });
    await runningHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await runningHeader.getAttribute('aria-sort')).toBe('descending');
    await page.keyboard.press('Enter');
    expect(await runningHeader.getAttribute('aria-sort')).toBe('ascending');
    await page.getByLabel('Filter by name').focus();
    await page.keyboard.type('no-such-type');
    await page.getByText('No worker type matches the filter.').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.getByRole('link', { name: stack.demoWorkerType }).waitFor();
  });

  it('shows capacity rise on the overview and the worker type page after pending tasks are set', async () => {
    stack.setPendingTasks(stack.demoWorkerType, 3);
    const row = page.locator(`tr[data-worker-type="${stack.demoWorkerType}"]`);
    await page.waitForFunction(
      (name) => {
        const cells = document.querySelectorAll(`tr[data-worker-type="${name}"] td[data-col$="Capacity"]`);
        return [...cells].reduce((sum, cell) => sum + Number(cell.textContent), 0) >= 3;
      },
      stack.demoWorkerType,
      { timeout: CAPACITY_MOVES_WITHIN_MS },
    );
    // The daemon's decision: the pending tasks it saw, and its status with the reason.
    await row.locator('td[data-col="pendingTasks"]', { hasText: '3' }).waitFor({ timeout: CAPACITY_MOVES_WITHIN_MS });
    // the stand-in never drains: the daemon may already have reached maxCapacity
    expect(await row.locator('td[data-label="Last decision"] .pill').textContent()).toMatch(/^(met|capped|unmet \d+)$/);
    await screenshot(page, 'overview-capacity');

    await row.getByRole('link', { name: stack.demoWorkerType }).click();
    await page.getByRole('heading', { level: 1, name: stack.demoWorkerType }).waitFor();
    // The chart's newest point shows the capacity, and it has more than one point to draw.
    await page.waitForFunction(() => {
      const chart = document.querySelector('.chart svg');
      return Number(chart?.getAttribute('data-points')) >= 2 && !/ 0 running, 0 starting, 0 requested$/.test(chart?.getAttribute('aria-label') ?? '');
    }, undefined, { timeout: CAPACITY_MOVES_WITHIN_MS });
    expect(Number(await page.locator('#stat-running').textContent()) + Number(await page.locator('#stat-pending').textContent()) + Number(await page.locator('#stat-requested').textContent())).toBeGreaterThanOrEqual(3);
    await page.getByRole('heading', { name: 'Instances (', exact: false }).waitFor();
    const decision = page.getByRole('region', { name: 'Decision details' });
    await decision.waitFor();
    expect(await decision.textContent()).toMatch(/Chosen pools/);
    expect(await page.locator('#stat-tasks').textContent()).toBe('3');
    await screenshot(page, 'worker-type');
    // the daemon reads an interruption queue: every weighed pool with its learned rate and penalty
    await decision.getByText('Weighed pools').click();
    const weighed = decision.locator('details.weighed table');
    await weighed.waitFor();
    expect(await weighed.locator('thead').textContent()).toMatch(/Interruptions.*Penalty.*Score/);
    expect(await weighed.locator('tbody tr').first().textContent()).toMatch(/\/h.*\+\d+\.\d%/);
    await screenshot(page, 'worker-type-weighed-pools');
    await decision.getByText('Weighed pools').click();
    await page.setViewportSize(PHONE);
    await screenshot(page, 'worker-type-phone');
    await page.goto(`${stack.baseUrl}/console/#/`);
    await page.getByRole('link', { name: stack.demoWorkerType }).waitFor();
    await screenshot(page, 'overview-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('says capped in its own colour, counted in the overview header, with the fleet cost and each instance’s price', async () => {
    stack.setPendingTasks(stack.demoWorkerType, 40); // maxCapacity is 10
    await page.goto(`${stack.baseUrl}/console/#/`);
    const row = page.locator(`tr[data-worker-type="${stack.demoWorkerType}"]`);
    const pill = row.locator('td[data-label="Last decision"] .pill');
    await pill.filter({ hasText: /^capped$/ }).waitFor({ timeout: CAPACITY_MOVES_WITHIN_MS });
    expect(await pill.getAttribute('class')).toContain('tone-capped');
    expect(await row.locator('td[data-label="Last decision"] .reason').textContent()).toMatch(
      /^At maxCapacity 10: \d+ more units? wanted by pending tasks may not be added\. Raise maxCapacity to place them\.$/,
    );
    expect(await page.locator('#fleet-capped').textContent()).toBe('1');
    // its own colour (the stylesheet's --capped), in the table and in the header's count
    const colour = (selector: string) => page.locator(selector).evaluate((element) => getComputedStyle(element).color);
    const CAPPED_COLOUR = 'rgb(138, 43, 143)';
    expect(await colour(`tr[data-worker-type="${stack.demoWorkerType}"] .pill`)).toBe(CAPPED_COLOUR);
    expect(await colour('#fleet-capped')).toBe(CAPPED_COLOUR);
    expect(await page.locator('#fleet-worker-types').textContent()).toBe('1');
    expect(await page.locator('#fleet-cost').textContent()).toMatch(/^\$0\.\d+\/h$/);
    await screenshot(page, 'overview-capped');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'overview-capped-phone');
    await page.setViewportSize(DESKTOP);

    await row.getByRole('link', { name: stack.demoWorkerType }).click();
    const decision = page.getByRole('region', { name: 'Decision details' });
    await decision.locator('.pill', { hasText: 'capped' }).waitFor({ timeout: CAPACITY_MOVES_WITHIN_MS });
    expect(await decision.locator('.unmet-sentence').textContent()).toMatch(/^At maxCapacity 10: /);
    // each instance with its pool's price and what it has cost so far
    const instances = page.getByRole('table', { name: 'Instances' });
    await instances.waitFor();
    expect(await instances.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['Price $/h', 'Cost so far $']));
    const prices = await instances.locator('td[data-label="Price $/h"]').allTextContents();
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price).toMatch(/^0\.\d+$/);
    for (const cost of await instances.locator('td[data-label="Cost so far $"]').allTextContents()) expect(cost).toMatch(/^0\.\d+$/);
    expect(await page.locator('#stat-cost').textContent()).toMatch(/^\$0\.\d+\/h$/);
    await screenshot(page, 'worker-type-capped');
    stack.setPendingTasks(stack.demoWorkerType, 3);
  });

  it('serves a favicon: no page logs a 404 for it', async () => {
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/console/favicon.ico');
    for (const url of ['/favicon.ico', '/console/favicon.ico']) {
      const response = await fetch(`${stack.baseUrl}${url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/vnd.microsoft.icon');
    }
    await page.goto(`${stack.baseUrl}/docs`);
    await page.waitForLoadState('networkidle');
    await page.goto(`${stack.baseUrl}/console/#/`);
    await page.getByRole('link', { name: stack.demoWorkerType }).waitFor();
  });

  it('creating a worker type with a missing AMI shows the reason next to the editor and stores nothing', async () => {
    await page.getByRole('link', { name: 'Create worker type' }).click();
    consoleErrors.expect(new RegExp(`status of 400 .*/worker-type/${CREATED}]$`), 'the template names an AMI that does not exist');
    await page.getByLabel('Name').fill(CREATED);
    await page.getByRole('button', { name: 'Create' }).click(); // the template's AMI does not exist
    const feedback = page.locator('#create-feedback');
    await feedback.getByRole('alert').waitFor();
    expect(await feedback.textContent()).toMatch(/ami-00000000000000000/);
    expect(await feedback.locator('ul.reasons li').count()).toBeGreaterThan(0);
    expect(await apiStatus(`/worker-type-last-modified/${CREATED}`)).toBe(404);
    await screenshot(page, 'create-missing-ami');

    await setEditorText(JSON.stringify(await demoDefinition(stack.env), null, 2));
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: CREATED }).waitFor();
    expect(await apiStatus(`/worker-type-last-modified/${CREATED}`)).toBe(200);
    stack.setPendingTasks(CREATED, 2);
  });

  it('editing and saving changes lastModified', async () => {
    const lastModified = page.locator('#last-modified');
    await lastModified.waitFor();
    const before = await lastModified.getAttribute('datetime');
    const edited = { ...(await demoDefinition(stack.env)), maxCapacity: 7, description: 'Edited in the console' };
    await setEditorText(JSON.stringify(edited, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. The next iteration uses it.').waitFor();
    const after = await lastModified.getAttribute('datetime');
    expect(after).not.toBe(before);
    const stored = (await (await fetch(`${stack.baseUrl}/api/aws-provisioner/v1/worker-type-last-modified/${CREATED}`)).json()) as { lastModified: string };
    expect(stored.lastModified).toBe(after);
    await screenshot(page, 'worker-type-saved');
  });

  it('with scaleDown saved on, the page shows what scale-down decided and why for each instance', async () => {
    const withScaleDown = { ...(await demoDefinition(stack.env)), maxCapacity: 7, description: 'Edited in the console', scaleDown: { enabled: true, minIdleSeconds: 120 } };
    await setEditorText(JSON.stringify(withScaleDown, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. The next iteration uses it.').waitFor();
    const panel = page.getByRole('region', { name: 'Scale-down' });
    await panel.waitFor({ timeout: CAPACITY_MOVES_WITHIN_MS });
    // a daemon just started has no history to forecast from: it drains nothing, and says so per instance
    expect(await panel.locator('#scale-down-explanation').textContent()).toMatch(/^No forecast yet \(too little history\): nothing new is drained; \d+ idle/);
    await page.locator('#stat-idle').waitFor();
    const kept = panel.locator('li[data-kept]');
    expect(await kept.count()).toBeGreaterThan(0);
    expect(await panel.textContent()).toMatch(/(Not in the queue yet|No forecast yet): \d+/);
    await screenshot(page, 'worker-type-scale-down');
  });

  it('a definition the API refuses on save shows every reason and changes nothing', async () => {
    const before = await page.locator('#last-modified').getAttribute('datetime');
    consoleErrors.expect(new RegExp(`status of 400 .*/worker-type/${CREATED}/update]$`), 'the definition this test breaks on purpose');
    const broken = { ...(await demoDefinition(stack.env)), launchSpec: { InstanceType: 'm5.large' }, maxCapacity: -1 };
    await setEditorText(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    const feedback = page.locator('#definition-feedback');
    await feedback.getByRole('alert').waitFor();
    expect(await feedback.textContent()).toMatch(/Not saved/);
    expect(await feedback.locator('ul.reasons li').count()).toBeGreaterThan(0);
    const stored = (await (await fetch(`${stack.baseUrl}/api/aws-provisioner/v1/worker-type-last-modified/${CREATED}`)).json()) as { lastModified: string };
    expect(stored.lastModified).toBe(before);
    await screenshot(page, 'worker-type-save-refused');
    await page.getByRole('button', { name: 'Revert' }).click();
  });

  it('preview shows the plan for the edited definition before saving', async () => {
    const before = await page.locator('#last-modified').getAttribute('datetime');
    await page.locator('.decision .pill').first().waitFor({ timeout: CAPACITY_MOVES_WITHIN_MS });
    // A minCapacity above anything the daemon has launched so far: the preview must place
    // capacity whatever the pending tasks and launches of the moment.
    await setEditorText(JSON.stringify({ ...(await demoDefinition(stack.env)), minCapacity: 30, maxCapacity: 40 }, null, 2));
    await page.getByRole('button', { name: 'Preview plan' }).click();
    const preview = page.getByRole('region', { name: 'Plan preview of the edited definition' });
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/Chosen pools/);
    expect(await preview.locator('table tbody tr').count()).toBeGreaterThan(0);
    expect(await preview.textContent()).toMatch(/(m5\.large|c5\.xlarge) in us-/);
    // the most an instance may cost per hour: maxPrice (per unit of utility) × utility
    const chosen = preview.getByRole('table', { name: 'Chosen pools' });
    expect(await chosen.locator('thead').textContent()).toContain('Max $/h per instance');
    for (const cell of await chosen.locator('td[data-label="Max $/h per instance"]').allTextContents()) {
      expect(cell).toMatch(/^0\.5000 = 0\.5000 × 1$|^0\.7000 = 0\.5000 × 1\.4$/);
    }
    await screenshot(page, 'worker-type-preview');
    const stored = (await (await fetch(`${stack.baseUrl}/api/aws-provisioner/v1/worker-type-last-modified/${CREATED}`)).json()) as { lastModified: string };
    expect(stored.lastModified).toBe(before); // a preview stores nothing
    await page.getByRole('button', { name: 'Revert' }).click();
  });

  it('shows the launch specifications', async () => {
    await page.getByRole('button', { name: 'Launch specifications' }).click();
    const specs = page.getByRole('region', { name: 'Launch specifications' });
    await specs.waitFor();
    expect(await specs.textContent()).toMatch(/m5\.large in us-east-1/);
  });

  it('deleting asks for the name typed, then removes the worker type', async () => {
    await page.getByRole('button', { name: 'Delete worker type…' }).click();
    const confirm = page.getByRole('button', { name: `Delete ${CREATED}` });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('to confirm').fill('wrong-name');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('to confirm').fill(CREATED);
    await screenshot(page, 'delete-confirm');
    // a poll of the page's state, history or decision may still be on its way when the worker type goes
    consoleErrors.expect(new RegExp(`status of 404 .*/(state|worker-type)/${CREATED}[/?\\]]`), 'the worker type this test deletes');
    await confirm.click();
    await page.getByText(`Deleted ${CREATED}.`).waitFor();
    expect(await apiStatus(`/worker-type-last-modified/${CREATED}`)).toBe(404);
    expect(await page.getByRole('link', { name: CREATED, exact: true }).count()).toBe(0);
  });

  it('sign out forgets the credentials', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
