import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { outbox } from '../../outbox/sync';
import { WithClient, fakeClient } from '../roster/testing';
import type { CkTemplateItemFragment } from './checklists.generated';
import { ChecksScreen } from './ChecksScreen';
import { draftOf, freshCode, isChanged, moved, newItem, problemOf, revisionOf } from './templateDraft';
import { TemplateEditor } from './TemplateEditor';
import { isChecklistChange } from './kinds';

afterEach(() => {
  cleanup();
  setLocale('zh-CN');
});

function tplItem(code: string, textZh: string, extra: Partial<CkTemplateItemFragment> = {}): CkTemplateItemFragment & { __typename: 'ChecklistItem' } {
  return {
    __typename: 'ChecklistItem',
    id: `i-${code}`,
    code,
    text: textZh,
    textZh,
    textEn: `${code} en`,
    weight: 2,
    appliesOn: 'ALL',
    dressCode: null,
    role: null,
    photoRequired: false,
    automatic: null,
    ...extra,
  };
}

const appearance = {
  __typename: 'ChecklistTemplate' as const,
  id: 'tpl-a1',
  kind: 'APPEARANCE' as const,
  version: 1,
  title: '仪容仪表自查',
  titleZh: '仪容仪表自查',
  titleEn: 'Appearance check',
  items: [
    tplItem('UNIFORM', '穿着公司制服', { appliesOn: 'WEEKDAY', photoRequired: true }),
    tplItem('BADGE', '佩戴工牌', { photoRequired: true }),
    tplItem('NO_BEARD', '不留胡须', { dressCode: 'CLEAN_SHAVEN_SHORT_HAIR', weight: 1 }),
  ],
};
const profiles = [
  { __typename: 'DressCodeProfile' as const, code: 'CLEAN_SHAVEN_SHORT_HAIR', name: '短发不留胡须' },
  { __typename: 'DressCodeProfile' as const, code: 'LONG_HAIR_TIED', name: '长发束起' },
];

