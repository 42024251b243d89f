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

/** Record that the label was printed or the parcel packed. */
export type AdvanceOrderStageInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
  /** PRINTED or PACKED, one step after the current stage. */
  stage: OrderStage;
};

/** What an inbox item asks of the caller. */
export type ApprovalKind =
  /** Leave awaits the caller's level. */
  | 'LEAVE_APPROVAL'
  /** A swap of the caller's depot awaits the supervisor. */
  | 'SWAP_APPROVAL'
  /** A colleague asks the caller to swap. */
  | 'SWAP_RESPONSE';

/** Assign many shifts of one depot's month at once. */
export type AssignShiftsInput = {
  /** 1 to 2000 entries. */
  assignments: Array<ShiftAssignmentInput>;
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The month, YYYY-MM. */
  month: Scalars['String']['input'];
};

/** Whether an attendance punch starts or ends work. */
export type AttendancePunchKind =
  /** 上班打卡: start of work. */
  | 'CLOCK_IN'
  /** 下班打卡: end of work. */
  | 'CLOCK_OUT';

/** Cancel an order at the customer's request. */
export type CancelOrderInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
  /** Why the customer cancels, 2 to 200 characters. */
  reason: Scalars['String']['input'];
};

/** What a change does at the order's current stage. */
export type ChangeAction =
  /** Shipped: nothing changes here; the request is handed over to after-sales. */
  | 'AFTER_SALES'
  /** Not printed: the order is edited in place. */
  | 'EDIT'
  /** Printed: the order is edited and the label must be printed again (the stage returns to NOT_PRINTED). */
  | 'REPRINT'
  /** Packed: the order is edited; the parcel must be retrieved and relabelled (the stage returns to NOT_PRINTED). */
  | 'RETRIEVE_RELABEL'
  /** Cancellation once packed: the parcel is retrieved and the waybill voided. */
  | 'RETRIEVE_VOID'
  /** Cancellation before packing: the waybill is voided. */
  | 'VOID';

/** What the customer asks to change. */
export type ChangeKind =
  /** The consignee's name, phone or address. */
  | 'ADDRESS'
  /** Cancel the order. */
  | 'CANCEL'
  /** The goods. */
  | 'GOODS';

/** Change the consignee at the customer's request. */
export type ChangeOrderAddressInput = {
  /** The new consignee and address. */
  consignee: OrderContactInput;
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
};

/** Change the goods at the customer's request. */
export type ChangeOrderGoodsInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** The new goods. */
  goods: GoodsInput;
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
};

/** Record an arrival. */
export type ConfirmArrivalInput = {
  /** When the goods arrived. */
  arrivedAt: Scalars['Time']['input'];
  /** Driver's attitude. */
  driverAttitude: DriverAttitude;
  /** Condition. */
  goodsCondition: GoodsCondition;
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Note. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
  /** How the receiver was reached. */
  reachedBy: Array<ContactMethod>;
  /** Who signed. */
  signerName: Scalars['String']['input'];
};

/** How the receiver was reached. */
export type ContactMethod =
  /** 当面. */
  | 'IN_PERSON'
  /** 电话. */
  | 'PHONE_CALL'
  /** 短信. */
  | 'SMS'
  /** 微信. */
  | 'WECHAT';

/** Copy last month's roster into a draft month. */
export type CopyRosterInput = {
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The month to fill, YYYY-MM. */
  month: Scalars['String']['input'];
};

/** Create a shift type at a depot. */
export type CreateShiftTypeInput = {
  /** Code, capital letters, digits or _ (for example NIGHT). */
  code: Scalars['String']['input'];
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** Local end, HH:MM; not after the start means the next day. */
  endTime: Scalars['String']['input'];
  /** Name shown on the roster. */
  name: Scalars['String']['input'];
  /** True for a night shift. */
  night: Scalars['Boolean']['input'];
  /** True when only qualified staff may work it. */
  requiresQualification?: InputMaybe<Scalars['Boolean']['input']>;
  /** Local start, HH:MM. */
  startTime: Scalars['String']['input'];
};

