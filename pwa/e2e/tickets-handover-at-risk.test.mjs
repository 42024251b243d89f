// Tickets dropped at shift end, on phones at 360 px: 梁雪 (CS1012) owns an open ticket and
// clocks out — the Today screen asks him to hand it over and links it; his shift (yesterday's
// day shift) is over and he has none now, so 王芳 (CS2001, supervisor) sees the ticket in the
// at-risk queue with his name and the time since his shift ended.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchPhone, loginToken, missingBrowser, must } from './browser.mjs';
import { login } from './tickets.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const shanghaiDay = (date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** Assigns shifts in a month of the depot and publishes the roster if it is a draft. */
async function assign(sv, depotId, month, assignments) {
  const { assignShifts } = await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { id version status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month, assignments } },
    sv,
  );
  if (assignShifts.roster.status === 'DRAFT') {
    await must(
      'mutation($i: PublishRosterInput!) { publishRoster(input: $i) { roster { status } } }',
      { i: { idempotencyKey: crypto.randomUUID(), rosterId: assignShifts.roster.id, version: assignShifts.roster.version } },
      sv,
    );
  }
}

describe('tickets dropped at shift end', { skip: skip ?? false }, () => {
  let owner;
  let supervisor;
  before(async () => {
    owner = await launchPhone();
    supervisor = await launchPhone();
  });
  after(async () => {
    await owner?.close();
    await supervisor?.close();
  });

  test('clocking out asks for a handover; the ticket of someone off shift is at risk for the supervisor', async () => {
    const sv = await loginToken('CS2001');
    const agent = await loginToken('CS1012');
    const me = await must('{ me { id depot { id } } }', {}, agent);
    const depotId = me.me.depot.id;
    // 梁雪 worked yesterday's day shift (08:30–17:30) and has no shift today.
    const types = (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes;
    const day = types.find((t) => t.code === 'DAY').id;
    const today = shanghaiDay(new Date());
    const yesterday = shanghaiDay(new Date(Date.now() - 86_400_000));
    await assign(sv, depotId, yesterday.slice(0, 7), [{ staffId: me.me.id, day: yesterday, shiftTypeId: day }]);
    await assign(sv, depotId, today.slice(0, 7), [{ staffId: me.me.id, day: today, shiftTypeId: null }]);

    const { orders } = await must('{ orders(first: 10) { edges { node { id state } } } }', {}, agent);
    const order = orders.edges.map((e) => e.node).find((o) => o.state !== 'CANCELLED');
    const { createTicketFromOrder } = await must(
      'mutation($i: CreateTicketFromOrderInput!) { createTicketFromOrder(input: $i) { ticket { id summary } } }',
      { i: { idempotencyKey: `at-risk-${Date.now()}`, orderId: order.id, kind: 'EXCEPTION', exceptionKind: 'DELAY', note: '客户催件,包裹延误' } },
      agent,
    );
    const ticket = createTicketFromOrder.ticket;

    // 梁雪 clocks out: the handover prompt lists the ticket.
    const page = await owner.context.newPage();
    await login(page, 'CS1012');
    await page.goto('/today');
    await page.getByRole('button', { name: '下班打卡' }).click();
    const prompt = page.getByRole('region', { name: /下班前请交接 \d+ 张未结工单/ });
    await prompt.waitFor();
    const link = prompt.getByRole('link', { name: new RegExp(ticket.summary) });
    await link.waitFor();
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the prompt fits a 360 px phone');
    await page.screenshot({ path: `${shots}handover-clock-out.png`, fullPage: true });
    await link.click();
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/tickets/${ticket.id}`);

    // 王芳's at-risk queue names him and how long ago his shift ended.
    const sup = await supervisor.context.newPage();
    await login(sup, 'CS2001');
    await sup.getByRole('link', { name: '工单' }).click();
    const queue = sup.getByRole('list', { name: '下班未交接的工单' });
    await queue.waitFor();
    const row = queue.getByRole('listitem').filter({ hasText: ticket.summary });
    await row.getByText(/负责人 梁雪（CS1012） 已下班 .+未交接/).first().waitFor();
    assert.ok((await sup.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'the queue fits a 360 px phone');
    await sup.screenshot({ path: `${shots}tickets-at-risk.png`, fullPage: true });
  });
});
