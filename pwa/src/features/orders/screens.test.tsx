import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

const submitChange = vi.fn(async () => ({ key: 'k1' }));
vi.mock('../../outbox/sync', () => ({
  submitChange: (...args: unknown[]) => submitChange(...(args as [])),
  useOutbox: () => ({ items: [], sending: null }),
  outbox: { dismiss: vi.fn() },
}));

const { WaybillSearch } = await import('./OrdersHome');
const { VerificationChecklist } = await import('./OrderDetailScreen');
import type { OrderDetailFragment } from './orders.generated';
import type { StaffSummary } from '../../session/session';

const staff: StaffSummary = { id: 'S1', employeeNo: 'CS1001', name: '张伟', roles: ['AGENT'] };

function order(over: Partial<OrderDetailFragment> = {}): OrderDetailFragment {
  const contact = { name: '李明', phoneMasked: '138****5678', province: '上海市', city: '上海市', district: '浦东新区', addressMasked: '上海市上海市浦东新区****' };
  return {
    id: 'O1',
    waybillNo: 'SD123456785CN',
    goodsFlag: null,
    version: 3,
    state: 'PENDING_VERIFICATION',
    stage: 'NOT_PRINTED',
    freightFen: null,
    signedReceipt: null,
    service: 'STANDARD',
    createdAt: '2026-11-23T02:00:00Z',
    releasedAt: null,
    expectedArrival: '2026-11-26T10:00:00Z',
    requiredArrivalAt: null,
    milestone: 'CREATED',
    trackingStatus: 'CREATED',
    trackingExceptionReason: null,
    late: false,
    depot: { id: 'D1', name: '浦东网点' },
    consignor: contact,
    consignee: { ...contact, name: '王芳' },
    goods: { name: '茶叶', quantity: 2, weightKg: 1.5, volumeM3: 0.02, declaredValueFen: null },
    handling: { fragile: true, keepUpright: false, keepDry: false },
    requests: { invoiceTitle: '', deliveryWindowFrom: '', deliveryWindowTo: '', cardText: '' },
    verifications: [
      { element: 'CONSIGNOR', verifiedAt: '2026-11-23T02:05:00Z', note: '', verifiedBy: { id: 'S1', name: '张伟' } },
    ],
    missingVerifications: ['CONSIGNEE', 'DESTINATION', 'GOODS', 'SERVICE', 'HANDLING'],
    changeOptions: [],
    history: [],
    trackingEvents: [],
    arrival: null,
    returnRequest: null,
    returnOf: null,
    ...over,
  };
}

afterEach(() => {
  cleanup();
  submitChange.mockClear();
});

describe('WaybillSearch', () => {
  it('catches a wrong check digit on the phone and opens a right one', () => {
    render(<WaybillSearch />);
    const input = screen.getByRole('textbox', { name: '运单号' });
    fireEvent.input(input, { target: { value: 'SD123456784CN' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByRole('alert').textContent).toContain('校验位错误');
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.input(input, { target: { value: 'sd 12345678 5cn' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(location.pathname).toBe('/orders/SD123456785CN');
  });

  it('says what the format is when it is not a waybill at all', () => {
    render(<WaybillSearch />);
    fireEvent.input(screen.getByRole('textbox', { name: '运单号' }), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByRole('alert').textContent).toContain('格式不正确');
  });
});

describe('VerificationChecklist', () => {
  it('confirms the ticked elements through the outbox with the version seen', async () => {
    render(<VerificationChecklist order={order()} staff={staff} />);
    const sender = screen.getByRole('checkbox', { name: /^寄件人/ }) as HTMLInputElement;
    expect(sender.checked).toBe(true);
    expect(sender.disabled).toBe(true);
    expect((screen.getByRole('button', { name: '放行' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/还需核实：收件人、目的地、物品、服务与时效、特殊要求/)).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: /^收件人/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /^物品/ }));
    fireEvent.click(screen.getByRole('button', { name: '确认已核实（2 项）' }));
    await Promise.resolve();
    expect(submitChange).toHaveBeenCalledWith('S1', {
      type: 'verifyOrder',
      orderId: 'O1',
      waybillNo: 'SD123456785CN',
      expectedVersion: 3,
      elements: ['CONSIGNEE', 'GOODS'],
    });
  });

  it('releases once every element is verified', () => {
    render(<VerificationChecklist order={order({ missingVerifications: [] })} staff={staff} />);
    expect(screen.getByText('全部已核实，可以放行。')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '放行' }));
    expect(submitChange).toHaveBeenCalledWith('S1', { type: 'releaseOrder', orderId: 'O1', waybillNo: 'SD123456785CN', expectedVersion: 3 });
  });
});

describe('VerificationChecklist with restricted goods', () => {
  it('a flagged order shows the rule and needs a note of what was checked to verify the goods', async () => {
    submitChange.mockClear();
    render(<VerificationChecklist order={order({ goodsFlag: '《禁止寄递物品管理规定》 锂电池:充电宝' })} staff={staff} />);
    expect(screen.getByRole('note').textContent).toContain('锂电池');
    fireEvent.click(screen.getByRole('checkbox', { name: /^物品/ }));
    const confirm = screen.getByRole('button', { name: '确认已核实（1 项）' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText(/查验情况/), { target: { value: '开箱查验:一台充电宝' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await Promise.resolve();
    expect(submitChange).toHaveBeenCalledWith('S1', expect.objectContaining({ type: 'verifyOrder', elements: ['GOODS'], note: '开箱查验:一台充电宝' }));
  });
});

describe('LoadError', () => {
  it('offline with nothing stored (no data and no error) says so instead of a blank screen', async () => {
    const { LoadError } = await import('./common');
    const { setOnline } = await import('../../app/network');
    setOnline(false);
    try {
      const { unmount } = render(<LoadError error={undefined} />);
      screen.getByText('离线，本机没有这条数据。联网后再试。');
      unmount();
    } finally {
      setOnline(true);
    }
    const { container } = render(<LoadError error={undefined} />);
    expect(container.textContent).toBe('');
  });
  it('a miss the check digit cannot catch offers the orders one typo away as links', async () => {
    const { LoadError } = await import('./common');
    render(
      <LoadError
        error={{
          message: '',
          graphQLErrors: [
            { message: '未找到该运单。是不是要找 SD314159395CN?', extensions: { code: 'NOT_FOUND', didYouMean: ['SD314159395CN'] } },
          ],
        }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('是不是要找 SD314159395CN');
    const link = screen.getByRole('link', { name: /SD314159395CN/ }) as HTMLAnchorElement;
    expect(link.getAttribute('href')).toContain('SD314159395CN');
  });
});
