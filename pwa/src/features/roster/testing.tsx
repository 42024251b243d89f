// Test helpers: a urql client that answers each query by operation name from fixed data.
import type { Client } from '@urql/core';
import { Provider } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { fromValue } from 'wonka';

type Answers = Record<string, unknown | ((variables: Record<string, unknown>) => unknown)>;

export function fakeClient(answers: Answers): Client {
  return {
    executeQuery: (op: { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown> }) => {
      const name = op.query.definitions.find((d) => d.name)?.name?.value ?? '';
      const answer = answers[name];
      const data = typeof answer === 'function' ? answer(op.variables) : answer;
      return fromValue({ operation: op, data, stale: false, hasNext: false });
    },
  } as unknown as Client;
}

export function WithClient({ client, children }: { client: Client; children: ComponentChildren }) {
  return <Provider value={client}>{children}</Provider>;
}

export const person = (id: string, name: string, employeeNo: string) => ({ __typename: 'Staff' as const, id, name, employeeNo });

export const dayShift = {
  __typename: 'ShiftType' as const,
  id: 'st-day',
  code: 'DAY',
  name: '白班',
  startTime: '08:30',
  endTime: '17:30',
  crossesMidnight: false,
  night: false,
};

export function assignment(id: string, day: string, staff: ReturnType<typeof person>) {
  return { __typename: 'ShiftAssignment' as const, id, day, startsAt: `${day}T00:30:00Z`, endsAt: `${day}T09:30:00Z`, staff, shiftType: dayShift };
}