describe('a template draft', () => {
  const from = draftOf(appearance);

  it('round-trips the current version into the same revision', () => {
    expect(isChanged(from, from)).toBe(false);
    expect(revisionOf(from)).toEqual({
      kind: 'APPEARANCE',
      titleZh: '仪容仪表自查',
      titleEn: 'Appearance check',
      items: [
        { code: 'UNIFORM', textZh: '穿着公司制服', textEn: 'UNIFORM en', weight: 2, appliesOn: 'WEEKDAY', photoRequired: true },
        { code: 'BADGE', textZh: '佩戴工牌', textEn: 'BADGE en', weight: 2, appliesOn: 'ALL', photoRequired: true },
        { code: 'NO_BEARD', textZh: '不留胡须', textEn: 'NO_BEARD en', weight: 1, appliesOn: 'ALL', photoRequired: false, dressCode: 'CLEAN_SHAVEN_SHORT_HAIR' },
      ],
    });
  });

  it('gives new items a code of their own and moves items within bounds', () => {
    expect(freshCode([...from.items, { ...newItem(from.items), code: 'ITEM_1' }])).toBe('ITEM_2');
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('names what the server would refuse, with the item position', () => {
    const cases: [string, typeof from, ReturnType<typeof problemOf>][] = [
      ['a missing English title', { ...from, titleEn: ' ' }, { key: 'tpl.problem.title' }],
      ['no items', { ...from, items: [] }, { key: 'tpl.problem.count' }],
      ['a duplicate code', { ...from, items: [...from.items, { ...newItem(from.items), code: 'BADGE', textZh: 'x', textEn: 'x' }] }, { key: 'tpl.problem.code', position: 4 }],
      ['a new item without text', { ...from, items: [...from.items, newItem(from.items)] }, { key: 'tpl.problem.text', position: 4 }],
      ['a weight of 11', { ...from, items: from.items.map((it, i) => (i === 1 ? { ...it, weight: 11 } : it)) }, { key: 'tpl.problem.weight', position: 2 }],
    ];
    for (const [name, draft, want] of cases) expect(problemOf(draft), name).toEqual(want);
    expect(problemOf(from)).toBeNull();
  });
});

describe('TemplateEditor', () => {
  const manager = { id: 'tpl-manager', name: '刘强', employeeNo: 'CS3001', roles: ['MANAGER'] as 'MANAGER'[] };

  it('publishes an edited item and a new one as the next version through the outbox', async () => {
    const client = fakeClient({ CkTemplates: { checklistTemplates: [appearance], dressCodeProfiles: profiles } });
    render(
      <WithClient client={client}>
        <TemplateEditor staff={manager} onClose={() => {}} />
      </WithClient>,
    );
    expect(screen.getByText(/当前版本 v1/)).toBeTruthy();
    const publish = screen.getByRole('button', { name: '发布新版本 v2' });
    expect(publish).toHaveProperty('disabled', true);

    const badge = screen.getByRole('listitem', { name: '第 2 项：佩戴工牌' });
    fireEvent.input(within(badge).getByLabelText('权重（1–10）'), { target: { value: '3' } });
    fireEvent.change(within(badge).getByLabelText('适用日期'), { target: { value: 'WEEKEND' } });
    fireEvent.click(within(badge).getByRole('button', { name: '上移：佩戴工牌' }));

    fireEvent.click(screen.getByRole('button', { name: '添加检查项' }));
    const added = screen.getByRole('listitem', { name: '第 4 项：ITEM_1' });
    expect(screen.getByRole('alert').textContent).toBe('第 4 项：请填写中英文内容。');
    expect(publish).toHaveProperty('disabled', true);
    fireEvent.input(within(added).getByLabelText('中文内容'), { target: { value: '指甲整洁' } });
    fireEvent.input(within(added).getByLabelText('英文内容'), { target: { value: 'Nails clean' } });
    fireEvent.change(within(added).getByLabelText('适用岗位'), { target: { value: 'AGENT' } });
    fireEvent.click(within(added).getByLabelText('需要拍照'));

    await waitFor(() => expect(publish).toHaveProperty('disabled', false));
    fireEvent.click(publish);
    await waitFor(() => expect(outbox.list(manager.id)).toHaveLength(1));
    const change = outbox.list(manager.id)[0]!.change;
    expect(change).toMatchObject({ type: 'reviseChecklistTemplate', kind: 'APPEARANCE', summary: '仪容仪表自查 v2' });
    expect(isChecklistChange(change) && change.type === 'reviseChecklistTemplate' && change.items.map((i) => [i.code, i.weight, i.appliesOn])).toEqual([
      ['BADGE', 3, 'WEEKEND'],
      ['UNIFORM', 2, 'WEEKDAY'],
      ['NO_BEARD', 1, 'ALL'],
      ['ITEM_1', 1, 'ALL'],
    ]);
    expect(isChecklistChange(change) && change.type === 'reviseChecklistTemplate' && change.items[3]).toEqual({
      code: 'ITEM_1',
      textZh: '指甲整洁',
      textEn: 'Nails clean',
      weight: 1,
      appliesOn: 'ALL',
      photoRequired: true,
      role: 'AGENT',
    });
  });

  it('keeps the codes of published items fixed, in English too', () => {
    setLocale('en');
    const client = fakeClient({ CkTemplates: { checklistTemplates: [appearance], dressCodeProfiles: profiles } });
    render(
      <WithClient client={client}>
        <TemplateEditor staff={{ ...manager, id: 'tpl-manager-2' }} onClose={() => {}} />
      </WithClient>,
    );
    const item = screen.getByRole('listitem', { name: 'Item 3: 不留胡须' });
    expect(within(item).getByLabelText('Code (fixed once published)')).toHaveProperty('disabled', true);
    expect((within(item).getByLabelText('Dress-code profile') as HTMLSelectElement).value).toBe('CLEAN_SHAVEN_SHORT_HAIR');
    fireEvent.click(within(item).getByRole('button', { name: 'Remove: 不留胡须' }));
    expect(screen.queryByRole('listitem', { name: /不留胡须/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Publish version v2' })).toHaveProperty('disabled', false);
  });
});

describe('my dress code', () => {
  it('is chosen on the self-check screen and sent as setDressCode for oneself', async () => {
    const staff = { id: 'dress-1', name: '张伟', employeeNo: 'CS1001', roles: ['AGENT'] as 'AGENT'[] };
    const client = fakeClient({
      DueSelfChecks: { dueSelfChecks: [] },
      MyChecklistResults: null,
      CkMyDressCode: { myDressCode: null, dressCodeProfiles: profiles },
    });
    render(
      <WithClient client={client}>
        <ChecksScreen staff={staff} />
      </WithClient>,
    );
    const card = screen.getByRole('region', { name: '我的着装规范' });
    const select = within(card).getByLabelText('着装规范') as HTMLSelectElement;
    expect(select.value).toBe('');
    fireEvent.change(select, { target: { value: 'LONG_HAIR_TIED' } });
    await waitFor(() => expect(outbox.list(staff.id)).toHaveLength(1));
    expect(outbox.list(staff.id)[0]!.change).toMatchObject({ type: 'setDressCode', staffId: 'dress-1', profileCode: 'LONG_HAIR_TIED', summary: '长发束起' });
  });
});
