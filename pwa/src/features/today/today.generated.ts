/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Whether an attendance punch starts or ends work. */
export type AttendancePunchKind =
  /** 上班打卡: start of work. */
  | 'CLOCK_IN'
  /** 下班打卡: end of work. */
  | 'CLOCK_OUT';

/** Record a clock-in or clock-out for the caller. */
export type RecordAttendanceInput = {
  /**
   * Client-generated unique key (a UUID) for this punch. Sending the same key again returns the
   * first result and records nothing new; reusing a key for a different punch is refused
   * (IDEMPOTENCY_KEY_REUSED).
   */
  idempotencyKey: string;
  /** Clock in or clock out. */
  kind: AttendancePunchKind;
  /**
   * When the person punched on the device; defaults to now. May be at most 48 hours in the past
   * (an offline phone syncs later) and not in the future beyond 5 minutes of clock skew.
   */
  occurredAt?: string | null | undefined;
};

export type PunchFragment = { id: string, kind: Types.AttendancePunchKind, occurredAt: string, recordedAt: string, workDay: string };

export type TodayQueryVariables = Exact<{ [key: string]: never; }>;


export type TodayQuery = { me: { id: string, name: string }, myAttendance: Array<{ id: string, kind: Types.AttendancePunchKind, occurredAt: string, recordedAt: string, workDay: string }> };

export type MyAttendanceByDayQueryVariables = Exact<{
  day?: string | null | undefined;
}>;


export type MyAttendanceByDayQuery = { myAttendance: Array<{ id: string, kind: Types.AttendancePunchKind, occurredAt: string, recordedAt: string, workDay: string }> };

export type RecordAttendanceMutationVariables = Exact<{
  input: Types.RecordAttendanceInput;
}>;


export type RecordAttendanceMutation = { recordAttendance: { replayed: boolean, punch: { id: string, kind: Types.AttendancePunchKind, occurredAt: string, recordedAt: string, workDay: string } } };

export const PunchFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Punch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttendancePunch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"workDay"}}]}}]} as unknown as DocumentNode<PunchFragment, unknown>;
export const TodayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Today"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"myAttendance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Punch"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Punch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttendancePunch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"workDay"}}]}}]} as unknown as DocumentNode<TodayQuery, TodayQueryVariables>;
export const MyAttendanceByDayDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyAttendanceByDay"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"day"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myAttendance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"day"},"value":{"kind":"Variable","name":{"kind":"Name","value":"day"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Punch"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Punch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttendancePunch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"workDay"}}]}}]} as unknown as DocumentNode<MyAttendanceByDayQuery, MyAttendanceByDayQueryVariables>;
export const RecordAttendanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordAttendance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordAttendanceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordAttendance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"punch"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"Punch"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"Punch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttendancePunch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"workDay"}}]}}]} as unknown as DocumentNode<RecordAttendanceMutation, RecordAttendanceMutationVariables>;