/** Customer requests. */
export type CustomerRequestsInput = {
  /** Greeting card text, at most 200 characters. */
  cardText?: InputMaybe<Scalars['String']['input']>;
  /** Start of the delivery window, `HH:MM`; give both ends or neither. Required for TIME_SLOT. */
  deliveryWindowFrom?: InputMaybe<Scalars['String']['input']>;
  /** End of the delivery window, `HH:MM`, after the start. */
  deliveryWindowTo?: InputMaybe<Scalars['String']['input']>;
  /** Invoice title, at most 100 characters. */
  invoiceTitle?: InputMaybe<Scalars['String']['input']>;
};

/** A supervisor's decision on a swap or an approver's on leave. */
export type DecideInput = {
  /** Comment; required to reject. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Approve or reject. */
  decision: Decision;
  /** Global id of the swap or leave request. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The version the caller saw. */
  version: Scalars['Int']['input'];
};

/** An approver's answer. */
export type Decision =
  /** 同意. */
  | 'APPROVE'
  /** 驳回 (a comment is required). */
  | 'REJECT';

/** The delivery service the customer bought. */
export type DeliveryService =
  /** 保价: standard delivery with the declared value insured; needs a declared value. */
  | 'INSURED'
  /** 次日达: delivered the day after pick-up. */
  | 'NEXT_DAY'
  /** 标准快递: delivered within three days of pick-up. */
  | 'STANDARD'
  /** 定时派送: delivered at the agreed time and window. */
  | 'TIME_SLOT';

/** How the receiver rated the driver. */
export type DriverAttitude =
  /** 一般. */
  | 'ACCEPTABLE'
  /** 好. */
  | 'GOOD'
  /** 差. */
  | 'POOR';

/** Who pays a leg's freight. */
export type FreightPayer =
  /** The company. */
  | 'COMPANY'
  /** The customer. */
  | 'CUSTOMER';

/** Generate a round now (normally the scheduler does it). */
export type GenerateTrackingRoundInput = {
  /** Global ids of the agents on duty, who share the orders. */
  agentIds: Array<Scalars['ID']['input']>;
  /** The day. */
  day: Scalars['Date']['input'];
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** Morning or afternoon. */
  slot: TrackingRoundSlot;
};

/** The state goods arrived in. */
export type GoodsCondition =
  /** 货物破损. */
  | 'GOODS_DAMAGED'
  /** 完好. */
  | 'INTACT'
  /** 外包装破损. */
  | 'PACKAGING_DAMAGED'
  /** 少货. */
  | 'SHORT';

/** Goods as typed at the counter. */
export type GoodsInput = {
  /** Declared value in fen; required and positive for INSURED. */
  declaredValueFen?: InputMaybe<Scalars['Int']['input']>;
  /** Name of the goods; names of dangerous goods are refused (DANGEROUS_GOODS_REFUSED). */
  name: Scalars['String']['input'];
  /** Number of pieces, 1 to 10,000. */
  quantity: Scalars['Int']['input'];
  /** Volume in cubic metres, more than 0. */
  volumeM3: Scalars['Float']['input'];
  /** Weight in kilograms, more than 0. */
  weightKg: Scalars['Float']['input'];
};

