// Touch targets and type size on the main screens, in Chromium at 360 px (zh-CN, and the
// login once in English): every interactive element is at least 44×44 CSS px (WCAG 2.5.5;
// a link inside a sentence is exempt, as WCAG 2.5.8 allows) and no visible text is under
// 12 px, and no segmented-control label (a view switch such as 排班's) breaks onto a second
// line. A failure names each offender: screen, element, its text and its size.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchPhone, missingBrowser } from './browser.mjs';

const skip = missingBrowser();

/** Runs in the page: every too-small target and too-small text on the screen. */
function measure() {
  const out = [];
  const name = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
  };
  const targets = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"], [tabindex]:not([tabindex="-1"])');
  for (const el of targets) {
    if (!visible(el) || el.closest('[inert], [aria-hidden="true"]')) continue;
    let box = el.getBoundingClientRect();
    // A check box or radio counts with its label (the label is what a finger taps).
    const label = el.matches('input[type="checkbox"], input[type="radio"]') && el.closest('label');
    if (label) box = label.getBoundingClientRect();
    // A link in a sentence: the sentence sets its height (WCAG 2.5.8 inline exception).
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
      const block = el.parentElement;
      if (block && block.textContent.trim() !== el.textContent.trim()) continue;
    }
    if (box.width < 43.5 || box.height < 43.5) out.push(`target ${name(el)} is ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  // A view switch's label on two lines reads as two words (空缺/班次) and makes its row uneven.
  for (const el of document.querySelectorAll('.segmented .seg')) {
    if (!visible(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (lines.size > 1) out.push(`label ${name(el)} wraps onto ${lines.size} lines at ${Math.round(el.getBoundingClientRect().width)} px`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || seen.has(el) || !walker.currentNode.textContent.trim() || !visible(el)) continue;
    seen.add(el);
    if (el.closest('.sr-only, .visually-hidden, script, style, noscript')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11.95) out.push(`text ${name(el)} is ${size.toFixed(1)} px`);
  }
  return out;
}

describe('touch targets and text size at 360 px', { skip: skip ?? false }, () => {
  let phone;
  let page;
  const offenders = [];

  async function check(screen, ready) {
    await ready();
    for (const o of await page.evaluate(measure)) offenders.push(`${screen}: ${o}`);
  }

  before(async () => {
    phone = await launchPhone();
    page = await phone.context.newPage();
  });
  after(async () => {
    await phone?.close();
  });

  test('login and the public tracking page', async () => {
    await page.goto('/');
    await check('login', () => page.getByLabel('工号').waitFor());
    await page.goto('/track');
    await check('/track', () => page.getByRole('button').first().waitFor());
  });

  test('the staff screens of a supervisor', async () => {
    await page.goto('/');
    await page.getByLabel('工号').fill('CS2001');
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    const nav = page.getByRole('navigation', { name: /主导航/ });
    await nav.waitFor();
    await check('Today', () => page.getByRole('region', { name: /^我的班次/ }).waitFor());
    for (const [path, ready] of [
      ['/roster', () => page.locator('.calendar').waitFor()],
      ['/orders', () => page.getByRole('heading').first().waitFor()],
      ['/tickets', () => page.getByRole('heading').first().waitFor()],
      ['/approvals', () => page.getByRole('heading').first().waitFor()],
      ['/notices', () => page.getByRole('heading').first().waitFor()],
      ['/me', () => page.getByRole('heading').first().waitFor()],
    ]) {
      await page.goto(path);
      await nav.waitFor();
      await check(path, ready);
    }
  });

  test('the roster of an agent with shifts', async () => {
    const agent = await launchPhone();
    try {
      const p = await agent.context.newPage();
      await p.goto('/');
      await p.getByLabel('工号').fill('CS1001');
      await p.getByLabel('密码').fill('Demo@2026');
      await p.getByRole('button', { name: '登录' }).click();
      await p.getByRole('navigation', { name: /主导航/ }).waitFor();
      await p.goto('/roster');
      await p.locator('.calendar .cal-day').first().waitFor();
      for (const o of await p.evaluate(measure)) offenders.push(`/roster (agent): ${o}`);
    } finally {
      await agent.close();
    }
  });

  test('the login in English', async () => {
    const en = await launchPhone({ locale: 'en' });
    try {
      const p = await en.context.newPage();
      await en.context.addInitScript(() => localStorage.setItem('cs.locale', 'en'));
      await p.goto('/');
      await p.getByLabel('Employee number').waitFor();
      for (const o of await p.evaluate(measure)) offenders.push(`login (en): ${o}`);
    } finally {
      await en.close();
    }
  });

  test('nothing is too small', () => {
    assert.deepEqual(offenders, [], `${offenders.length} offenders:\n${offenders.join('\n')}`);
  });
});
