// Appearance and conduct on a phone against the real server. The supervisor 王芳 (CS2001)
// rosters the agent 张伟 (CS1001) on a shift covering the test's time and publishes a
// notice, through the API; then on 360×780 screens 张伟 reads the notice and completes
// today's appearance self-check with photos, 王芳 inspects him and fails one item (which
// raises a corrective action), 张伟 marks the action done, 王芳 verifies it and finds it in
// the month's score sheet, in Chinese and in English.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, shiftStartingThisHour } from './browser.mjs';
import { pngPhoto } from './photo.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });



/**
 * 王芳 (CS2001) gives 张伟 (CS1001) a six-hour shift starting this hour (Shanghai) today on
 * the published roster, so his self-check is due now and he is on duty; and publishes a
 * notice to the depot.
 */
async function setUp() {
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  const { day, rosterStatus } = await shiftStartingThisHour(sv, depotId, [ids.CS1001], 'CK', '自检班');
  assert.equal(rosterStatus, 'PUBLISHED');
  const notice = 'E2E 线路变更：浦东线改为 18:00 发车';
  await must(
    'mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { notice { id } } }',
    { i: { idempotencyKey: crypto.randomUUID(), kind: 'ROUTE_CHANGE', title: notice, body: '自下周一起，浦东线末班车改为 18:00 发车。', depotId } },
    sv,
  );
  return { month: day.slice(0, 7), notice };
}

