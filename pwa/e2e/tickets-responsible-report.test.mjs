// The report by responsible party (责任归属) on a phone against the real server (issue 15
// item 6, part): 张伟 (CS1001) attributes two damaged parcels to a partner carrier through
// the API; the manager 刘强 (CS3001) finds the party among the weak links, with its most
// frequent cause, and the partner share in the chart by responsible party.
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
});
