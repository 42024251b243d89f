/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type * as Types from '../graphql/schema-types';

import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Employee number and password. */
export type LoginInput = {
  /** Employee number (工号). */
  employeeNo: string;
  /** Password. */
  password: string;
  /** Where to deliver the refresh token. Default BODY. */
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
};

/** End a session. */
export type LogoutInput = {
  /** The refresh token to revoke; omit it when it was delivered as a cookie. */
  refreshToken?: string | null | undefined;
};

/** Exchange a refresh token for a new session. */
export type RefreshSessionInput = {
  /** The refresh token; omit it when it was delivered as a cookie. */
  refreshToken?: string | null | undefined;
  /** Where to deliver the new refresh token. Default: where the old one came from. */
  refreshTokenDelivery?: RefreshTokenDelivery | null | undefined;
};

/** Where the refresh token is delivered after login or refresh. */
export type RefreshTokenDelivery =
  /** Returned in the payload's `refreshToken` field (scripts, servers, native apps). */
  | 'BODY'
  /**
   * Set as an HttpOnly, SameSite=Strict cookie limited to `/graphql`; `refreshToken` in the
   * payload is null (the PWA uses this so that scripts in the page never see it).
   */
  | 'COOKIE';

/** A role held by a staff member or a partner client. */
export type Role =
  /** System administrator: manages the organisation, staff and partner clients. */
  | 'ADMIN'
  /** 客服专员: answers enquiries, handles orders, tracking, tickets. */
  | 'AGENT'
  /** 客服经理: runs a branch's customer-service centre; approval level above a supervisor. */
  | 'MANAGER'
  /** 合作方: a merchant, partner carrier or consignment station using the API. */
  | 'PARTNER'
  /** 客服主管: runs the depot roster, approves swaps and leave, inspects. */
  | 'SUPERVISOR'
  /** 集团协查专员: reviews over-goods and short-goods reports. */
  | 'VERIFIER';

export type SessionStaffFragment = { id: string, employeeNo: string, name: string, roles: Array<Types.Role> };

export type LoginMutationVariables = Exact<{
  input: Types.LoginInput;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, staff: { id: string, employeeNo: string, name: string, roles: Array<Types.Role> } } };

export type RefreshSessionMutationVariables = Exact<{
  input: Types.RefreshSessionInput;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, accessTokenExpiresAt: string, staff: { id: string, employeeNo: string, name: string, roles: Array<Types.Role> } } };

export type LogoutMutationVariables = Exact<{
  input: Types.LogoutInput;
}>;


export type LogoutMutation = { logout: { revoked: boolean } };

export const SessionStaffFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionStaff"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Staff"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeNo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}}]}}]} as unknown as DocumentNode<SessionStaffFragment, unknown>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoginInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"staff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionStaff"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionStaff"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Staff"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeNo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const RefreshSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RefreshSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"staff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionStaff"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionStaff"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Staff"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"employeeNo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}}]}}]} as unknown as DocumentNode<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogoutInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revoked"}}]}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;