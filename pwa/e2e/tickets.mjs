// Steps the tickets browser tests share: signing in on a phone, and putting a colleague on
// duty now.
import { loginToken, must, shiftStartingThisHour } from './browser.mjs';

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
  const staff = await must('{ me { depot { staff(first: 100) { edges { node { id employeeNo roles } } } } } }', {}, sv);
  const person = staff.me.depot.staff.edges.map((e) => e.node).find((n) => n.employeeNo === employeeNo);
  await shiftStartingThisHour(sv, depotId, [person.id], 'TK', '值班');
  return person;
}
