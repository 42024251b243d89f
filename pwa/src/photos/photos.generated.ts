/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where a photo was taken: optional, and stored only with the person's consent. */
export type PhotoLocationInput = {
  /** The accuracy radius the phone reported, in metres: more than 0, at most 100,000. */
  accuracyMeters: number;
  /** True when the person agreed to record where the photo was taken; when false the position is dropped unread and nothing of it is stored. */
  consent: boolean;
  /** WGS-84 latitude in degrees, -90 to 90. */
  latitude: number;
  /** WGS-84 longitude in degrees, -180 to 180. */
  longitude: number;
};

/** Upload a photo. */
export type UploadPhotoInput = {
  /** When it was taken; defaults to now. */
  capturedAt?: string | null | undefined;
  /** The image: JPEG, PNG or WebP, at most 6 MiB by default. Uploading the same bytes again returns the first photo. */
  file: unknown;
  /** Where it was taken, if the phone knows and the person consents; never required. */
  location?: PhotoLocationInput | null | undefined;
};

export type UploadPhotoMutationVariables = Exact<{
  input: Types.UploadPhotoInput;
}>;


export type UploadPhotoMutation = { uploadPhoto: { replayed: boolean, photo: { id: string, url: string, capturedAt: string } } };


export const UploadPhotoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UploadPhoto"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UploadPhotoInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uploadPhoto"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"photo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"capturedAt"}}]}}]}}]}}]} as unknown as DocumentNode<UploadPhotoMutation, UploadPhotoMutationVariables>;