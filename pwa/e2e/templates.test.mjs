// Checklist versions on a phone against the real server. 王芳 (CS2001) rosters 黄磊
// (CS1003) on a shift covering the test's time and inspects his conduct through the API
// (version 1). Then on 360×780 screens the manager 刘强 (CS3001) revises the conduct
// checklist (a new title, an item reworded, a new item) and publishes version 2; 黄磊's
// self-check started afterwards uses version 2, while his earlier inspection still shows
// version 1 with its own title. He also chooses his dress-code profile.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must, shiftStartingThisHour } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });


const newTitle = '行为规范检查（E2E 修订）';
const newItem = '工位整洁，物品摆放有序';

/** 王芳 gives 黄磊 a six-hour shift from this hour today and inspects his conduct (all passed). */
async function setUp() {
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id staff(first: 100) { edges { node { id employeeNo } } } } } }', {}, sv);
  const depotId = me.me.depot.id;
  const ids = Object.fromEntries(me.me.depot.staff.edges.map((e) => [e.node.employeeNo, e.node.id]));
  await shiftStartingThisHour(sv, depotId, [ids.CS1003], 'CK', '自检班');
  const { startInspection } = await must(
    'mutation($i: StartInspectionInput!) { startInspection(input: $i) { check { id template { titleZh version } items { id } } } }',
    { i: { idempotencyKey: crypto.randomUUID(), staffId: ids.CS1003, kind: 'CONDUCT' } },
    sv,
  );
  for (const item of startInspection.check.items) {
    await must(
      'mutation($i: AnswerChecklistItemInput!) { answerChecklistItem(input: $i) { check { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), checkItemId: item.id, passed: true } },
      sv,
    );
  }
  return { oldTitle: startInspection.check.template.titleZh, oldVersion: startInspection.check.template.version };
}

describe('a manager revises a checklist; old results keep their version', { skip: skip ?? false }, () => {
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
    await page?.screenshot({ path: `${shots}last-templates-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  const shot = (name) => page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
  const nav = () => page.getByRole('navigation', { name: /主导航|Main navigation/ });
  const synced = () => page.getByText('待同步').first().waitFor({ state: 'detached' }).catch(() => {});

  async function signIn(employeeNo) {
    await phone?.close();
    phone = await launchPhone();
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel('工号').fill(employeeNo);
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await nav().waitFor();
  }

  test('the manager publishes a new version of the conduct checklist', async () => {
    await signIn('CS3001');
    await nav().getByRole('link', { name: '审批' }).click();
    await page.getByRole('link', { name: /检查与评分/ }).click();
    await page.getByRole('button', { name: /编辑检查表/ }).click();
    await page.getByRole('button', { name: '行为规范' }).click();
    const version = page.getByText(/^当前版本 v(\d+)/);
    await version.waitFor();
    const before = Number((await version.textContent()).match(/v(\d+)/)[1]);
    assert.equal(before, setup.oldVersion, 'the inspection used the version in force');

    await page.getByLabel('中文标题').fill(newTitle);
    const first = page.getByRole('listitem', { name: /^第 1 项：/ });
    await first.locator('summary').click();
    await first.getByLabel('中文内容').fill('工作台不吃零食、不喝饮料');
    await first.getByLabel('权重（1–10）').fill('3');
    await page.getByRole('button', { name: '添加检查项' }).click();
    const added = page.getByRole('listitem', { name: /^第 \d+ 项：ITEM_1$/ });
    await added.getByLabel('中文内容').fill(newItem);
    // The item is named by its text from now on.
    const named = page.getByRole('listitem', { name: new RegExp(`^第 \\d+ 项：${newItem}$`) });
    await named.getByLabel('英文内容').fill('Desk tidy, things in order');
    // Every day, so the agent's self-check below has the item whatever day the test runs
    // (a WEEKDAY item is absent on a Saturday; the day rules are tested in the server).
    await named.getByLabel('适用日期').selectOption('ALL');
    await shot('templates-01-editing');
    await page.getByRole('button', { name: `发布新版本 v${before + 1}` }).click();
    await synced();
    await page.getByText(new RegExp(`^当前版本 v${before + 1}`)).waitFor();
    await page.getByRole('listitem', { name: new RegExp(`：${newItem}$`) }).waitFor();
    await shot('templates-02-published');
  });

  test('the agent’s new self-check uses the new version; the old inspection keeps version 1', async () => {
    await signIn('CS1003');
    await page.getByRole('link', { name: /今日自检/ }).click();
    await page.waitForURL('**/checks');
    await page.getByRole('button', { name: `开始自检：${newTitle}` }).click();
    const card = page.getByRole('region', { name: newTitle });
    await card.getByRole('button', { name: `合格：${newItem}`, exact: true }).waitFor();
    await card.getByRole('button', { name: '合格：工作台不吃零食、不喝饮料', exact: true }).waitFor();
    for (;;) {
      const pass = card.getByRole('button', { name: /^合格：/ });
      if ((await pass.count()) === 0) break;
      await pass.first().click();
    }
    await synced();
    await card.getByText(/已完成 · 得分 100/).waitFor();

    const results = page.getByRole('region', { name: /^我的检查结果/ });
    const fresh = results.getByRole('listitem').filter({ hasText: `${newTitle} v${setup.oldVersion + 1}` });
    await fresh.getByText(/自查/).waitFor();
    const old = results.getByRole('listitem').filter({ hasText: `${setup.oldTitle} v${setup.oldVersion}` });
    await old.getByText(/抽查 · 王芳/).waitFor();
    assert.equal(await old.getByText(newTitle).count(), 0, 'the old result keeps its own title');
    await shot('templates-03-versions');
  });

  test('the agent chooses a dress-code profile', async () => {
    const card = page.getByRole('region', { name: '我的着装规范' });
    await card.getByLabel('着装规范').selectOption({ label: '长发束起' });
    await synced();
    await card.getByText('当前：长发束起').waitFor();
    const token = await loginToken('CS1003');
    assert.equal((await must('{ myDressCode }', {}, token)).myDressCode, 'LONG_HAIR_TIED');
  });
});
