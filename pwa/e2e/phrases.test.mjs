// Standard phrases (话术) on phones against the real server, at 360 px: 张伟 (CS1001) opens
// the phrases from a ticket's comment composer and inserts the greeting; a reply opening
// with 不行 gets a gentle suggestion, which he may ignore and send, or take with one tap;
// his supervisor's coaching report counts both. The Shanghai branch's manager (CS3001)
// adds and retires a phrase in 我的. Offline after a reload the phrases and the suggestion
// still work and the reply goes through the outbox with its phrase. One pass in English.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { idbValues, launchPhone, loginToken, missingBrowser, must } from './browser.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const unique = () => String(Date.now() % 1_000_000);

async function login(page, employeeNo) {
  await page.goto('/');
  await page.getByLabel('工号').fill(employeeNo);
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '我的', exact: true }).waitFor();
}

/** A ticket at CS1001's depot, opened through the API. */
async function newTicket(token) {
  const r = await must(
    'mutation($in: CreateTicketInput!) { createTicket(input: $in) { ticket { id } } }',
    { in: { idempotencyKey: `e2e-phrases-${unique()}-${Math.random()}`, kind: 'ENQUIRY', summary: `客户询问改地址 ${unique()}`, customerName: '王女士', customerPhone: '13700001111' } },
    token,
  );
  return r.createTicket.ticket.id;
}

async function comments(ticketId, token) {
  const { node } = await must('query($id: ID!) { node(id: $id) { ... on Ticket { timeline { kind body } } } }', { id: ticketId }, token);
  return node.timeline.filter((e) => e.kind === 'COMMENT').map((e) => e.body);
}

