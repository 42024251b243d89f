/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Decide an anomaly of a station's month. */
export type DecideReconciliationLineInput = {
  /** The corrected amount in fen, 0 to 10,000,000,000 (¥100,000,000; BAD_USER_INPUT with extensions.maxFen); required to correct. */
  correctedFen?: number | null | undefined;
  /** The decision. */
  decision: ReconciliationDecision;
  /** The line's version as seen (0 when undecided); CONFLICT when it changed since. */
  expectedVersion: number;
  /** Client-generated unique key. */
  idempotencyKey: string;
  /** The month, YYYY-MM. */
  month: string;
  /** Why, at most 500 characters; required to dispute or correct. */
  reason?: string | null | undefined;
  /** Global id of the station. */
  stationId: string;
  /** The waybill (an anomaly of the month). */
  waybillNo: string;
};

/** What an agent made of an anomaly. */
export type ReconciliationDecision =
  /** Paid as billed. */
  | 'ACCEPTED'
  /** Paid at an agreed corrected amount. */
  | 'CORRECTED'
  /** Refused, with a reason the station reads through the API. */
  | 'DISPUTED';

/** What the month-end comparison found for one waybill. */
export type ReconciliationStatus =
  /** Billed within the station's tolerance of the expected charge. */
  | 'MATCHED'
  /** Billed more or less than the tolerance allows. */
  | 'MISMATCH'
  /** Handed over but not billed, or billed without the returned signed receipt (回单). */
  | 'MISSING_RECEIPT'
  /** Billed for a waybill never handed to the station. */
  | 'UNKNOWN_WAYBILL';

/** Sign a station's month off. */
export type SignOffStationMonthInput = {
  /** Client-generated unique key. */
  idempotencyKey: string;
  /** The month, YYYY-MM. */
  month: string;
  /** Global id of the station. */
  stationId: string;
};

export type ConsignmentStationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsignmentStationsQuery = { consignmentStations: Array<{ id: string, name: string, toleranceFen: number }> };

export type StationMonthPartsFragment = { month: string, undecided: number, payableFen: number, signedAt: string | null, statementCsv: string, signedBy: { id: string, name: string } | null, lines: Array<{ waybillNo: string, expectedFen: number | null, billedFen: number | null, receipt: boolean, status: Types.ReconciliationStatus, decision: Types.ReconciliationDecision | null, reason: string, correctedFen: number | null, version: number, payableFen: number }> };

export type StationMonthQueryVariables = Exact<{
  stationId: string;
  month: string;
}>;


export type StationMonthQuery = { stationMonth: { month: string, undecided: number, payableFen: number, signedAt: string | null, statementCsv: string, signedBy: { id: string, name: string } | null, lines: Array<{ waybillNo: string, expectedFen: number | null, billedFen: number | null, receipt: boolean, status: Types.ReconciliationStatus, decision: Types.ReconciliationDecision | null, reason: string, correctedFen: number | null, version: number, payableFen: number }> } };

export type DecideReconciliationLineMutationVariables = Exact<{
  input: Types.DecideReconciliationLineInput;
}>;


export type DecideReconciliationLineMutation = { decideReconciliationLine: { month: { month: string, undecided: number, payableFen: number, signedAt: string | null, statementCsv: string, signedBy: { id: string, name: string } | null, lines: Array<{ waybillNo: string, expectedFen: number | null, billedFen: number | null, receipt: boolean, status: Types.ReconciliationStatus, decision: Types.ReconciliationDecision | null, reason: string, correctedFen: number | null, version: number, payableFen: number }> } } };

export type SignOffStationMonthMutationVariables = Exact<{
  input: Types.SignOffStationMonthInput;
}>;


export type SignOffStationMonthMutation = { signOffStationMonth: { month: { month: string, undecided: number, payableFen: number, signedAt: string | null, statementCsv: string, signedBy: { id: string, name: string } | null, lines: Array<{ waybillNo: string, expectedFen: number | null, billedFen: number | null, receipt: boolean, status: Types.ReconciliationStatus, decision: Types.ReconciliationDecision | null, reason: string, correctedFen: number | null, version: number, payableFen: number }> } } };

export const StationMonthPartsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StationMonthParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StationMonth"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"undecided"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statementCsv"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waybillNo"}},{"kind":"Field","name":{"kind":"Name","value":"expectedFen"}},{"kind":"Field","name":{"kind":"Name","value":"billedFen"}},{"kind":"Field","name":{"kind":"Name","value":"receipt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"correctedFen"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}}]}}]}}]} as unknown as DocumentNode<StationMonthPartsFragment, unknown>;
export const ConsignmentStationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsignmentStations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"consignmentStations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"toleranceFen"}}]}}]}}]} as unknown as DocumentNode<ConsignmentStationsQuery, ConsignmentStationsQueryVariables>;
export const StationMonthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StationMonth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"month"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stationMonth"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"stationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"month"},"value":{"kind":"Variable","name":{"kind":"Name","value":"month"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StationMonthParts"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StationMonthParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StationMonth"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"undecided"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statementCsv"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waybillNo"}},{"kind":"Field","name":{"kind":"Name","value":"expectedFen"}},{"kind":"Field","name":{"kind":"Name","value":"billedFen"}},{"kind":"Field","name":{"kind":"Name","value":"receipt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"correctedFen"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}}]}}]}}]} as unknown as DocumentNode<StationMonthQuery, StationMonthQueryVariables>;
export const DecideReconciliationLineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DecideReconciliationLine"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DecideReconciliationLineInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideReconciliationLine"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StationMonthParts"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StationMonthParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StationMonth"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"undecided"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statementCsv"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waybillNo"}},{"kind":"Field","name":{"kind":"Name","value":"expectedFen"}},{"kind":"Field","name":{"kind":"Name","value":"billedFen"}},{"kind":"Field","name":{"kind":"Name","value":"receipt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"correctedFen"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}}]}}]}}]} as unknown as DocumentNode<DecideReconciliationLineMutation, DecideReconciliationLineMutationVariables>;
export const SignOffStationMonthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignOffStationMonth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignOffStationMonthInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signOffStationMonth"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StationMonthParts"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StationMonthParts"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StationMonth"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"undecided"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}},{"kind":"Field","name":{"kind":"Name","value":"signedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statementCsv"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"waybillNo"}},{"kind":"Field","name":{"kind":"Name","value":"expectedFen"}},{"kind":"Field","name":{"kind":"Name","value":"billedFen"}},{"kind":"Field","name":{"kind":"Name","value":"receipt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"correctedFen"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"payableFen"}}]}}]}}]} as unknown as DocumentNode<SignOffStationMonthMutation, SignOffStationMonthMutationVariables>;