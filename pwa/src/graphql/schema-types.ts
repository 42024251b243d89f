export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar day in the organisation's time zone, `YYYY-MM-DD` (for example `2026-11-24`). */
  Date: { input: string; output: string; }
  /**
   * An instant in time, RFC 3339 with offset (for example `2026-11-24T09:00:00+08:00`).
   * Stored in UTC; rendered in UTC by the server.
   */
  Time: { input: string; output: string; }
};

/** Whether an attendance punch starts or ends work. */
export type AttendancePunchKind =
  /** 上班打卡: start of work. */
  | 'CLOCK_IN'
  /** 下班打卡: end of work. */
  | 'CLOCK_OUT';

/** Employee number and password. */
export type LoginInput = {
  /** Employee number (工号). */
  employeeNo: Scalars['String']['input'];
  /** Password. */
  password: Scalars['String']['input'];
  /** Where to deliver the refresh token. Default BODY. */
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
};

/** End a session. */
export type LogoutInput = {
  /** The refresh token to revoke; omit it when it was delivered as a cookie. */
  refreshToken?: InputMaybe<Scalars['String']['input']>;
};

/** The level of a unit in the organisation tree: group → region → branch → depot. */
export type OrgUnitKind =
  /** 分公司: a branch company, which runs a customer-service centre. */
  | 'BRANCH'
  /** 网点/窗口: a depot or counter where staff work. */
  | 'DEPOT'
  /** 集团: the whole company group. */
  | 'GROUP'
  /** 片区: a region grouping branch companies. */
  | 'REGION';

/** Client credentials of a partner API client. */
export type PartnerTokenInput = {
  /** Client id issued by an administrator. */
  clientId: Scalars['String']['input'];
  /** Client secret issued by an administrator. */
  clientSecret: Scalars['String']['input'];
};

/** Record a clock-in or clock-out for the caller. */
export type RecordAttendanceInput = {
  /**
   * Client-generated unique key (a UUID) for this punch. Sending the same key again returns the
   * first result and records nothing new; reusing a key for a different punch is refused
   * (IDEMPOTENCY_KEY_REUSED).
   */
  idempotencyKey: Scalars['String']['input'];
  /** Clock in or clock out. */
  kind: AttendancePunchKind;
  /**
   * When the person punched on the device; defaults to now. May be at most 48 hours in the past
   * (an offline phone syncs later) and not in the future beyond 5 minutes of clock skew.
   */
  occurredAt?: InputMaybe<Scalars['Time']['input']>;
};

/** Exchange a refresh token for a new session. */
export type RefreshSessionInput = {
  /** The refresh token; omit it when it was delivered as a cookie. */
  refreshToken?: InputMaybe<Scalars['String']['input']>;
  /** Where to deliver the new refresh token. Default: where the old one came from. */
  refreshTokenDelivery?: InputMaybe<RefreshTokenDelivery>;
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

/** Reveal a staff member's full phone number; the read is recorded in the audit log. */
export type RevealStaffPhoneInput = {
  /** Why the number is needed (kept in the audit log). */
  reason: Scalars['String']['input'];
  /** Global id of the staff member. */
  staffId: Scalars['ID']['input'];
};

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
