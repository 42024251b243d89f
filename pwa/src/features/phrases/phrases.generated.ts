/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Adds a standard phrase to the unit the caller maintains. */
export type CreatePhraseInput = {
  /** Client-generated key. */
  idempotencyKey: string;
  /** Its place within the situation, 0 to 999, lower first; 0 by default. */
  order?: number | null | undefined;
  /** When it is said. */
  situation: PhraseSituation;
  /** The English text (1 to 200 characters). */
  textEn: string;
  /** The Chinese text (1 to 200 characters). */
  textZh: string;
};

/** When a standard phrase is said. */
export type PhraseSituation =
  /** Apologising (非常抱歉给您带来不便). */
  | 'APOLOGY'
  /** Asking the customer to wait (请您稍等). */
  | 'ASK_TO_WAIT'
  /** Closing the conversation. */
  | 'CLOSING'
  /** Explaining a delay. */
  | 'EXPLAIN_DELAY'
  /** Greeting the customer (您好,这里是…客服). */
  | 'GREETING'
  /** Thanking (谢谢您的理解). */
  | 'THANKS';

/** Edits, retires or brings back a standard phrase. */
export type UpdatePhraseInput = {
  /** False retires it; true brings it back. */
  active: boolean;
  /** The version read; CONFLICT when someone changed it meanwhile. */
  expectedVersion: number;
  /** Client-generated key. */
  idempotencyKey: string;
  /** Its place within the situation, 0 to 999, lower first. */
  order: number;
  /** The phrase. */
  phraseId: string;
  /** When it is said. */
  situation: PhraseSituation;
  /** The English text (1 to 200 characters). */
  textEn: string;
  /** The Chinese text (1 to 200 characters). */
  textZh: string;
};

export type PhraseFieldsFragment = { id: string, situation: Types.PhraseSituation, textZh: string, textEn: string, order: number, active: boolean, version: number, canEdit: boolean };

export type PhraseBookQueryVariables = Exact<{
  includeRetired?: boolean | null | undefined;
}>;


export type PhraseBookQuery = { phraseBook: { forbiddenOpenings: Array<string>, politeOpenings: Array<string>, phrases: Array<{ id: string, situation: Types.PhraseSituation, textZh: string, textEn: string, order: number, active: boolean, version: number, canEdit: boolean }> } };

export type CreatePhraseMutationVariables = Exact<{
  input: Types.CreatePhraseInput;
}>;


export type CreatePhraseMutation = { createPhrase: { phrase: { id: string, situation: Types.PhraseSituation, textZh: string, textEn: string, order: number, active: boolean, version: number, canEdit: boolean } } };

export type UpdatePhraseMutationVariables = Exact<{
  input: Types.UpdatePhraseInput;
}>;


export type UpdatePhraseMutation = { updatePhrase: { phrase: { id: string, situation: Types.PhraseSituation, textZh: string, textEn: string, order: number, active: boolean, version: number, canEdit: boolean } } };

export type MyDepotForPhrasesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyDepotForPhrasesQuery = { me: { id: string, depot: { id: string } } };

export type PhraseUsageQueryVariables = Exact<{
  depotId: string;
  month: string;
}>;


export type PhraseUsageQuery = { phraseUsage: Array<{ employeeNo: string, name: string, forbiddenOpenings: number, phrases: Array<{ uses: number, phrase: { id: string, textZh: string, textEn: string } }> }> };

export const PhraseFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PhraseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Phrase"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"situation"}},{"kind":"Field","name":{"kind":"Name","value":"textZh"}},{"kind":"Field","name":{"kind":"Name","value":"textEn"}},{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"canEdit"}}]}}]} as unknown as DocumentNode<PhraseFieldsFragment, unknown>;
export const PhraseBookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PhraseBook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeRetired"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phraseBook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeRetired"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRetired"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phrases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PhraseFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"forbiddenOpenings"}},{"kind":"Field","name":{"kind":"Name","value":"politeOpenings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PhraseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Phrase"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"situation"}},{"kind":"Field","name":{"kind":"Name","value":"textZh"}},{"kind":"Field","name":{"kind":"Name","value":"textEn"}},{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"canEdit"}}]}}]} as unknown as DocumentNode<PhraseBookQuery, PhraseBookQueryVariables>;
export const CreatePhraseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreatePhrase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreatePhraseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPhrase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phrase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PhraseFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PhraseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Phrase"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"situation"}},{"kind":"Field","name":{"kind":"Name","value":"textZh"}},{"kind":"Field","name":{"kind":"Name","value":"textEn"}},{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"canEdit"}}]}}]} as unknown as DocumentNode<CreatePhraseMutation, CreatePhraseMutationVariables>;
export const UpdatePhraseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdatePhrase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdatePhraseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updatePhrase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phrase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PhraseFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PhraseFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Phrase"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"situation"}},{"kind":"Field","name":{"kind":"Name","value":"textZh"}},{"kind":"Field","name":{"kind":"Name","value":"textEn"}},{"kind":"Field","name":{"kind":"Name","value":"order"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"canEdit"}}]}}]} as unknown as DocumentNode<UpdatePhraseMutation, UpdatePhraseMutationVariables>;
export const MyDepotForPhrasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyDepotForPhrases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"depot"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<MyDepotForPhrasesQuery, MyDepotForPhrasesQueryVariables>;
export const PhraseUsageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PhraseUsage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"depotId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"month"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phraseUsage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"depotId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"depotId"}}},{"kind":"Argument","name":{"kind":"Name","value":"month"},"value":{"kind":"Variable","name":{"kind":"Name","value":"month"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"employeeNo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"forbiddenOpenings"}},{"kind":"Field","name":{"kind":"Name","value":"phrases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uses"}},{"kind":"Field","name":{"kind":"Name","value":"phrase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"textZh"}},{"kind":"Field","name":{"kind":"Name","value":"textEn"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PhraseUsageQuery, PhraseUsageQueryVariables>;