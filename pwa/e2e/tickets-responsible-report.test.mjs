// The report by responsible party (责任归属) and the cause taxonomy on a phone against the
// real server (issue 15 item 6): 张伟 (CS1001) attributes two damaged parcels to a partner
// carrier through the API; the manager 刘强 (CS3001) finds the party among the weak links,
// with its most frequent cause, and the partner share in the chart by responsible party.
// Then 张伟 resolves a ticket choosing 装卸野蛮 from the taxonomy, and it counts with the
// same cause written before.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';
import { login } from './tickets.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

async function attribute(agent, party, cause) {
  const created = await must(
    'mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id version } } }',
    { i: { idempotencyKey: crypto.randomUUID(), kind: 'EXCEPTION', exceptionKind: 'DAMAGE', summary: '外箱破损，客户来电', customerName: '陈先生', customerPhone: '13812345678' } },
    agent,
  );
  const t = created.createTicket.ticket;
  await must(
    'mutation($i: RestateTicketInput!) { restateTicket(input: $i) { ticket { id } } }',
    {
      i: {
        idempotencyKey: crypto.randomUUID(),
        ticketId: t.id,
        expectedVersion: t.version,
        problem: '客户确认：外箱破损',
        cause,
        responsibleKind: 'OTHER_PARTY',
        responsibleName: party,
        plan: '补发并索赔',
        promisedAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      },
    },
    agent,
  );
}

describe('the report by responsible party on a phone', { skip: skip ?? false }, () => {
  test('the manager sees the weak links with their causes', async () => {
    const party = `E2E 承运商 ${crypto.randomUUID().slice(0, 6)}`;
    const agent = await loginToken('CS1001');
    await attribute(agent, party, '装卸野蛮');
    await attribute(agent, party, '装卸野蛮');
    const phone = await launchPhone();
    try {
      const page = await phone.context.newPage();
      await login(page, 'CS3001');
      await page.goto('/tickets/report');
      const weak = page.getByRole('region', { name: '薄弱环节（按责任方）' });
      const row = weak.getByRole('listitem').filter({ hasText: `${party} · 其他公司 · 装卸野蛮` });
      await row.waitFor();
      assert.match(await row.innerText(), /2\s*$/);
      const byKind = page.getByRole('region', { name: '按责任归属' });
      await byKind.getByRole('listitem').filter({ hasText: '其他公司' }).waitFor();
      await page.screenshot({ path: `${shots}tickets-responsible-report.png`, fullPage: true });
    } finally {
      await phone.close();
    }
  });

  test('a cause chosen from the taxonomy when resolving counts with the same cause written before', async () => {
    const sv = await loginToken('CS2001');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const rough = async () => {
      const r = await must('query($d: Date!) { ticketReport(from: $d, to: $d) { byCause { key count } } }', { d: day }, sv);
      return r.ticketReport.byCause.find((c) => c.key === '装卸野蛮')?.count ?? 0;
    };
    const before = await rough();
    const agent = await loginToken('CS1001');
    const created = await must(
      'mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } } }',
      { i: { idempotencyKey: crypto.randomUUID(), kind: 'EXCEPTION', exceptionKind: 'DAMAGE', summary: '外箱压坏', customerName: '陈先生', customerPhone: '13812345678' } },
      agent,
    );
    const id = created.createTicket.ticket.id;
    const phone = await launchPhone();
    try {
      const page = await phone.context.newPage();
      await login(page, 'CS1001');
      await page.goto(`/tickets/${encodeURIComponent(id)}`);
      await page.getByRole('button', { name: '解决', exact: true }).click();
      await page.getByLabel('处理结果').fill('已赔付并补发');
      await page.getByLabel('常见问题分类').selectOption({ label: '装卸野蛮' });
      assert.equal(await page.getByLabel('原因', { exact: true }).count(), 0, 'a chosen cause needs no writing');
      await page.screenshot({ path: `${shots}tickets-resolve-cause.png`, fullPage: true });
      await page.locator('form').getByRole('button', { name: '解决' }).click();
      await page.locator('.tag', { hasText: '已解决' }).first().waitFor();
    } finally {
      await phone.close();
    }
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      after = await rough();
      if (after === before) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(after, before + 1);
  });

  test('the manager adds a cause to the taxonomy and retires one', async () => {
    const phone = await launchPhone();
    const name = `外包装受潮 ${crypto.randomUUID().slice(0, 4)}`;
    try {
      const page = await phone.context.newPage();
      await login(page, 'CS3001');
      await page.goto('/tickets/report');
      const card = page.getByRole('region', { name: '原因分类管理' });
      await card.getByRole('region', { name: '破损' }).waitFor();
      await card.getByLabel('分类').fill('破损');
      await card.getByLabel('原因名称').fill(name);
      await card.getByRole('button', { name: '添加' }).click();
      await card.getByRole('region', { name: '破损' }).getByText(name, { exact: true }).waitFor({ timeout: 15_000 });
      await card.getByRole('button', { name: '停用：破损 · 运输挤压' }).click();
      await card.getByRole('region', { name: '破损' }).getByRole('listitem').filter({ hasText: '运输挤压' }).getByText('已停用').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${shots}tickets-cause-taxonomy.png`, fullPage: true });
    } finally {
      await phone.close();
    }
    const { ticketCauses } = await must('{ ticketCauses { category name } }', {}, await loginToken('CS1001'));
    assert.ok(ticketCauses.some((c) => c.category === '破损' && c.name === name), 'the new cause is offered to agents');
    assert.ok(!ticketCauses.some((c) => c.name === '运输挤压'), 'the retired cause is no longer offered');
  });
});
