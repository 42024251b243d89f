// Read receipts on a phone against the real server (issue 15 item 10). The supervisor
// 王芳 (CS2001) publishes a notice to her depot through the API and 张伟 (CS1001) reads it;
// then on a 360×780 screen 王芳 sees who has and has not read it and reminds the rest once,
// and 李娜 (CS1002) finds exactly one reminder. 张伟 sees no one else's receipts.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

async function setUp() {
  const sv = await loginToken('CS2001');
  const me = await must('{ me { depot { id } } }', {}, sv);
  const title = `E2E 运价调整 ${crypto.randomUUID().slice(0, 8)}`;
  const r = await must(
    'mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { notice { id } } }',
    { i: { idempotencyKey: crypto.randomUUID(), kind: 'RATE_CHANGE', title, body: '首重上调 1 元。', depotId: me.me.depot.id } },
    sv,
  );
  const id = r.publishNotice.notice.id;
  await must('mutation($n: ID!) { markNoticeRead(input: {noticeId: $n}) { notice { id } } }', { n: id }, await loginToken('CS1001'));
  return { id, title };
}

/** The reminders 李娜 has for the notice. */
async function remindersOf(employeeNo, id) {
  const r = await must('{ myRosterNotifications(unreadOnly: false) { kind subjectId } }', {}, await loginToken(employeeNo));
  return r.myRosterNotifications.filter((n) => n.kind === 'NOTICE_UNREAD' && n.subjectId === id).length;
}

describe('read receipts on a phone', { skip: skip ?? false }, () => {
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
    await page?.screenshot({ path: `${shots}last-receipts-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });

  async function signIn(employeeNo) {
    await phone?.close();
    phone = await launchPhone();
    page = await phone.context.newPage();
    await page.goto('/');
    await page.getByLabel('工号').fill(employeeNo);
    await page.getByLabel('密码').fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: /主导航/ }).waitFor();
    await page.goto('/notices');
  }

  test('the supervisor sees who has read the notice and reminds the others once', async () => {
    await signIn('CS2001');
    const notice = page.getByRole('article', { name: setup.title });
    const summary = notice.getByText(/^已读 1\/\d+ 人$/);
    await summary.click();
    const unread = notice.getByRole('region', { name: '未读' });
    const read = notice.getByRole('region', { name: '已读' });
    await read.getByText(/^张伟 · /).waitFor();
    await unread.getByText('李娜', { exact: true }).waitFor();
    assert.equal(await unread.getByText(/张伟/).count(), 0, '张伟 has read it');
    const remind = notice.getByRole('button', { name: new RegExp(`^提醒未读的 \\d+ 人阅读：${setup.title}$`) });
    await remind.click();
    await unread.getByText(/^李娜 · 已提醒 /).waitFor();
    await page.screenshot({ path: `${shots}notice-receipts.png`, fullPage: true });
    assert.equal(await remindersOf('CS1002', setup.id), 1);
    assert.equal(await remindersOf('CS1001', setup.id), 0, 'who has read it is not reminded');
    assert.equal(await remindersOf('CS2001', setup.id), 0, 'the supervisor does not remind herself');
  });

  test('an agent sees only their own receipt', async () => {
    await signIn('CS1001');
    const notice = page.getByRole('article', { name: setup.title });
    await notice.getByText(/^已读 \d/).first().waitFor();
    assert.equal(await notice.getByText(/^已读 \d+\/\d+ 人$/).count(), 0);
    assert.equal(await notice.getByRole('button', { name: /^提醒未读/ }).count(), 0);
  });
});
