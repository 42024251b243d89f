// Steps the tickets browser tests share: API calls as a script makes them, signing in on a
// phone, and putting a colleague on duty now.
import { graphql, loginToken } from './browser.mjs';

export async function must(query, variables, token) {
  const body = await graphql(query, variables, token);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export async function login(page, employeeNo) {
  await page.goto('/');
  await page.getByLabel('工号').fill(employeeNo);
  await page.getByLabel('密码').fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '工单' }).waitFor();
}

/** 王芳 (CS2001) gives employeeNo a six-hour shift starting this hour (Shanghai) today. */
export async function putOnDutyNow(employeeNo, depotId) {
  const sv = await loginToken('CS2001');
  const pad = (n) => String(n).padStart(2, '0');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour);
  const code = `TK${pad(hour)}`;
  const types = (await must('query($d: ID!) { shiftTypes(depotId: $d) { id code } }', { d: depotId }, sv)).shiftTypes;
  const shiftTypeId =
    types.find((x) => x.code === code)?.id ??
    (
      await must(
        'mutation($i: CreateShiftTypeInput!) { createShiftType(input: $i) { shiftType { id } } }',
        { i: { depotId, code, name: `值班${pad(hour)}`, startTime: `${pad(hour)}:00`, endTime: `${pad((hour + 6) % 24)}:00`, night: hour + 6 >= 24 } },
        sv,
      )
    ).createShiftType.shiftType.id;
  const staff = await must('{ me { depot { staff(first: 100) { edges { node { id employeeNo roles } } } } } }', {}, sv);
  const person = staff.me.depot.staff.edges.map((e) => e.node).find((n) => n.employeeNo === employeeNo);
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  await must(
    'mutation($i: AssignShiftsInput!) { assignShifts(input: $i) { roster { status } } }',
    { i: { idempotencyKey: crypto.randomUUID(), depotId, month: day.slice(0, 7), assignments: [{ staffId: person.id, day, shiftTypeId }] } },
    sv,
  );
  return person;
}