/** Special handling flags. */
export type HandlingInput = {
  /** 易碎. */
  fragile?: InputMaybe<Scalars['Boolean']['input']>;
  /** 防潮. */
  keepDry?: InputMaybe<Scalars['Boolean']['input']>;
  /** 不可倒置. */
  keepUpright?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Whether a calendar entry is a day off or an adjusted working day. */
export type HolidayKind =
  /** 法定节假日: a public holiday, no ordinary work; duty on it is holiday duty. */
  | 'HOLIDAY'
  /** 调休上班: a weekend day that is a working day by the holiday arrangement. */
  | 'WORKDAY';

/** A new order. */
export type IntakeOrderInput = {
  /** The receiver and destination. */
  consignee: OrderContactInput;
  /** The sender. */
  consignor: OrderContactInput;
  /** What the customer declared as dangerous goods, if anything; any declaration is refused (DANGEROUS_GOODS_REFUSED). */
  dangerousGoods?: InputMaybe<Scalars['String']['input']>;
  /** The goods. */
  goods: GoodsInput;
  /** Special handling. */
  handling?: InputMaybe<HandlingInput>;
  /** Client-generated unique key (a UUID); a retry with the same key returns the first order. */
  idempotencyKey: Scalars['String']['input'];
  /** Client id of the merchant (partner) the order belongs to, if any; that partner can then read it. */
  partnerClientId?: InputMaybe<Scalars['String']['input']>;
  /** Customer requests. */
  requests?: InputMaybe<CustomerRequestsInput>;
  /** When the goods must arrive; required for TIME_SLOT; in the future. */
  requiredArrivalAt?: InputMaybe<Scalars['Time']['input']>;
  /** The service. */
  service: DeliveryService;
};

/** Where a leave request stands. */
export type LeaveStatus =
  /** 已批准: every level approved. */
  | 'APPROVED'
  /** 审批中: waiting at its current level. */
  | 'PENDING'
  /** 已驳回: a level rejected it. */
  | 'REJECTED';

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

/** Mark notifications read. */
export type MarkNotificationsReadInput = {
  /** Everything created up to this instant is marked read. */
  upTo: Scalars['Time']['input'];
};

/** Mark a round item checked. */
export type MarkTrackingRoundItemInput = {
  /** Whether the customer was told. */
  customerTold: Scalars['Boolean']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the item. */
  itemId: Scalars['ID']['input'];
  /** Note, at most 500 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** Open a return or exchange. */
export type OpenOrderReturnInput = {
  /** The customer's problem, 2 to 500 characters. */
  description: Scalars['String']['input'];
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Return or exchange. */
  kind: ReturnKind;
  /** Global id of the signed-for order. */
  orderId: Scalars['ID']['input'];
  /** The parcel comes back intact (RETURN_PARCEL_NOT_INTACT otherwise). */
  parcelIntact: Scalars['Boolean']['input'];
  /** References of uploaded photos; required for QUALITY (RETURN_PHOTO_REQUIRED). */
  photoRefs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Why. */
  reason: ReturnReason;
};

/** A sender or receiver as typed at the counter. */
export type OrderContactInput = {
  /** City (市). */
  city: Scalars['String']['input'];
  /** Street, building and room. */
  detail: Scalars['String']['input'];
  /** District (区/县). */
  district: Scalars['String']['input'];
  /** Name. */
  name: Scalars['String']['input'];
  /** Mainland mobile (`13812345678`) or landline with area code (`021-12345678`, `0571-87654321-123`). */
  phone: Scalars['String']['input'];
  /** Province (省). */
  province: Scalars['String']['input'];
};

/** One part of an order that is confirmed with the customer before release (信息核实). */
export type OrderElement =
  /** Receiver's name and phone. */
  | 'CONSIGNEE'
  /** Sender's name, phone and address. */
  | 'CONSIGNOR'
  /** Receiver's address. */
  | 'DESTINATION'
  /** Goods: name, quantity, weight, volume, declared value. */
  | 'GOODS'
  /** Special handling and customer requests. */
  | 'HANDLING'
  /** Service and required arrival time. */
  | 'SERVICE';

/** What an entry of an order's history records. */
export type OrderHistoryKind =
  /** The consignee changed at the customer's request. */
  | 'ADDRESS_CHANGE'
  /** The order was cancelled at the customer's request. */
  | 'CANCEL'
  /** The goods changed at the customer's request. */
  | 'GOODS_CHANGE'
  /** The order was taken. */
  | 'INTAKE'
  /** The order was released to operations. */
  | 'RELEASE'
  /** A return or exchange was opened. */
  | 'RETURN'
  /** A staff member revealed a contact's full phone and address. */
  | 'REVEAL'
  /** The label was printed or the parcel packed. */
  | 'STAGE'
  /** Elements were verified. */
  | 'VERIFY';

/** Which side of an order. */
export type OrderParty =
  /** 收件人: the receiver. */
  | 'CONSIGNEE'
  /** 寄件人: the sender. */
  | 'CONSIGNOR';

/** How far the parcel has gone physically; it decides what a change does. */
export type OrderStage =
  /** 面单未打印: the label is not printed (again, after a change). */
  | 'NOT_PRINTED'
  /** 已打包. */
  | 'PACKED'
  /** 面单已打印. */
  | 'PRINTED'
  /** 已发出: picked up; set by the first tracking event. */
  | 'SHIPPED';

/** Where an order is in its life at the counter. */
export type OrderState =
  /** Voided. */
  | 'CANCELLED'
  /** Taken, waiting for every element to be verified. */
  | 'PENDING_VERIFICATION'
  /** Verified and handed to operations. */
  | 'RELEASED';

/** Release a fully verified order, or record a stage. */
export type OrderStepInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
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

/** Publish a draft roster. */
export type PublishRosterInput = {
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the roster. */
  rosterId: Scalars['ID']['input'];
  /** The version the caller saw. */
  version: Scalars['Int']['input'];
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

/** A batch of up to 1,000 events. */
export type RecordTrackingEventsInput = {
  /** The events, in any order (TRACKING_BATCH_TOO_LARGE above 1,000). */
  events: Array<TrackingEventInput>;
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

/** Ask for leave. */
export type RequestLeaveInput = {
  /** Last day (inclusive). */
  endDay: Scalars['Date']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Id of the leave type. */
  leaveTypeId: Scalars['ID']['input'];
  /** Why (2 to 200 characters). */
  reason: Scalars['String']['input'];
  /** First day. */
  startDay: Scalars['Date']['input'];
};

/** Ask a colleague to swap. */
export type RequestShiftSwapInput = {
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The two shifts. */
  proposal: ShiftSwapProposalInput;
  /** Why (optional, at most 200 characters). */
  reason?: InputMaybe<Scalars['String']['input']>;
};

/** The colleague's answer. */
export type RespondToShiftSwapInput = {
  /** True to accept, false to decline. */
  accept: Scalars['Boolean']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the swap. */
  shiftSwapId: Scalars['ID']['input'];
  /** The version the caller saw. */
  version: Scalars['Int']['input'];
};

/** Return (退货) or exchange (换货). */
export type ReturnKind =
  /** The goods come back and a replacement ships on a new waybill. */
  | 'EXCHANGE'
  /** The goods come back. */
  | 'RETURN';

/** Why the customer returns the goods; decides who pays. */
export type ReturnReason =
  /** Any other reason: the customer pays the return leg. */
  | 'OTHER'
  /** 质量问题: needs photo proof; the company pays both ways. */
  | 'QUALITY';

/** Reveal one side's full phone and address; audited. */
export type RevealOrderContactInput = {
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
  /** Which side. */
  party: OrderParty;
  /** Why it is needed (kept in the audit log). */
  reason: Scalars['String']['input'];
};

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

/** Whether staff can see a month's roster. */
export type RosterStatus =
  /** 草稿: only the supervisor sees it. */
  | 'DRAFT'
  /** 已发布: the depot's staff see it; later changes notify the people affected. */
  | 'PUBLISHED';

/** Add or change a leave type. */
export type SaveLeaveTypeInput = {
  /** False to stop offering it. */
  active: Scalars['Boolean']['input'];
  /** Code, capital letters, digits or _. */
  code: Scalars['String']['input'];
  /** English name. */
  nameEn: Scalars['String']['input'];
  /** Chinese name. */
  nameZh: Scalars['String']['input'];
  /** True when it must be requested ahead. */
  requiresAdvance: Scalars['Boolean']['input'];
};

/** Name who approves for the caller while the caller is on leave. */
export type SetApprovalDelegateInput = {
  /** Global id of another supervisor or manager; null removes the delegate. */
  delegateId?: InputMaybe<Scalars['ID']['input']>;
};

/** Set or clear a day of the holiday calendar. */
export type SetHolidayInput = {
  /** The day. */
  day: Scalars['Date']['input'];
  /** Holiday or working day; null clears the day. */
  kind?: InputMaybe<HolidayKind>;
  /** Name (required unless clearing). */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** Grant or withdraw a qualification. */
export type SetShiftQualificationInput = {
  /** True to grant, false to withdraw. */
  qualified: Scalars['Boolean']['input'];
  /** Global id of the shift type. */
  shiftTypeId: Scalars['ID']['input'];
  /** Global id of the staff member. */
  staffId: Scalars['ID']['input'];
};

/** One entry of a bulk assignment. */
export type ShiftAssignmentInput = {
  /** The day. */
  day: Scalars['Date']['input'];
  /** Global id of the shift type; null takes the person off that day. */
  shiftTypeId?: InputMaybe<Scalars['ID']['input']>;
  /** Global id of the staff member. */
  staffId: Scalars['ID']['input'];
};

/** A proposed swap: the caller's shift and a colleague's. */
export type ShiftSwapProposalInput = {
  /** Global id of the colleague. */
  colleagueId: Scalars['ID']['input'];
  /** Global id of the colleague's shift assignment. */
  colleagueShiftId: Scalars['ID']['input'];
  /** Global id of the caller's shift assignment. */
  requesterShiftId: Scalars['ID']['input'];
};

/** Where a shift swap stands. */
export type ShiftSwapStatus =
  /** 已批准: the roster has changed. */
  | 'APPROVED'
  /** 同事已拒绝: the colleague declined. */
  | 'DECLINED'
  /** 待主管审批: the colleague accepted; waiting for the supervisor. */
  | 'PENDING_APPROVAL'
  /** 待同事确认: waiting for the colleague. */
  | 'PENDING_COLLEAGUE'
  /** 已驳回: the supervisor rejected it. */
  | 'REJECTED';

/** One event as a scanner or partner sends it. */
export type TrackingEventInput = {
  /** Unique key of this event (a UUID or scanner id plus sequence): the same key is stored once. */
  eventKey: Scalars['String']['input'];
  /** Required for EXCEPTION (not LATE). */
  exceptionReason?: InputMaybe<TrackingExceptionReason>;
  /** Free note, at most 500 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** When it happened; not in the future beyond 5 minutes. */
  occurredAt: Scalars['Time']['input'];
  /** Where. */
  place: Scalars['String']['input'];
  /** Who or what scanned it. */
  scannedBy: Scalars['String']['input'];
  /** Required for SIGNED. */
  signerName?: InputMaybe<Scalars['String']['input']>;
  /** The milestone (not CREATED). */
  status: TrackingStatus;
  /** Waybill number; checked for its check digit (WAYBILL_CHECK_DIGIT). */
  waybillNo: Scalars['String']['input'];
};

/** What became of one event of a batch. */
export type TrackingEventOutcome =
  /** Stored now. */
  | 'ACCEPTED'
  /** Stored before under the same key; nothing changed. */
  | 'DUPLICATE'
  /** Not stored; see errorCode. */
  | 'REJECTED';

/** Why a parcel is an exception (the exception's sub-status). */
export type TrackingExceptionReason =
  /** 地址有误或不详. */
  | 'ADDRESS_PROBLEM'
  /** 破损. */
  | 'DAMAGED'
  /** 延误. */
  | 'DELAY'
  /** 滞留. */
  | 'DETAINED'
  /** Past its expected arrival and not delivered; shown by the server, never sent by scanners. */
  | 'LATE'
  /** 丢失. */
  | 'LOST'
  /** 其他, see the note. */
  | 'OTHER'
  /** 联系不上收件人. */
  | 'RECEIVER_UNREACHABLE'
  /** 收件人拒收. */
  | 'REFUSED'
  /** 天气原因. */
  | 'WEATHER';

/** The two daily tracking rounds. */
export type TrackingRoundSlot =
  /** 16:00 local time, due by 19:00. */
  | 'AFTERNOON'
  /** 09:00 local time, due by 12:00. */
  | 'MORNING';

/** A milestone of a parcel's journey. */
export type TrackingStatus =
  /** 到达分拨中心. */
  | 'ARRIVED_AT_HUB'
  /** 已下单: no tracking event yet. */
  | 'CREATED'
  /** 异常; the event carries the reason. */
  | 'EXCEPTION'
  /** 运输中. */
  | 'IN_TRANSIT'
  /** 派送中. */
  | 'OUT_FOR_DELIVERY'
  /** 已揽收. */
  | 'PICKED_UP'
  /** 已退回. */
  | 'RETURNED'
  /** 已签收; the event carries the signer's name. */
  | 'SIGNED';

/** Change the organisation's rule limits; omitted fields stay. */
export type UpdateRosterSettingsInput = {
  /** Grace minutes before a clock-in is late. */
  lateGraceMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** Levels of the reporting chain approving leave (1 to 5). */
  leaveApprovalLevels?: InputMaybe<Scalars['Int']['input']>;
  /** Notice days for leave that must be requested ahead. */
  leaveMinNoticeDays?: InputMaybe<Scalars['Int']['input']>;
  /** At most this many swaps per person per month. */
  maxSwapsPerMonth?: InputMaybe<Scalars['Int']['input']>;
  /** Minimum spacing of one person's swaps, in days. */
  minDaysBetweenSwaps?: InputMaybe<Scalars['Int']['input']>;
  /** The version the caller saw. */
  version: Scalars['Int']['input'];
};

/** Confirm elements of a pending order. */
export type VerifyOrderInput = {
  /** The elements confirmed with the customer. */
  elements: Array<OrderElement>;
  /** The version the caller saw (CONFLICT when the order changed since). */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** What was checked, at most 200 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
};
