/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How firmly a person is not available. */
export type AvailabilityKind =
  /** 尽量不排: the person would rather not; assigning warns softly. */
  | 'PREFER_NOT'
  /** 不能上班: the person cannot work then; assigning warns firmly. */
  | 'UNAVAILABLE';

/** Mark a day or part of it. */
export type MarkAvailabilityInput = {
  /** Today or later. */
  day: string;
  /** End of the time range, after startMinute, at most 1440. */
  endMinute?: number | null | undefined;
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: string;
  /** Cannot or would rather not. */
  kind: AvailabilityKind;
  /** Why (1 to 200 characters, one line). */
  reason: string;
  /** Start of a time range within the day, minutes after midnight (0–1439); omit with endMinute for the whole day. */
  startMinute?: number | null | undefined;
};

export type AvailabilityItemFragment = { id: string, day: string, startMinute: number | null, endMinute: number | null, kind: Types.AvailabilityKind, reason: string };

export type MyAvailabilityQueryVariables = Exact<{
  month: string;
}>;


export type MyAvailabilityQuery = { myAvailability: Array<{ id: string, day: string, startMinute: number | null, endMinute: number | null, kind: Types.AvailabilityKind, reason: string }> };

export type MarkAvailabilityMutationVariables = Exact<{
  input: Types.MarkAvailabilityInput;
}>;


export type MarkAvailabilityMutation = { markAvailability: { replayed: boolean, mark: { id: string, day: string, startMinute: number | null, endMinute: number | null, kind: Types.AvailabilityKind, reason: string } } };

export type RemoveAvailabilityMutationVariables = Exact<{
  id: string;
}>;


export type RemoveAvailabilityMutation = { removeAvailability: { removed: boolean } };

export const AvailabilityItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AvailabilityItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AvailabilityMark"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"startMinute"}},{"kind":"Field","name":{"kind":"Name","value":"endMinute"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]} as unknown as DocumentNode<AvailabilityItemFragment, unknown>;
export const MyAvailabilityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyAvailability"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"month"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myAvailability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"month"},"value":{"kind":"Variable","name":{"kind":"Name","value":"month"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AvailabilityItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AvailabilityItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AvailabilityMark"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"startMinute"}},{"kind":"Field","name":{"kind":"Name","value":"endMinute"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]} as unknown as DocumentNode<MyAvailabilityQuery, MyAvailabilityQueryVariables>;
export const MarkAvailabilityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkAvailability"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MarkAvailabilityInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markAvailability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"mark"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AvailabilityItem"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AvailabilityItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AvailabilityMark"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"startMinute"}},{"kind":"Field","name":{"kind":"Name","value":"endMinute"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]} as unknown as DocumentNode<MarkAvailabilityMutation, MarkAvailabilityMutationVariables>;
export const RemoveAvailabilityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveAvailability"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeAvailability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removed"}}]}}]}}]} as unknown as DocumentNode<RemoveAvailabilityMutation, RemoveAvailabilityMutationVariables>;