describe('appearance and conduct checks on a phone', { skip: skip ?? false }, () => {
  let setup;
  let phone;
  let page;

  before(async () => {
    setup = await setUp();
  });
  after(async () => {
    await phone?.close();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-checklists-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });

  async function signIn(employeeNo, locale = 'zh-CN') {
    await phone?.close();
    phone = await launchPhone();
    if (locale === 'en') await phone.context.addInitScript(() => localStorage.setItem('cs.locale', 'en'));
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel(locale === 'en' ? 'Employee number' : '工号').fill(employeeNo);
    await page.getByLabel(locale === 'en' ? 'Password' : '密码').fill('Demo@2026');
    await page.getByRole('button', { name: locale === 'en' ? 'Log in' : '登录' }).click();
    await nav().waitFor();
  }

  /** Waits until nothing of this person waits in the outbox. */
  const synced = () => page.getByText('待同步').first().waitFor({ state: 'detached' }).catch(() => {});

  test('the agent reads the latest notice', async () => {
    await signIn('CS1001');
    await page.getByRole('link', { name: /^通知/ }).click();
    await page.waitForURL('**/notices');
    const notice = page.getByRole('article', { name: setup.notice });
    await notice.getByText('未读').waitFor();
    await notice.getByRole('button', { name: `我已阅读：${setup.notice}` }).click();
    await notice.getByText(/^已读/).waitFor();
    await shot('checklists-01-notice-read');
  });

  test('the agent completes the appearance self-check with photos in under a minute', async () => {
    const started = Date.now();
    await nav().getByRole('link', { name: '今日' }).click();
    await page.getByRole('link', { name: /今日自检/ }).click();
    await page.waitForURL('**/checks');
    // The test's own shift (自检班HH): the demo roster may have 张伟 on a night shift that
    // is also due when the suite runs at night in Shanghai.
    const mine = page.locator('section').filter({ hasText: '自检班' });
    await mine.getByRole('button', { name: /^开始自检：仪容仪表/ }).click();
    const card = page.getByRole('region', { name: /仪容仪表/ }).filter({ hasText: '自检班' }).first();
    await card.getByRole('button', { name: /^合格：/ }).first().waitFor();
    await shot('checklists-02-self-check');
    // Items that need a photo: take it (a generated PNG through the file input), then pass.
    const photoInputs = card.getByLabel(/^为“.*”拍照$/);
    const photos = await photoInputs.count();
    assert.ok(photos >= 1, 'at least one item asks for a photo');
    for (let i = 0; i < photos; i++) {
      await photoInputs.first().setInputFiles({ name: `photo-${i}.png`, mimeType: 'image/png', buffer: pngPhoto(40 * i, 90, 160) });
      await card.getByText(/照片已压缩/).first().waitFor();
      if (i === 0) await shot('checklists-03-photo');
      const item = card.getByRole('listitem').filter({ has: page.getByText(/照片已压缩/) }).first();
      const name = await item.getByRole('heading').textContent();
      await item.getByRole('button', { name: /^合格：/ }).click();
      await card.getByRole('listitem', { name }).getByText('✓ 合格').waitFor();
    }
    for (;;) {
      const pass = card.getByRole('button', { name: /^合格：/ });
      if ((await pass.count()) === 0) break;
      await pass.first().click();
    }
    await synced();
    await card.getByText(/已完成 · 得分 100/).waitFor();
    assert.ok(Date.now() - started < 60_000, 'done in under a minute');
    await card.getByText(/^查看 \d+ 项合格$/).click();
    await card.getByRole('img', { name: /的照片$/ }).first().waitFor();
    assert.ok((await card.getByRole('img', { name: /的照片$/ }).count()) >= photos, 'the photos are shown from the server');
    await shot('checklists-04-self-check-done');
  });

  test('the supervisor inspects the agent and fails one item, raising an action', async () => {
    await signIn('CS2001');
    await nav().getByRole('link', { name: '审批' }).click();
    await page.getByRole('link', { name: /检查与评分/ }).click();
    await page.waitForURL('**/inspect');
    await page.getByRole('button', { name: '行为规范' }).click();
    // On the test's shift (张伟 may also be on a demo night shift at this hour).
    await page.getByRole('listitem').filter({ hasText: '自检班' }).getByRole('button', { name: '抽查 张伟' }).click();
    const inspection = page.getByRole('region', { name: /^抽查：张伟/ });
    await inspection.getByRole('button', { name: /^不合格：/ }).first().waitFor();
    await inspection.getByRole('button', { name: /^不合格：/ }).first().click();
    await inspection.getByLabel('整改要求').fill('上班时间不接私人长电话，本周内与主管面谈');
    await shot('checklists-05-fail-item');
    await inspection.getByRole('button', { name: '确认不合格' }).click();
    for (;;) {
      const pass = inspection.getByRole('button', { name: /^合格：/ });
      if ((await pass.count()) === 0) break;
      await pass.first().click();
    }
    await synced();
    await inspection.getByText('✗ 不合格').waitFor();
    await inspection.getByText(/整改：待整改/).waitFor();
    await inspection.getByText(/已完成 · 得分/).waitFor();
    await shot('checklists-06-inspection-done');
  });

  test('the agent marks the action done', async () => {
    await signIn('CS1001');
    await page.getByRole('link', { name: /今日自检/ }).click();
    const actions = page.getByRole('region', { name: '我的整改' });
    await actions.getByText('上班时间不接私人长电话，本周内与主管面谈').waitFor();
    await actions.getByLabel('完成说明（可选）').fill('已与主管面谈');
    await actions.getByRole('button', { name: /^整改完成：/ }).click();
    await synced();
    await actions.getByText('已完成，待确认').waitFor();
    await shot('checklists-07-action-done');
  });

  test('the supervisor verifies it and sees it in the month score sheet (English)', async () => {
    await signIn('CS2001', 'en');
    await nav().getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('link', { name: /Checks and scores/ }).click();
    const verify = page.getByRole('region', { name: 'Actions to verify' });
    await verify.getByRole('button', { name: /^Verify: / }).click();
    await synced();
    await verify.getByText('No actions waiting for verification.').waitFor();
    const sheet = page.getByRole('region', { name: /^张伟 \(CS1001\)/ });
    await sheet.getByText(/1 actions \(1 closed\)/).click();
    await sheet.getByText('1 / 0 / 1').waitFor();
    await sheet.scrollIntoViewIfNeeded();
    await shot('checklists-08-score-sheet-en');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), new RegExp(`^score-sheets-.*-${setup.month}\\.csv$`));
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    assert.match(text, /张伟|CS1001/);
    await page.goto('/checks');
    await page.getByRole('heading', { name: /My check results/ }).waitFor();
    await shot('checklists-09-checks-en');
  });
});