async function until(what, fn, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('standard phrases (话术)', { skip: skip ?? false }, () => {
  const phones = [];
  let page;
  const phone = async (opts) => {
    const p = await launchPhone(opts);
    phones.push(p);
    return p.context.newPage();
  };
  before(async () => {
    page = await phone();
  });
  afterEach(async (t) => {
    await page?.screenshot({ path: `${shots}last-phrases-${t.name.replace(/\W+/g, '-').slice(0, 40)}.png` }).catch(() => {});
  });
  after(async () => {
    for (const p of phones) await p.close();
  });

  test('an agent inserts a phrase, is advised on 不行 and can still send; the supervisor sees the counts', async () => {
    const token = await loginToken('CS1001');
    const ticketId = await newTicket(token);
    await login(page, 'CS1001');
    await page.goto(`/tickets/${encodeURIComponent(ticketId)}`);
    await page.getByRole('button', { name: '备注', exact: true }).click();

    const toggle = page.getByRole('button', { name: '话术', exact: true });
    const box = await toggle.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `the 话术 button is ${box.width}×${box.height}`);
    await toggle.click();
    const panel = page.getByRole('region', { name: '标准话术' });
    await panel.getByRole('heading', { name: '问候' }).waitFor();
    for (const s of ['请稍等', '致歉', '致谢', '说明延误', '结束语']) await panel.getByRole('heading', { name: s }).waitFor();
    await page.screenshot({ path: `${shots}phrases-01-panel.png`, fullPage: true });
    await panel.getByRole('button', { name: '您好,这里是速达快递客服,很高兴为您服务。' }).click();
    assert.equal(await page.getByLabel('添加备注').inputValue(), '您好,这里是速达快递客服,很高兴为您服务。');

    // A reply opening with 不行: a suggestion, not a refusal.
    await page.getByLabel('添加备注').fill('不行,这个地址改不了');
    const advice = page.getByRole('status').filter({ hasText: '建议先致歉或说明原因' });
    await advice.waitFor();
    assert.match(await advice.innerText(), /“不行”不宜作为第一句回复/);
    await page.screenshot({ path: `${shots}phrases-02-advice.png`, fullPage: true });
    await page.getByRole('button', { name: '发送' }).click();
    await until('the reply sent as written', async () => (await comments(ticketId, token)).includes('不行,这个地址改不了'));

    // The one-tap alternative replaces the opening.
    await page.getByRole('button', { name: '备注', exact: true }).click();
    await page.getByLabel('添加备注').fill('  没办法,这个地址改不了');
    await page.getByRole('button', { name: '换成:非常抱歉给您带来不便。' }).click();
    assert.equal(await page.getByLabel('添加备注').inputValue(), '非常抱歉给您带来不便。这个地址改不了');
    assert.equal(await page.getByRole('status').filter({ hasText: '建议先致歉或说明原因' }).count(), 0);
    await page.getByRole('button', { name: '发送' }).click();
    await until('the reply built from the apology', async () => (await comments(ticketId, token)).includes('非常抱歉给您带来不便。这个地址改不了'));

    const sv = await loginToken('CS2001');
    const { me } = await must('{ me { depot { id } } }', {}, sv);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    const { phraseUsage } = await must(
      'query($d: ID!, $m: String!) { phraseUsage(depotId: $d, month: $m) { employeeNo forbiddenOpenings phrases { uses phrase { textZh } } } }',
      { d: me.depot.id, m: month },
      sv,
    );
    const mine = phraseUsage.find((r) => r.employeeNo === 'CS1001');
    assert.equal(mine.forbiddenOpenings, 1);
    assert.deepEqual(mine.phrases, [{ uses: 1, phrase: { textZh: '非常抱歉给您带来不便。' } }]);
  });

  test('offline after a reload, the phrases and the suggestion work and the reply syncs with its phrase', async () => {
    const token = await loginToken('CS1001');
    const ticketId = await newTicket(token);
    const off = await phone();
    page = off;
    await login(off, 'CS1001');
    const url = `/tickets/${encodeURIComponent(ticketId)}`;
    await off.goto(url);
    await off.evaluate(() => navigator.serviceWorker.ready);
    await off.reload();
    await off.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await off.getByRole('button', { name: '备注', exact: true }).click();
    await off.getByRole('button', { name: '话术', exact: true }).click();
    await off.getByRole('region', { name: '标准话术' }).getByRole('heading', { name: '问候' }).waitFor();
    await until('the phrase book in the persisted cache', async () =>
      JSON.stringify(await idbValues(off, 'cs-graphcache', 'entries')).includes('请您稍等,我马上为您查询。'),
    );

    const context = phones.at(-1).context;
    await context.setOffline(true);
    await off.goto(url);
    await off.getByRole('status').filter({ hasText: '离线' }).waitFor();
    await off.getByRole('button', { name: '备注', exact: true }).click();
    await off.getByRole('button', { name: '话术', exact: true }).click();
    await off.getByRole('region', { name: '标准话术' }).getByRole('button', { name: '感谢您的来电,祝您生活愉快,再见。' }).waitFor();
    await off.getByLabel('添加备注').fill('不知道,我帮您查一下');
    await off.getByRole('button', { name: '换成:请您稍等,我马上为您查询。' }).click();
    assert.equal(await off.getByLabel('添加备注').inputValue(), '请您稍等,我马上为您查询。我帮您查一下');
    await off.screenshot({ path: `${shots}phrases-05-offline.png`, fullPage: true });
    await off.getByRole('button', { name: '发送' }).click();
    await off.getByRole('region', { name: '待同步' }).waitFor();

    await context.setOffline(false);
    await until('the reply synced', async () => (await comments(ticketId, token)).includes('请您稍等,我马上为您查询。我帮您查一下'), 30_000);
    const sv = await loginToken('CS2001');
    const { me } = await must('{ me { depot { id } } }', {}, sv);
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    const { phraseUsage } = await must(
      'query($d: ID!, $m: String!) { phraseUsage(depotId: $d, month: $m) { employeeNo phrases { uses phrase { textZh } } } }',
      { d: me.depot.id, m: month },
      sv,
    );
    const mine = phraseUsage.find((r) => r.employeeNo === 'CS1001');
    assert.ok(mine.phrases.some((p) => p.phrase.textZh === '请您稍等,我马上为您查询。' && p.uses === 1), JSON.stringify(mine));
  });

  test('a branch manager adds a phrase in 我的 and retires it', async () => {
    const mgr = await phone();
    page = mgr;
    await login(mgr, 'CS3001');
    await mgr.goto('/me');
    await mgr.getByRole('button', { name: '管理话术' }).click();
    await mgr.getByRole('heading', { name: '话术管理' }).waitFor();
    await mgr.getByText('上级单位的话术(只读)').first().waitFor();
    const text = `您好,上海分公司客服为您服务 ${unique()}`;
    await mgr.getByRole('button', { name: '新增话术' }).click();
    await mgr.getByLabel('使用场景').selectOption('GREETING');
    await mgr.getByLabel('中文话术').fill(text);
    await mgr.getByLabel('英文话术').fill('Hello, Shanghai branch customer service here.');
    await mgr.getByRole('button', { name: '保存' }).click();
    await mgr.getByText(text).waitFor();
    await mgr.screenshot({ path: `${shots}phrases-03-manage.png`, fullPage: true });

    const agent = await loginToken('CS1001');
    const book = async () => (await must('{ phraseBook { phrases { textZh } } }', {}, agent)).phraseBook.phrases.map((p) => p.textZh);
    assert.ok((await book()).includes(text), 'the agent is offered the new phrase');
    await mgr.getByRole('button', { name: `停用:${text}` }).click();
    await mgr.getByRole('button', { name: `启用:${text}` }).waitFor();
    assert.ok(!(await book()).includes(text), 'a retired phrase is offered to nobody');

    // The coaching figures of the manager's depot (张伟's replies from the tests above).
    await mgr.goto('/tickets/report');
    const usage = mgr.getByRole('region', { name: '话术使用' });
    await usage.getByText('使用话术 2 次 · 不宜开头 1 次').waitFor();
    await usage.getByText('张伟').waitFor();
    await mgr.screenshot({ path: `${shots}phrases-06-usage.png`, fullPage: true });
  });

  test('in English the phrases and the suggestion are in English', async () => {
    const token = await loginToken('CS1001');
    const ticketId = await newTicket(token);
    const en = await phone();
    page = en;
    await login(en, 'CS1001');
    await en.goto('/me');
    await en.getByRole('radio', { name: 'English' }).click();
    await en.goto(`/tickets/${encodeURIComponent(ticketId)}`);
    await en.getByRole('button', { name: 'Comment', exact: true }).click();
    await en.getByRole('button', { name: 'Phrases', exact: true }).click();
    const panel = en.getByRole('region', { name: 'Standard phrases' });
    await panel.getByRole('heading', { name: 'Asking to wait' }).waitFor();
    await panel.getByRole('button', { name: "One moment please, I'll look it up for you right away." }).click();
    assert.equal(await en.getByLabel('Add a comment').inputValue(), "One moment please, I'll look it up for you right away.");
    await en.getByLabel('Add a comment').fill("I don't know where it is");
    await en.getByRole('status').filter({ hasText: 'Try apologising or explaining first' }).waitFor();
    await en.getByRole('button', { name: 'Use: We are very sorry for the inconvenience.' }).waitFor();
    await en.screenshot({ path: `${shots}phrases-04-english.png`, fullPage: true });
  });
});
