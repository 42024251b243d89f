// Where a photo was taken (issue 15 item 9) on phones against the real server: 张伟 (CS1001)
// switches on 「拍照时记录位置」 on the Me screen, and the photo he attaches to a ticket comment
// carries the phone's position; he and the supervisor 王芳 (CS2001) see it under the photo,
// his colleague 李娜 (CS1002) does not, and before he switched it on nothing was recorded.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { BASE_URL, launchPhone, loginToken, missingBrowser, must } from './browser.mjs';
import { pngPhoto } from './photo.mjs';
import { login } from './tickets.mjs';

const skip = missingBrowser();
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const place = '拍摄位置 31.20350, 121.59070（±12 米）';

async function ticketOf(token) {
  const r = await must(
    'mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } } }',
    { i: { idempotencyKey: crypto.randomUUID(), kind: 'ENQUIRY', summary: `外包装照片 ${crypto.randomUUID().slice(0, 6)}`, customerName: '王女士', customerPhone: '13700001111' } },
    token,
  );
  return r.createTicket.ticket.id;
}

const timelineQuery = 'query($id: ID!) { node(id: $id) { ... on Ticket { timeline { kind photos { location { latitude accuracyMeters } } } } } }';
async function locations(id, employeeNo) {
  const { node } = await must(timelineQuery, { id }, await loginToken(employeeNo));
  return node.timeline.filter((e) => e.kind === 'COMMENT').flatMap((e) => e.photos.map((p) => p.location));
}

describe('where a photo was taken, on phones', { skip: skip ?? false }, () => {
  const phones = [];
  const phone = async () => {
    const p = await launchPhone();
    phones.push(p);
    await p.context.grantPermissions(['geolocation'], { origin: BASE_URL });
    await p.context.setGeolocation({ latitude: 31.2035, longitude: 121.5907, accuracy: 12 });
    return p.context.newPage();
  };
  after(async () => {
    for (const p of phones) await p.close();
  });

  async function comment(page, id, shade) {
    await page.goto(`/tickets/${encodeURIComponent(id)}`);
    await page.getByRole('button', { name: '备注', exact: true }).click();
    await page.getByLabel('添加备注').fill('客户发来外包装照片');
    await page.locator('#tk-comment-photos').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: pngPhoto(200, shade, 40) });
    await page.locator('form').getByRole('img', { name: '照片 1' }).waitFor();
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByRole('list', { name: '处理记录' }).getByRole('img', { name: '照片 1' }).waitFor({ timeout: 15_000 });
  }

  test('only with consent, and shown to the taker and the supervisor only', async () => {
    const agent = await phone();
    await login(agent, 'CS1001');
    const token = await loginToken('CS1001');

    const before = await ticketOf(token);
    await comment(agent, before, 60);
    assert.deepEqual(await locations(before, 'CS1001'), [null], 'nothing is recorded before the person switches it on');

    await agent.goto('/me');
    await agent.getByRole('checkbox', { name: '拍照时记录位置' }).check();
    const id = await ticketOf(token);
    await comment(agent, id, 90);
    await agent.getByRole('list', { name: '处理记录' }).getByText(place).waitFor({ timeout: 15_000 });
    await agent.screenshot({ path: `${shots}photo-place-agent.png`, fullPage: true });
    assert.deepEqual(await locations(id, 'CS1001'), [{ latitude: 31.2035, accuracyMeters: 12 }]);

    const supervisor = await phone();
    await login(supervisor, 'CS2001');
    await supervisor.goto(`/tickets/${encodeURIComponent(id)}`);
    await supervisor.getByRole('list', { name: '处理记录' }).getByText(place).waitFor();

    assert.deepEqual(await locations(id, 'CS1002'), [null], 'a colleague who sees the ticket does not see where');
  });
});
