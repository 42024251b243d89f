// A claim above a supervisor's limit reaches the manager's approvals inbox live, on a phone:
// 刘强 (CS3001, branch manager) has the inbox open; 张伟 (CS1001) proposes a ¥2,000 claim on
// a damage ticket; 王芳 (CS2001, supervisor, limit ¥500) is refused with CLAIM_OVER_LIMIT;
// the claim appears in 刘强's inbox without a reload and opens its ticket.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { graphql, launchPhone, loginToken, missingBrowser, must } from './browser.mjs';
import { login } from './tickets.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const key = (name) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe('claims in the approvals inbox', { skip: skip ?? false }, () => {
  let manager;
  before(async () => {
    manager = await launchPhone();
  });
  after(async () => {
    await manager?.close();
  });

  test("a claim above the supervisor's limit appears live in the manager's inbox", async () => {
    const page = await manager.context.newPage();
    // The shell's live stream is open before anything happens (a notice is not replayed).
    const live = page.waitForResponse((r) => (r.request().postData() ?? '').includes('rosterNotificationAdded'));
    await login(page, 'CS3001');
    await live;
    await page.getByRole('link', { name: '审批' }).click(); // in the app: the stream stays open
    await page.getByRole('link', { name: /检查/ }).first().waitFor();

    const agent = await loginToken('CS1001');
    const { orders } = await must('{ orders(first: 10) { edges { node { id state } } } }', {}, agent);
    const order = orders.edges.map((e) => e.node).find((o) => o.state !== 'CANCELLED');
    const created = await must(
      'mutation($i: CreateTicketFromOrderInput!) { createTicketFromOrder(input: $i) { ticket { id } } }',
      { i: { idempotencyKey: key('claim-ticket'), orderId: order.id, kind: 'EXCEPTION', exceptionKind: 'DAMAGE', note: '外箱破损' } },
      agent,
    );
    const ticketId = created.createTicketFromOrder.ticket.id;
    const proposed = await must(
      'mutation($i: ProposeClaimInput!) { proposeClaim(input: $i) { claim { id version } } }',
      { i: { idempotencyKey: key('claim-propose'), ticketId, amountFen: 200_000, reason: '整箱茶具破损，按申报价值赔付' } },
      agent,
    );
    const claim = proposed.proposeClaim.claim;

    const sv = await loginToken('CS2001');
    const refused = await graphql(
      'mutation($i: DecideClaimInput!) { decideClaim(input: $i) { claim { state } } }',
      { i: { idempotencyKey: key('claim-decide'), claimId: claim.id, expectedVersion: claim.version, decision: 'APPROVE' } },
      sv,
    );
    assert.equal(refused.errors?.[0]?.extensions?.code, 'CLAIM_OVER_LIMIT');

    // No reload: the live notice refreshes the open inbox.
    const card = page.getByRole('region', { name: /张伟 提出的理赔 ¥2,000\.00/ });
    await card.waitFor({ timeout: 15_000 });
    await card.getByText('理由：整箱茶具破损，按申报价值赔付').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the inbox fits a 360 px phone (scroll width ${width})`);
    await page.screenshot({ path: `${shots}approvals-claim.png`, fullPage: true });

    await card.getByRole('link', { name: '打开工单审批' }).click();
    await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/tickets/${ticketId}`);
  });
});
