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
   * Stored in UTC; rendered in UTC by the server. Anything else sent (no offset, a space for
   * the `T`, an empty string, a number) is refused with `BAD_USER_INPUT` naming the field.
   */
  Time: { input: string; output: string; }
  /**
   * A file sent as a part of a GraphQL multipart request (the GraphQL multipart request
   * specification): send `multipart/form-data` with `operations`, `map` and the file parts.
   */
  Upload: { input: unknown; output: unknown; }
};

/** Add a cause to the organisation's taxonomy. */
export type AddTicketCauseInput = {
  /** The category (new or existing), at most 20 characters. */
  category: Scalars['String']['input'];
  /** The cause, at most 50 characters. */
  name: Scalars['String']['input'];
};

/** Adds a comment. */
export type AddTicketCommentInput = {
  /** The comment (1 to 2,000 characters). */
  body: Scalars['String']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Photos to attach, at most 9: global ids of photos the caller uploaded with `uploadPhoto` (NOT_FOUND for any other, and nothing is written). */
  photoRefs?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The standard phrase (`Phrase.id`) the comment was built from, counted for coaching with the comment (NOT_FOUND for a phrase the caller cannot read, and nothing is written). */
  phraseId?: InputMaybe<Scalars['ID']['input']>;
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
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

/** Answer one item of a check. */
export type AnswerChecklistItemInput = {
  /** The ChecklistCheckItem id. */
  checkItemId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result and stores nothing twice. */
  idempotencyKey: Scalars['String']['input'];
  /** Optional note, at most 500 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Passed or failed. */
  passed: Scalars['Boolean']['input'];
  /** A photo the caller uploaded; required by some items. */
  photoId?: InputMaybe<Scalars['ID']['input']>;
};

/** What an inbox item asks of the caller. */
export type ApprovalKind =
  /** A claim awaits a decision within the caller's approval limit (for example one above a supervisor's limit, at the manager). */
  | 'CLAIM_APPROVAL'
  /** Leave awaits the caller's level. */
  | 'LEAVE_APPROVAL'
  /** A consignment station's month has anomalies to review before it is signed off (the depot's supervisors, the managers above it, its admins); open it on the reconciliation screen. */
  | 'RECONCILIATION_REVIEW'
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

/** Assigns a ticket. */
export type AssignTicketInput = {
  /** The new owner. */
  assigneeId: Scalars['ID']['input'];
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Note. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
};

/** Whether an attendance punch starts or ends work. */
export type AttendancePunchKind =
  /** 上班打卡: start of work. */
  | 'CLOCK_IN'
  /** 下班打卡: end of work. */
  | 'CLOCK_OUT';

/** How firmly a person is not available. */
export type AvailabilityKind =
  /** 尽量不排: the person would rather not; assigning warns softly. */
  | 'PREFER_NOT'
  /** 不能上班: the person cannot work then; assigning warns firmly. */
  | 'UNAVAILABLE';

/** Cancel an unfilled open shift. */
export type CancelOpenShiftInput = {
  /** Global id of the open shift. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The version the caller saw; CONFLICT when it changed since. */
  version: Scalars['Int']['input'];
};

/** Cancel an order at the customer's request. */
export type CancelOrderInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order. */
  orderId: Scalars['ID']['input'];
  /** Why the customer cancels, at most 200 characters. */
  reason: Scalars['String']['input'];
};

/** Cancel a printed order once its printed waybill and delivery slip are back. */
export type CancelPrintedOrderInput = {
  /** The printed delivery slip (发货单) was got back. */
  deliverySlipRetrieved: Scalars['Boolean']['input'];
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the order (at stage PRINTED). */
  orderId: Scalars['ID']['input'];
  /** Why the customer cancels, at most 200 characters. */
  reason: Scalars['String']['input'];
  /** The printed waybill (快递单) was got back. */
  waybillRetrieved: Scalars['Boolean']['input'];
};

/** Withdraw one's own pending swap or leave request. */
export type CancelRequestInput = {
  /** Global id of the swap or leave request. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The version the caller saw; CONFLICT when it changed since (for example the colleague answered or a level approved). */
  version: Scalars['Int']['input'];
};

/** What a change does at the order's current stage. */
export type ChangeAction =
  /** Shipped: nothing changes on the order; the request is handed to after-sales as a ticket (an enquiry of HIGH priority at the order's depot, linked to the order, with the customer's request, owned by the caller, with the SLA), which the payload and the history link to. */
  | 'AFTER_SALES'
  /** Not printed: the order is edited in place. */
  | 'EDIT'
  /** Printed: the order is edited and the label must be printed again (the stage returns to NOT_PRINTED). */
  | 'REPRINT'
  /** Packed: the order is edited; the parcel must be retrieved and relabelled (the stage returns to NOT_PRINTED). */
  | 'RETRIEVE_RELABEL'
  /** Cancellation once packed: the parcel is retrieved and the waybill voided. */
  | 'RETRIEVE_VOID'
  /** Cancellation before printing: the waybill is voided. */
  | 'VOID'
  /** Cancellation once printed: the printed waybill (快递单) and delivery slip (发货单) are got back, then the waybill is voided (打过单的要回发货单与快递单); done with cancelPrintedOrder, which needs both confirmed. */
  | 'VOID_PRINTED';

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
  /** The new consignee and address; an empty phone keeps the current one (it is masked on screen, so nobody retypes an unchanged number). */
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

/** Moves a ticket to IN_PROGRESS, WAITING_CUSTOMER or WAITING_OTHER_PARTY. */
export type ChangeTicketStateInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Note. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The new state. */
  state: TicketState;
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
};

/** A rule the system judges instead of a person. */
export type ChecklistAutomatic =
  /** Passes when the person has read every notice of the last 30 days before the shift that applies to them. */
  | 'NOTICES_READ';

/** Whether every item of a check has an answer. */
export type ChecklistCheckStatus =
  /** Every item is answered and the check is scored. */
  | 'COMPLETED'
  /** Some items are unanswered. */
  | 'OPEN';

/** Who checks whom. */
export type ChecklistCheckType =
  /** 自查: the person checks themselves at the start of a rostered shift. */
  | 'SELF_CHECK'
  /** 抽查: a supervisor inspects someone on duty. */
  | 'SPOT_INSPECTION';

/** On which days a checklist item applies. */
export type ChecklistDays =
  /** Every day. */
  | 'ALL'
  /** Working days of the organisation's holiday calendar: Monday to Friday less public holidays, plus adjusted working days (调休) at weekends. The uniform is worn on these. */
  | 'WEEKDAY'
  /** Days off of the organisation's holiday calendar: Saturday and Sunday unless adjusted to working days (调休), plus public holidays. */
  | 'WEEKEND';

/** One item of a template revision. */
export type ChecklistItemInput = {
  /** Days it applies. */
  appliesOn: ChecklistDays;
  /** Set to let the system judge it. */
  automatic?: InputMaybe<ChecklistAutomatic>;
  /** Code unique within the template. */
  code: Scalars['String']['input'];
  /** Dress-code profile it applies to; omit for everyone. */
  dressCode?: InputMaybe<Scalars['String']['input']>;
  /** Whether a photo is required. */
  photoRequired: Scalars['Boolean']['input'];
  /** Role it applies to; omit for everyone. */
  role?: InputMaybe<Role>;
  /** English text. */
  textEn: Scalars['String']['input'];
  /** Chinese text. */
  textZh: Scalars['String']['input'];
  /** Weight 1–10. */
  weight: Scalars['Int']['input'];
};

/** What a checklist checks. */
export type ChecklistKind =
  /** 仪容仪表: uniform, badge, dress and grooming. */
  | 'APPEARANCE'
  /** 行为规范: conduct at the desk and on the phone. */
  | 'CONDUCT'
  /** 岗前准备: readiness before the shift starts. */
  | 'PRE_SHIFT';

/** Where a claim is. */
export type ClaimState =
  /** Approved (possibly reduced) by a superior within their limit. */
  | 'APPROVED'
  /** Paid to the customer. */
  | 'PAID'
  /** Proposed by an agent, waiting for a superior. */
  | 'PROPOSED'
  /** Rejected by a superior. */
  | 'REJECTED';

/** Closes a resolved ticket with the follow-up call. */
export type CloseTicketInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** The follow-up call. */
  followUp: FollowUpInput;
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
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

/** Confirm one claimant of an open shift. */
export type ConfirmOpenShiftClaimInput = {
  /** Id of the claim (OpenShiftClaim.id). */
  claimId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The open shift's version the caller saw; CONFLICT when it changed since (for example another supervisor confirmed first). */
  version: Scalars['Int']['input'];
};

/** Records the customer's confirmation of the ticket's current restatement. */
export type ConfirmTicketRestatementInput = {
  /** When the customer confirmed; default now, never in the future nor before the restatement. */
  confirmedAt?: InputMaybe<Scalars['Time']['input']>;
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Key making retries safe. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the ticket. */
  ticketId: Scalars['ID']['input'];
  /** How the customer confirmed. */
  via: CustomerConfirmation;
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

/** Narrows the audit of reveals; every field is optional. */
export type ContactRevealFilter = {
  /** Only reveals at or after this instant. */
  from?: InputMaybe<Scalars['Time']['input']>;
  /** Only reveals of this order's contacts (global id). */
  order?: InputMaybe<Scalars['ID']['input']>;
  /** Only reveals made by this staff member (global id). */
  revealedBy?: InputMaybe<Scalars['ID']['input']>;
  /** Only reveals of this staff member's phone (global id). */
  staff?: InputMaybe<Scalars['ID']['input']>;
  /** Only reveals before this instant. */
  to?: InputMaybe<Scalars['Time']['input']>;
};

/** What was revealed in full. */
export type ContactRevealKind =
  /** An order's consignor or consignee: full phone and street address. */
  | 'ORDER_CONTACT'
  /** A staff member's full mobile number. */
  | 'STAFF_PHONE';

/** Copy last month's roster into a draft month. */
export type CopyRosterInput = {
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The month to fill, YYYY-MM. */
  month: Scalars['String']['input'];
};

/** Where a corrective action stands. */
export type CorrectiveActionStatus =
  /** The assignee says it is done. */
  | 'DONE'
  /** Raised, not done yet. */
  | 'OPEN'
  /** A supervisor confirmed it. */
  | 'VERIFIED';

/** Add a consignment station. */
export type CreateConsignmentStationInput = {
  /** Global id of the depot that hands goods over to it. */
  depotId: Scalars['ID']['input'];
  /** Client-generated unique key. */
  idempotencyKey: Scalars['String']['input'];
  /** Name, at most 100 characters. */
  name: Scalars['String']['input'];
  /** Client id of its API client, if it has one: that client then reads its months and imports its bills. */
  partnerClientId?: InputMaybe<Scalars['String']['input']>;
  /** The contract rate (zone may be empty). */
  rate: TariffZonePriceInput;
  /** Tolerance in fen, 0 or more. */
  toleranceFen: Scalars['Int']['input'];
};

/** A client to create. */
export type CreatePartnerClientInput = {
  /** Cost points per minute (100 to 1,000,000); default 10,000. */
  budgetPerMinute?: InputMaybe<Scalars['Int']['input']>;
  /** Client id: 3 to 64 lowercase letters, digits, dots, dashes or underscores; unique. */
  clientId: Scalars['String']['input'];
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** Display name, 1 to 100 characters. */
  name: Scalars['String']['input'];
  /** Global id of a unit of the caller's organisation to assign the client to (the depot its orders go to; a scanner's area); omit for none. */
  orgUnitId?: InputMaybe<Scalars['ID']['input']>;
  /** Restrict the client to registered operations (default false). */
  persistedOperationsOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Global id of the merchant's salesperson (业务员): active staff of the branch (分公司) of the client's unit, so orgUnitId is needed (BAD_USER_INPUT on salespersonId otherwise); omit for none. */
  salespersonId?: InputMaybe<Scalars['ID']['input']>;
  /** Scopes to grant; an unknown scope is PARTNER_SCOPE_UNKNOWN. */
  scopes: Array<Scalars['String']['input']>;
};

/** Adds a standard phrase to the unit the caller maintains. */
export type CreatePhraseInput = {
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Its place within the situation, 0 to 999, lower first; 0 by default. */
  order?: InputMaybe<Scalars['Int']['input']>;
  /** When it is said. */
  situation: PhraseSituation;
  /** The English text (1 to 200 characters). */
  textEn: Scalars['String']['input'];
  /** The Chinese text (1 to 200 characters). */
  textZh: Scalars['String']['input'];
};

/** Create a shift type at a depot. */
export type CreateShiftTypeInput = {
  /** Unpaid break within the shift in minutes (default 0; at most 240 and shorter than the shift): not counted as working time. */
  breakMinutes?: InputMaybe<Scalars['Int']['input']>;
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

/** Opens a ticket about an order with the least input. */
export type CreateTicketFromOrderInput = {
  /** Which side of the order is the customer; the consignor by default. */
  customer?: InputMaybe<OrderParty>;
  /** Required for EXCEPTION. */
  exceptionKind?: InputMaybe<TicketExceptionKind>;
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Kind. */
  kind: TicketKind;
  /** What the problem is (2 to 500 characters); required: TICKET_DESCRIPTION_REQUIRED when missing or blank. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The order. */
  orderId: Scalars['ID']['input'];
};

/** Opens a ticket. */
export type CreateTicketInput = {
  /** The customer's name. */
  customerName: Scalars['String']['input'];
  /** The customer's phone. */
  customerPhone: Scalars['String']['input'];
  /** Required for EXCEPTION. */
  exceptionKind?: InputMaybe<TicketExceptionKind>;
  /** Client-generated key; a retry with the same key returns the first ticket. */
  idempotencyKey: Scalars['String']['input'];
  /** Kind. */
  kind: TicketKind;
  /** The order it concerns. */
  orderId?: InputMaybe<Scalars['ID']['input']>;
  /** Priority; by default HIGH for complaints and lost or damaged goods, NORMAL otherwise. */
  priority?: InputMaybe<TicketPriority>;
  /** Short description (2 to 500 characters). */
  summary: Scalars['String']['input'];
  /** True to leave it in the depot's queue for the supervisor; by default the caller owns it. */
  unassigned?: InputMaybe<Scalars['Boolean']['input']>;
  /** The waybill it concerns, when no order id is given. */
  waybillNo?: InputMaybe<Scalars['String']['input']>;
};

/** An endpoint to register. */
export type CreateWebhookEndpointInput = {
  /** Events to receive. */
  events: Array<WebhookEvent>;
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** An https URL of a public host (port free). WEBHOOK_URL_INVALID, with extensions.reason MALFORMED, SCHEME_NOT_ALLOWED or ADDRESS_NOT_ALLOWED (an IP literal in a loopback, private, shared, link-local or otherwise reserved range, or a name such as localhost, *.internal or one label), otherwise; every address a name resolves to is checked again at each delivery. */
  url: Scalars['String']['input'];
};

/** How the customer confirmed the restated problem. */
export type CustomerConfirmation =
  /** On a phone call. */
  | 'CALL'
  /** By a text or chat message. */
  | 'MESSAGE';

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

/** What a match in the dangerous-goods catalogue does to an order. */
export type DangerousGoodsHandling =
  /** 禁寄: refused at intake and on a goods change (DANGEROUS_GOODS_REFUSED with extensions.rule and extensions.item). */
  | 'PROHIBITED'
  /** 限寄: taken but flagged (Order.goodsFlag); verifying the goods then needs a note of what was checked. */
  | 'RESTRICTED';

/** Deactivate a staff member who leaves or must stop working: their access ends at once. */
export type DeactivateStaffInput = {
  /** Client-generated unique key (a UUID): a retry with the same key returns the first result and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** Why (kept in the audit log with who, when and the request id), at most 500 characters. */
  reason: Scalars['String']['input'];
  /** Global id of the staff member. */
  staffId: Scalars['ID']['input'];
};

/** Decides a claim. */
export type DecideClaimInput = {
  /** Approve this amount instead of the proposed one (a reduction needs a comment). */
  approvedFen?: InputMaybe<Scalars['Int']['input']>;
  /** The claim. */
  claimId: Scalars['ID']['input'];
  /** Comment; required to reject or reduce. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Approve or reject. */
  decision: Decision;
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
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

/** Decide an anomaly of a station's month. */
export type DecideReconciliationLineInput = {
  /** The corrected amount in fen, 0 to 10,000,000,000 (¥100,000,000; BAD_USER_INPUT with extensions.maxFen); required to correct. */
  correctedFen?: InputMaybe<Scalars['Int']['input']>;
  /** The decision. */
  decision: ReconciliationDecision;
  /** The line's version as seen (0 when undecided); CONFLICT when it changed since. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated unique key. */
  idempotencyKey: Scalars['String']['input'];
  /** The month, YYYY-MM. */
  month: Scalars['String']['input'];
  /** Why, at most 500 characters; required to dispute or correct. */
  reason?: InputMaybe<Scalars['String']['input']>;
  /** Global id of the station. */
  stationId: Scalars['ID']['input'];
  /** The waybill (an anomaly of the month). */
  waybillNo: Scalars['String']['input'];
};

/** An approver's answer. */
export type Decision =
  /** 同意. */
  | 'APPROVE'
  /** 驳回 (a comment is required). */
  | 'REJECT';

/** Remove an entry from the catalogue. */
export type DeleteDangerousGoodsEntryInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** The entry. */
  id: Scalars['ID']['input'];
};

/** The delivery service the customer bought. */
export type DeliveryService =
  /** 经济快递: the cheapest, slowest service (five days when not quoted). */
  | 'ECONOMY'
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

/** Escalates a ticket one level. */
export type EscalateTicketInput = {
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** The other company's contact; needed to reach level 2 unless recorded before. */
  externalContact?: InputMaybe<ExternalContactInput>;
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Why. */
  reason: Scalars['String']['input'];
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
};

/** The other company's contact. */
export type ExternalContactInput = {
  /** The other company. */
  company: Scalars['String']['input'];
  /** The contact's name. */
  name: Scalars['String']['input'];
  /** The contact's phone. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

/** The follow-up call. */
export type FollowUpInput = {
  /** What the customer said. */
  outcome: Scalars['String']['input'];
  /** Required when satisfaction is 2 or below. */
  reason?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 5. */
  satisfaction: Scalars['Int']['input'];
};

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
  /** Declared value in fen, 0 to the server's cap (¥100,000 unless configured; BAD_USER_INPUT with extensions.maxFen); required and positive for INSURED. */
  declaredValueFen?: InputMaybe<Scalars['Int']['input']>;
  /** Name of the goods; names of dangerous goods are refused (DANGEROUS_GOODS_REFUSED). */
  name: Scalars['String']['input'];
  /** Number of pieces, 1 to 10,000. */
  quantity: Scalars['Int']['input'];
  /** Volume in cubic metres, more than 0 and at most 1,000 (BAD_USER_INPUT with extensions.maxM3). */
  volumeM3: Scalars['Float']['input'];
  /** Weight in kilograms, more than 0 and at most 100,000 (BAD_USER_INPUT with extensions.maxKg). */
  weightKg: Scalars['Float']['input'];
};

/** Hands the caller's open tickets to a colleague on duty. */
export type HandOverTicketsInput = {
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** The handover note. */
  note: Scalars['String']['input'];
  /** Only these tickets; all the caller's open tickets by default. */
  ticketIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The colleague, who must be on duty now. */
  toStaffId: Scalars['ID']['input'];
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

/** Which lawful-hours limit a roster goes over. */
export type HoursRule =
  /** A month's overtime over the cap. */
  | 'MONTHLY_OVERTIME'
  /** A week over the standard week. */
  | 'WEEKLY_HOURS';

/** Import a station's billed charges for a month. */
export type ImportStationBillsInput = {
  /** CSV: a header row, then waybill number, charge in yuan (12.50), receipt returned (是/否); at most 5,000 rows. BAD_USER_INPUT with extensions.line for a wrong row. */
  csv: Scalars['String']['input'];
  /** Client-generated unique key; importing the same lines again changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** The month, YYYY-MM. */
  month: Scalars['String']['input'];
  /** Global id of the station. */
  stationId: Scalars['ID']['input'];
};

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
  /** Client id of the merchant (partner) the order belongs to, if any; that partner can then read it. Staff only: a partner's own orders are its own (BAD_USER_INPUT when a partner sends it). */
  partnerClientId?: InputMaybe<Scalars['String']['input']>;
  /** Global id of the quote the customer accepted: the order's freight charge and expected arrival are the quoted ones. The service must be one quoted (a quote with time-slot delivery makes a TIME_SLOT order only, priced as the cheapest quoted service arriving by the agreed day), the goods the quoted goods, the sender and receiver in the quoted cities, the goods no heavier and their handling quoted (QUOTE_MISMATCH with extensions.field); QUOTE_EXPIRED, QUOTE_USED; a quote of another depot is NOT_FOUND. */
  quoteId?: InputMaybe<Scalars['ID']['input']>;
  /** Buy the signed-receipt return (签回单): the signed receipt comes back and is tracked. Taken from the quote when the quote included it. */
  receiptReturn?: InputMaybe<Scalars['Boolean']['input']>;
  /** Customer requests. */
  requests?: InputMaybe<CustomerRequestsInput>;
  /** When the goods must arrive; required for TIME_SLOT; in the future and at most the server's arrival horizon ahead (90 days unless configured; BAD_USER_INPUT with extensions.maxDays). */
  requiredArrivalAt?: InputMaybe<Scalars['Time']['input']>;
  /** The service. */
  service: DeliveryService;
};

/** A leave request to check before asking: the fields of RequestLeaveInput the rules read. */
export type LeaveProposalInput = {
  /** Last day (inclusive). */
  endDay: Scalars['Date']['input'];
  /** Id of the leave type. */
  leaveTypeId: Scalars['ID']['input'];
  /** First day. */
  startDay: Scalars['Date']['input'];
};

/** Where a leave request stands. */
export type LeaveStatus =
  /** 已批准: every level approved. */
  | 'APPROVED'
  /** 已撤回: the requester withdrew it before the last level approved. */
  | 'CANCELLED'
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

/** Mark a day or part of it. */
export type MarkAvailabilityInput = {
  /** Today or later. */
  day: Scalars['Date']['input'];
  /** End of the time range, after startMinute, at most 1440. */
  endMinute?: InputMaybe<Scalars['Int']['input']>;
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Cannot or would rather not. */
  kind: AvailabilityKind;
  /** Why (1 to 200 characters, one line). */
  reason: Scalars['String']['input'];
  /** Start of a time range within the day, minutes after midnight (0–1439); omit with endMinute for the whole day. */
  startMinute?: InputMaybe<Scalars['Int']['input']>;
};

/** Mark a notice read; reading again keeps the first receipt, so retries are safe. */
export type MarkNoticeReadInput = {
  /** The notice. */
  noticeId: Scalars['ID']['input'];
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

/** What a notice is about. */
export type NoticeKind =
  /** 公司公告: a company announcement. */
  | 'ANNOUNCEMENT'
  /** 运价调整: a rate change. */
  | 'RATE_CHANGE'
  /** 线路变更: a route change. */
  | 'ROUTE_CHANGE';

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
  /** Global ids of photos the caller uploaded with uploadPhoto, at most 9; required for QUALITY (RETURN_PHOTO_REQUIRED). A photo someone else uploaded, or an unknown id, is NOT_FOUND (extensions.photoId) and nothing is written. */
  photoRefs?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Why. */
  reason: ReturnReason;
};

/** Claim an open shift, or withdraw one's claim. */
export type OpenShiftClaimInput = {
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the open shift. */
  openShiftId: Scalars['ID']['input'];
};

/** Where a claim on an open shift stands. */
export type OpenShiftClaimStatus =
  /** 已确认: the claimant got the shift. */
  | 'CONFIRMED'
  /** 未选中: another claimant got the shift, or the shift was cancelled. */
  | 'NOT_CHOSEN'
  /** 待确认: waiting for the supervisor. */
  | 'PENDING'
  /** 已撤回: the claimant withdrew it (claiming again renews it). */
  | 'WITHDRAWN';

/** Where an open shift stands. */
export type OpenShiftStatus =
  /** 已取消: the supervisor withdrew it before it was filled. */
  | 'CANCELLED'
  /** 已接班: a claimant was confirmed; the shift is on their roster (see `shift`). */
  | 'FILLED'
  /** 待认领: posted; colleagues may claim it. */
  | 'OPEN';

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
  /** The signed receipt (回单) came back. */
  | 'RECEIPT'
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

/** Over or short goods (多货/少货). */
export type OverShortKind =
  /** 多货: goods found that were not sent. */
  | 'OVER'
  /** 少货: goods missing. */
  | 'SHORT';

/** Where an over/short-goods report is with the group verifier. */
export type OverShortStatus =
  /** Approved: feeds the monthly reward/penalty decision. */
  | 'APPROVED'
  /** Waiting for the verifier. */
  | 'PENDING'
  /** Rejected. */
  | 'REJECTED';

/** One person present at the opening: a colleague (staffId) or a name, not both. */
export type OverShortWitnessInput = {
  /** The name of someone else present (at most 50 characters). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Global id of a colleague of the organisation. */
  staffId?: InputMaybe<Scalars['ID']['input']>;
};

/** Names one client. */
export type PartnerClientIdInput = {
  /** The client. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
};

/** Client credentials of a partner API client. */
export type PartnerTokenInput = {
  /** Client id issued by an administrator. */
  clientId: Scalars['String']['input'];
  /** Client secret issued by an administrator. */
  clientSecret: Scalars['String']['input'];
};

/** Records a claim's payment. */
export type PayClaimInput = {
  /** The claim. */
  claimId: Scalars['ID']['input'];
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Payment reference. */
  paymentRef: Scalars['String']['input'];
};

/** Where a photo was taken: optional, and stored only with the person's consent. */
export type PhotoLocationInput = {
  /** The accuracy radius the phone reported, in metres: more than 0, at most 100,000. */
  accuracyMeters: Scalars['Float']['input'];
  /** True when the person agreed to record where the photo was taken; when false the position is dropped unread and nothing of it is stored. */
  consent: Scalars['Boolean']['input'];
  /** WGS-84 latitude in degrees, -90 to 90. */
  latitude: Scalars['Float']['input'];
  /** WGS-84 longitude in degrees, -180 to 180. */
  longitude: Scalars['Float']['input'];
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

/** A province, or a city in it. */
export type PlaceInput = {
  /** City (市), at most 20 characters; leave out for the whole province. */
  city?: InputMaybe<Scalars['String']['input']>;
  /** Province (省), at most 20 characters. */
  province: Scalars['String']['input'];
};

/** Post an open shift. */
export type PostOpenShiftInput = {
  /** The calendar day the shift starts. */
  day: Scalars['Date']['input'];
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of the leave request whose gap it fills (optional; the depot's leave covering the day). */
  leaveRequestId?: InputMaybe<Scalars['ID']['input']>;
  /** A note for colleagues (optional, at most 200 characters). */
  note?: InputMaybe<Scalars['String']['input']>;
  /** Id of one of the depot's shift types. */
  shiftTypeId: Scalars['ID']['input'];
};

/** Proposes a claim. */
export type ProposeClaimInput = {
  /** Amount in fen. */
  amountFen: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Why. */
  reason: Scalars['String']['input'];
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
};

/** Publish a notice. */
export type PublishNoticeInput = {
  /** Text. */
  body: Scalars['String']['input'];
  /** The depot it is for: the caller's own for a supervisor, one under the unit they run for a manager, one of the organisation for an admin. Omit to address everyone the caller reaches (managers: their unit; admins: the organisation). */
  depotId?: InputMaybe<Scalars['ID']['input']>;
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** What it is about. */
  kind: NoticeKind;
  /** Title, at most 200 characters. */
  title: Scalars['String']['input'];
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

/** Publish a tariff (a rate change, 运价调整). */
export type PublishTariffInput = {
  /** The first day it applies: today or later. */
  effectiveFrom: Scalars['Date']['input'];
  /** Client-generated unique key; a retry returns the first tariff. */
  idempotencyKey: Scalars['String']['input'];
  /** Name, at most 100 characters. */
  name: Scalars['String']['input'];
  /** What it prices and promises. */
  terms: TariffTermsInput;
};

/** What the customer asks about. */
export type QuoteInput = {
  /** Declared value in fen, 0 to the server's cap as at intake (¥100,000 unless configured; BAD_USER_INPUT with extensions.maxFen); more than 0 when insured. */
  declaredValueFen?: InputMaybe<Scalars['Int']['input']>;
  /** Where it goes. */
  destination: PlaceInput;
  /** 易碎. */
  fragile?: InputMaybe<Scalars['Boolean']['input']>;
  /** What is sent; names of dangerous goods are refused (DANGEROUS_GOODS_REFUSED). */
  goodsName: Scalars['String']['input'];
  /** Height in cm. */
  heightCm?: InputMaybe<Scalars['Float']['input']>;
  /** Client-generated unique key; a retry returns the first quote. */
  idempotencyKey: Scalars['String']['input'];
  /** Insure (保价) the declared value. */
  insured?: InputMaybe<Scalars['Boolean']['input']>;
  /** 不可倒置. */
  keepUpright?: InputMaybe<Scalars['Boolean']['input']>;
  /** Length in cm, 0 to 10,000 (BAD_USER_INPUT on dimensions with extensions.maxCm); give all three dimensions or none. */
  lengthCm?: InputMaybe<Scalars['Float']['input']>;
  /** The day it must arrive by (the recommendation is the cheapest that does). */
  neededBy?: InputMaybe<Scalars['Date']['input']>;
  /** Where the parcel starts. */
  origin: PlaceInput;
  /** Signed-receipt return (签回单). */
  receiptReturn?: InputMaybe<Scalars['Boolean']['input']>;
  /** Time-slot delivery (定时派送). */
  timeSlot?: InputMaybe<Scalars['Boolean']['input']>;
  /** Actual weight in kilograms, more than 0 and at most 100,000, as at intake (BAD_USER_INPUT with extensions.maxKg). */
  weightKg: Scalars['Float']['input'];
  /** Width in cm. */
  widthCm?: InputMaybe<Scalars['Float']['input']>;
};

/** Why an option is recommended. */
export type QuoteRecommendationReason =
  /** No deadline was given: the cheapest. */
  | 'CHEAPEST'
  /** The cheapest that arrives by the day needed. */
  | 'CHEAPEST_MEETING_DEADLINE'
  /** None arrives by the day needed: the fastest. */
  | 'FASTEST_MISSING_DEADLINE';

/** Why a service cannot carry a parcel. */
export type QuoteRefusalReason =
  /** The route is in no zone, or the service does not serve its zone. */
  | 'NO_SERVICE_TO_AREA'
  /** A side longer than the service carries. */
  | 'OVER_SIZE'
  /** Heavier than the service carries. */
  | 'OVER_WEIGHT'
  /** Time-slot delivery was asked of a service without it. */
  | 'TIME_SLOT_UNAVAILABLE';

/** Raise a corrective action for a failed item. */
export type RaiseCorrectiveActionInput = {
  /** Who must act (same depot). */
  assigneeId: Scalars['ID']['input'];
  /** The failed ChecklistCheckItem. */
  checkItemId: Scalars['ID']['input'];
  /** What must be done. */
  description: Scalars['String']['input'];
  /** Due date, today or later. */
  dueOn: Scalars['Date']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
};

/** Reactivate a deactivated staff member: they may log in again. */
export type ReactivateStaffInput = {
  /** Client-generated unique key (a UUID): a retry with the same key returns the first result and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** Why (kept in the audit log with who, when and the request id), at most 500 characters. */
  reason: Scalars['String']['input'];
  /** Global id of the staff member. */
  staffId: Scalars['ID']['input'];
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

/** Record a hand-over of an order to a station. */
export type RecordStationHandoverInput = {
  /** Client-generated unique key. */
  idempotencyKey: Scalars['String']['input'];
  /** Global id of an order of the station's depot. */
  orderId: Scalars['ID']['input'];
  /** Global id of the station. */
  stationId: Scalars['ID']['input'];
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

/** An operation to register. */
export type RegisterPersistedOperationInput = {
  /** The GraphQL document; it must validate against the schema. */
  document: Scalars['String']['input'];
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** A name for it, 1 to 100 characters. */
  name: Scalars['String']['input'];
};

/** Remind everyone who has not read a notice to read it. */
export type RemindUnreadNoticeInput = {
  /** Client-generated unique key; a retry reminds nobody again and returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The notice. */
  noticeId: Scalars['ID']['input'];
};

/** Names one delivery to send again. */
export type ReplayWebhookDeliveryInput = {
  /** The delivery. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
};

/** Reports over or short goods. */
export type ReportOverShortGoodsInput = {
  /** Clearing date marked on the goods. */
  clearingDate: Scalars['Date']['input'];
  /** Counter where the goods are kept. */
  counter: Scalars['String']['input'];
  /** What was found. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Goods name. */
  goodsName: Scalars['String']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Over or short. */
  kind: OverShortKind;
  /** Photos of the opening, inspection and resealing, at least one and at most 9: global ids of photos the caller uploaded with `uploadPhoto` (NOT_FOUND for any other, and nothing is written). */
  photoRefs: Array<Scalars['ID']['input']>;
  /** The branch company responsible; the reporter's by default. */
  responsibleBranchId?: InputMaybe<Scalars['ID']['input']>;
  /** The ticket it came from. */
  ticketId?: InputMaybe<Scalars['ID']['input']>;
  /** Waybill number, if known. */
  waybillNo?: InputMaybe<Scalars['String']['input']>;
  /** Who was present when the goods were opened (the site manager, warehouse staff): colleagues or names; at most 10. */
  witnesses?: InputMaybe<Array<OverShortWitnessInput>>;
};

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

/** Resolves a ticket. */
export type ResolveTicketInput = {
  /** The cause found, unless restated already; required for exceptions and complaints. */
  cause?: InputMaybe<Scalars['String']['input']>;
  /** A cause chosen from the organisation's taxonomy (ticketCauses), recorded instead of `cause`; give one or the other. */
  causeId?: InputMaybe<Scalars['ID']['input']>;
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** What was done. */
  resolution: Scalars['String']['input'];
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
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

/** Who a problem is attributed to (责任归属). */
export type ResponsiblePartyKind =
  /** A branch company or depot of ours. */
  | 'BRANCH'
  /** The customer. */
  | 'CUSTOMER'
  /** A department of ours. */
  | 'DEPARTMENT'
  /** Another company involved (partner carrier, consignment station). */
  | 'OTHER_PARTY'
  /** A person. */
  | 'PERSON';

/** Restates the problem and the plan. */
export type RestateTicketInput = {
  /** The cause, when found. */
  cause?: InputMaybe<Scalars['String']['input']>;
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** The plan told to the customer. */
  plan: Scalars['String']['input'];
  /** The problem as the customer confirmed it. */
  problem: Scalars['String']['input'];
  /** The time promised; in the future. */
  promisedAt: Scalars['Time']['input'];
  /** Who is responsible, when known. */
  responsibleKind?: InputMaybe<ResponsiblePartyKind>;
  /** The responsible party's name (required with responsibleKind). */
  responsibleName?: InputMaybe<Scalars['String']['input']>;
  /** The responsible person of ours. */
  responsibleStaffId?: InputMaybe<Scalars['ID']['input']>;
  /** The responsible unit of ours. */
  responsibleUnitId?: InputMaybe<Scalars['ID']['input']>;
  /** The ticket. */
  ticketId: Scalars['ID']['input'];
};

/** Take a cause out of the choices; tickets that name it keep it. */
export type RetireTicketCauseInput = {
  /** The cause. */
  causeId: Scalars['ID']['input'];
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

/** Reviews an over/short-goods report. */
export type ReviewOverShortGoodsInput = {
  /** The verifier's comment (required). */
  comment: Scalars['String']['input'];
  /** Approve or reject. */
  decision: Decision;
  /** The version the caller saw. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** The report. */
  reportId: Scalars['ID']['input'];
};

/** Publish a new version of a checklist. */
export type ReviseChecklistTemplateInput = {
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** All items of the new version, in order. */
  items: Array<ChecklistItemInput>;
  /** Which checklist. */
  kind: ChecklistKind;
  /** English title. */
  titleEn: Scalars['String']['input'];
  /** Chinese title. */
  titleZh: Scalars['String']['input'];
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

/** Add an entry to the catalogue (no id) or change one. */
export type SaveDangerousGoodsEntryInput = {
  /** Category, at most 50 characters. */
  category: Scalars['String']['input'];
  /** The version the caller saw; required with id (CONFLICT when the entry changed since). */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  /** Refused or flagged. */
  handling: DangerousGoodsHandling;
  /** The entry to change; omit to add one. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** Client-generated unique key for this write. */
  idempotencyKey: Scalars['String']['input'];
  /** Name, at most 100 characters; unique in the catalogue (CONFLICT). */
  name: Scalars['String']['input'];
  /** The rule, at most 500 characters. */
  rule: Scalars['String']['input'];
  /** Synonyms, at most 50, each at most 100 characters. */
  synonyms: Array<Scalars['String']['input']>;
};

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

/** Sets a role's claim approval limit. */
export type SetClaimApprovalLimitInput = {
  /** The limit in fen; null for unlimited. */
  limitFen?: InputMaybe<Scalars['Int']['input']>;
  /** SUPERVISOR, MANAGER or ADMIN. */
  role: Role;
};

/** Put a depot on a comprehensive-hours scheme or back on standard hours. */
export type SetDepotHoursSchemeInput = {
  /** True for an approved comprehensive-hours scheme. */
  comprehensive: Scalars['Boolean']['input'];
  /** Global id of the depot. */
  depotId: Scalars['ID']['input'];
  /** The scheme's standard month, 1 to 300 hours. */
  monthlyStandardHours: Scalars['Float']['input'];
  /** The version the caller saw (0 when never set). */
  version: Scalars['Int']['input'];
};

/** Set the dress-code profile a person follows. */
export type SetDressCodeInput = {
  /** A DressCodeProfile code. */
  profileCode: Scalars['String']['input'];
  /** The person: oneself, or someone a supervisor manages. */
  staffId: Scalars['ID']['input'];
};

/** Set or clear a day of the holiday calendar. */
export type SetHolidayInput = {
  /** The day. */
  day: Scalars['Date']['input'];
  /** Holiday or working day; null clears the day. */
  kind?: InputMaybe<HolidayKind>;
  /** Name (required unless clearing). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** English name used by English messages (optional, at most 60 characters). */
  nameEn?: InputMaybe<Scalars['String']['input']>;
};

/** Set the organisation's entitlement for one leave type. */
export type SetLeaveEntitlementInput = {
  /** Days replacing the national default, 0 to 365; null keeps the national default. Not allowed for annual leave (BAD_USER_INPUT): its tiers are statutory, use extraDays. */
  days?: InputMaybe<Scalars['Int']['input']>;
  /** Days granted on top every year, 0 to 365. */
  extraDays: Scalars['Int']['input'];
  /** Id of the leave type. */
  leaveTypeId: Scalars['ID']['input'];
  /** At most this many unused days move into the next year, 0 to 365 (0: none). */
  maxCarryOverDays: Scalars['Int']['input'];
  /** The version the caller saw (LeaveEntitlement.version; 0 when there was no setting); CONFLICT when it changed since. */
  version: Scalars['Int']['input'];
};

/** Give a manager the unit they run (their reach). */
export type SetManagedUnitInput = {
  /** Global id of a manager of the caller's organisation. */
  staffId: Scalars['ID']['input'];
  /** Global id of a unit of the caller's organisation; null takes the unit away (the manager then reaches only their own depot). */
  unitId?: InputMaybe<Scalars['ID']['input']>;
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

/** Sets SLA targets. */
export type SetTicketSlaPolicyInput = {
  /** Minutes to first response. */
  firstResponseMinutes: Scalars['Int']['input'];
  /** Kind. */
  kind: TicketKind;
  /** Priority. */
  priority: TicketPriority;
  /** Minutes to resolution. */
  resolutionMinutes: Scalars['Int']['input'];
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
  /** 已撤回: the requester withdrew it before it was decided. */
  | 'CANCELLED'
  /** 同事已拒绝: the colleague declined. */
  | 'DECLINED'
  /** 待主管审批: the colleague accepted; waiting for the supervisor. */
  | 'PENDING_APPROVAL'
  /** 待同事确认: waiting for the colleague. */
  | 'PENDING_COLLEAGUE'
  /** 已驳回: the supervisor rejected it. */
  | 'REJECTED';

/** Sign off a person's score sheet for a month that is over. */
export type SignOffScoreSheetInput = {
  /** Comment, at most 1000 characters. */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** The month, YYYY-MM. */
  month: Scalars['String']['input'];
  /** The person. */
  staffId: Scalars['ID']['input'];
};

/** Sign a station's month off. */
export type SignOffStationMonthInput = {
  /** Client-generated unique key. */
  idempotencyKey: Scalars['String']['input'];
  /** The month, YYYY-MM. */
  month: Scalars['String']['input'];
  /** Global id of the station. */
  stationId: Scalars['ID']['input'];
};

/** Where an order's signed receipt (回单) is. */
export type SignedReceiptStatus =
  /** Not signed for yet, or signed and not yet due back. */
  | 'EXPECTED'
  /** Signed for more than ten days ago and not back: chase it. */
  | 'OVERDUE'
  /** Back at the depot. */
  | 'RECEIVED';

/** Start a spot inspection of someone on duty. */
export type StartInspectionInput = {
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Which checklist. */
  kind: ChecklistKind;
  /** The person inspected. */
  staffId: Scalars['ID']['input'];
};

/** Start the caller's self-check for a rostered shift. */
export type StartSelfCheckInput = {
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** Which checklist. */
  kind: ChecklistKind;
  /** The caller's ShiftAssignment. */
  shiftId: Scalars['ID']['input'];
};

/** Subscribe this device to Web Push (after PushManager.subscribe in the browser). */
export type SubscribePushInput = {
  /** The application server key the browser subscribed with (pushPublicKey); refused with BAD_USER_INPUT once rotated, so the app subscribes again. */
  applicationServerKey: Scalars['String']['input'];
  /** The browser's 16-byte authentication secret, base64url (PushSubscription.getKey('auth')). */
  auth: Scalars['String']['input'];
  /** The subscription's endpoint (PushSubscription.endpoint), an https URL. */
  endpoint: Scalars['String']['input'];
  /** A name for the device, up to 100 characters (for example 我的手机). */
  label?: InputMaybe<Scalars['String']['input']>;
  /** The browser's P-256 public key, base64url (PushSubscription.getKey('p256dh')). */
  p256dh: Scalars['String']['input'];
};

/** One service's terms. */
export type TariffServiceInput = {
  /** Volumetric divisor in cm³ per kg, more than 0. */
  divisorCm3PerKg: Scalars['Int']['input'];
  /** Longest side in cm; 0 for no limit. */
  maxSideCm: Scalars['Int']['input'];
  /** Heaviest parcel in grams; 0 for no limit. */
  maxWeightGrams: Scalars['Int']['input'];
  /** Name in English, at most 40 characters. */
  nameEn: Scalars['String']['input'];
  /** Name in Chinese, at most 20 characters. */
  nameZh: Scalars['String']['input'];
  /** Prices per zone. */
  prices: Array<TariffZonePriceInput>;
  /** STANDARD, NEXT_DAY or ECONOMY, each once. */
  service: DeliveryService;
  /** Whether time-slot delivery can be added. */
  timeSlot: Scalars['Boolean']['input'];
  /** Transit standards per zone; a zone needs both a price and a transit standard to be served. */
  transit: Array<TariffTransitInput>;
};

/** Fixed surcharges per parcel, in fen, each 0 to 100,000,000 (¥1,000,000; BAD_USER_INPUT with extensions.maxFen). */
export type TariffSurchargesInput = {
  /** Fragile handling. */
  fragileFen: Scalars['Int']['input'];
  /** Keep-upright handling. */
  keepUprightFen: Scalars['Int']['input'];
  /** The remote areas. */
  remoteAreas: Array<PlaceInput>;
  /** Remote-area surcharge. */
  remoteFen: Scalars['Int']['input'];
};

/** What a tariff prices and promises. */
export type TariffTermsInput = {
  /** Cut-off hour, 0 to 23 (0: none). */
  cutOffHour: Scalars['Int']['input'];
  /** Services. */
  services: Array<TariffServiceInput>;
  /** Surcharges. */
  surcharges: TariffSurchargesInput;
  /** Value-added services. */
  valueAdded: TariffValueAddedInput;
  /** Zones by origin. */
  zones: Array<TariffZoneInput>;
};

/** A transit-time standard to one zone. */
export type TariffTransitInput = {
  /** Local hour of arrival, 0 to 23. */
  byHour: Scalars['Int']['input'];
  /** Working days, 1 to 30. */
  days: Scalars['Int']['input'];
  /** The zone's code. */
  zone: Scalars['String']['input'];
};

/** Paid extras; amounts in fen, each 0 to 100,000,000 (¥1,000,000; BAD_USER_INPUT with extensions.maxFen). */
export type TariffValueAddedInput = {
  /** Least premium in fen. */
  insuranceMinimumFen: Scalars['Int']['input'];
  /** Insurance premium in basis points of the declared value, 0 to 10,000 (100 %; BAD_USER_INPUT with extensions.maxBp). */
  insuranceRateBp: Scalars['Int']['input'];
  /** Signed-receipt return in fen. */
  receiptReturnFen: Scalars['Int']['input'];
  /** Time-slot delivery in fen. */
  timeSlotFen: Scalars['Int']['input'];
};

/** The destinations one origin prices alike. */
export type TariffZoneInput = {
  /** Zone code, at most 20 characters. */
  code: Scalars['String']['input'];
  /** Where they go. */
  destinations: Array<PlaceInput>;
  /** Where parcels start. */
  origin: PlaceInput;
};

/** A service's price to one zone. */
export type TariffZonePriceInput = {
  /** Price of the first weight in fen, 0 to 100,000,000 (¥1,000,000; BAD_USER_INPUT with extensions.maxFen). */
  firstFen: Scalars['Int']['input'];
  /** First weight in grams, more than 0. */
  firstWeightGrams: Scalars['Int']['input'];
  /** Minimum freight in fen, 0 to 100,000,000. */
  minimumFen: Scalars['Int']['input'];
  /** Price of each started step in fen, 0 to 100,000,000. */
  stepFen: Scalars['Int']['input'];
  /** Step of continued weight in grams, more than 0. */
  stepGrams: Scalars['Int']['input'];
  /** The zone's code. */
  zone: Scalars['String']['input'];
};

/**
 * A step the caller may take on a ticket now (`Ticket.actions`). The mutations enforce the
 * same rules: an action not listed is refused.
 */
export type TicketAction =
  /** 指派: `assignTicket` (the depot's supervisors, the managers above it, admins). */
  | 'ASSIGN'
  /** 回访关闭: `closeTicket` (resolved tickets). */
  | 'CLOSE'
  /** 添加记录: `addTicketComment` (until the ticket is closed). */
  | 'COMMENT'
  /** 客户确认复述: `confirmTicketRestatement` (an open ticket restated and not yet confirmed). */
  | 'CONFIRM_RESTATEMENT'
  /** 审批/支付理赔: `decideClaim` on PROPOSED and `payClaim` on APPROVED claims (supervisors, managers, admins; each amount within the caller's limit). */
  | 'DECIDE_CLAIMS'
  /** 升级: `escalateTicket` (open tickets below level 4; level 2 needs the other company's contact). */
  | 'ESCALATE'
  /** 交接: `handOverTickets` with this ticket (open tickets the caller owns). */
  | 'HAND_OVER'
  /** 转处理中: `changeTicketState` to IN_PROGRESS, also reopening a resolved ticket (a complaint only once the customer confirmed the restatement). */
  | 'MOVE_TO_IN_PROGRESS'
  /** 转等待客户: `changeTicketState` to WAITING_CUSTOMER. */
  | 'MOVE_TO_WAITING_CUSTOMER'
  /** 转等待其他方: `changeTicketState` to WAITING_OTHER_PARTY. */
  | 'MOVE_TO_WAITING_OTHER_PARTY'
  /** 提出理赔: `proposeClaim` (until the ticket is closed). */
  | 'PROPOSE_CLAIM'
  /** 登记多货/少货: `reportOverShortGoods` with this ticket (over- and short-goods exceptions; agents and supervisors). */
  | 'REPORT_OVER_SHORT'
  /** 解决: `resolveTicket` (open tickets; a complaint once the customer confirmed the restatement). */
  | 'RESOLVE'
  /** 复述问题: `restateTicket` (open tickets). */
  | 'RESTATE';

/** What a timeline entry records. */
export type TicketEntryKind =
  /** A supervisor assigned the ticket. */
  | 'ASSIGNMENT'
  /** A claim was proposed, decided or paid. */
  | 'CLAIM'
  /** A comment, possibly with photos. */
  | 'COMMENT'
  /** The ticket was opened. */
  | 'CREATED'
  /** The ticket went one level up the ladder. */
  | 'ESCALATION'
  /** The follow-up call was recorded. */
  | 'FOLLOW_UP'
  /** The ticket was handed over to a colleague at the end of a shift. */
  | 'HANDOVER'
  /** A reminder that the resolution target was missed and the next level needs a person's input. */
  | 'REMINDER'
  /** The problem, cause, plan and promised time were recorded. */
  | 'RESTATEMENT'
  /** An SLA target was missed. */
  | 'SLA_BREACH'
  /** The state changed (`fromState` → `toState`). */
  | 'STATE_CHANGE';

/** What went wrong with the parcel on an EXCEPTION ticket. */
export type TicketExceptionKind =
  /** 破损: damaged. */
  | 'DAMAGE'
  /** 延误: late. */
  | 'DELAY'
  /** 滞留: held up somewhere. */
  | 'DETAINED'
  /** 丢失: lost. */
  | 'LOSS'
  /** 多货: more goods than sent. */
  | 'OVER_GOODS'
  /** 少货: fewer goods than sent. */
  | 'SHORT_GOODS'
  /** 信息错漏: wrong or missing information. */
  | 'WRONG_INFO';

/** What a ticket is about. */
export type TicketKind =
  /** 投诉: a complaint. */
  | 'COMPLAINT'
  /** 咨询: a question from a customer. */
  | 'ENQUIRY'
  /** 异常: something went wrong with a parcel; `exceptionKind` says what. */
  | 'EXCEPTION'
  /** 建议: a suggestion. */
  | 'SUGGESTION';

/** How pressing a ticket is; it picks the SLA targets. */
export type TicketPriority =
  /** 高. */
  | 'HIGH'
  /** 低. */
  | 'LOW'
  /** 普通. */
  | 'NORMAL'
  /** 紧急. */
  | 'URGENT';

/** One of a ticket's two SLA clocks. */
export type TicketSlaTarget =
  /** 首次响应. */
  | 'FIRST_RESPONSE'
  /** 解决. */
  | 'RESOLUTION';

/**
 * Where a ticket is. Allowed moves: from NEW, IN_PROGRESS and the waiting states to any other
 * open state or RESOLVED; ESCALATED only by `escalateTicket`; RESOLVED only by
 * `resolveTicket`; CLOSED only from RESOLVED by `closeTicket`; a RESOLVED ticket may go back to
 * IN_PROGRESS. Other moves are TICKET_TRANSITION_INVALID.
 */
export type TicketState =
  /** 已关闭: the follow-up call is recorded. */
  | 'CLOSED'
  /** 已升级: on the escalation ladder (see `escalationLevel`). */
  | 'ESCALATED'
  /** 处理中. */
  | 'IN_PROGRESS'
  /** 新建: nobody has responded yet. */
  | 'NEW'
  /** 已解决: waiting for the follow-up call. */
  | 'RESOLVED'
  /** 等待客户: the SLA clocks stand still. */
  | 'WAITING_CUSTOMER'
  /** 等待其他方: waiting on another party; the clocks run. */
  | 'WAITING_OTHER_PARTY';

/** One event as a scanner or partner sends it. */
export type TrackingEventInput = {
  /** Unique key of this event (a UUID or scanner id plus sequence): the same key is stored once. The identical event sent again is DUPLICATE; the same key with any different content is REJECTED with TRACKING_EVENT_KEY_REUSED (send a correction under a new key); the same scan (waybill, status, time, place) under a new key is DUPLICATE. */
  eventKey: Scalars['String']['input'];
  /** Required for EXCEPTION (not LATE). */
  exceptionReason?: InputMaybe<TrackingExceptionReason>;
  /** Free note, at most 500 characters. */
  note?: InputMaybe<Scalars['String']['input']>;
  /** When it happened; not in the future beyond 5 minutes (TRACKING_TIME_INVALID), nor older than the organisation keeps tracking history (TRACKING_EVENT_TOO_OLD; see retentionSettings). */
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
  /** Stored before, under the same key or as the same scan (waybill, status, time, place) under another key; nothing changed. */
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

/** Stop Web Push to one of the caller's devices. */
export type UnsubscribePushInput = {
  /** The device's id (PushDevice.id). */
  deviceId: Scalars['ID']['input'];
};

/** Move a corrective action on. */
export type UpdateCorrectiveActionInput = {
  /** The action. */
  actionId: Scalars['ID']['input'];
  /** Client-generated unique key; a retry returns the first result. */
  idempotencyKey: Scalars['String']['input'];
  /** A note (for completing). */
  note?: InputMaybe<Scalars['String']['input']>;
  /** The version read. */
  version: Scalars['Int']['input'];
};

/** New settings for a client. */
export type UpdatePartnerClientInput = {
  /** Cost points per minute (100 to 1,000,000); default 10,000. */
  budgetPerMinute?: InputMaybe<Scalars['Int']['input']>;
  /** The client. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
  /** Display name. */
  name: Scalars['String']['input'];
  /** Global id of a unit of the caller's organisation to assign the client to; omit for none. Tokens already issued keep the unit they were issued with. */
  orgUnitId?: InputMaybe<Scalars['ID']['input']>;
  /** Restrict the client to registered operations. */
  persistedOperationsOnly?: InputMaybe<Scalars['Boolean']['input']>;
  /** Global id of the merchant's salesperson (业务员): active staff of the branch (分公司) of the client's unit, so orgUnitId is needed (BAD_USER_INPUT on salespersonId otherwise); omit for none. */
  salespersonId?: InputMaybe<Scalars['ID']['input']>;
  /** Scopes; tokens already issued keep theirs until they expire. */
  scopes: Array<Scalars['String']['input']>;
};

/** Edits, retires or brings back a standard phrase. */
export type UpdatePhraseInput = {
  /** False retires it; true brings it back. */
  active: Scalars['Boolean']['input'];
  /** The version read; CONFLICT when someone changed it meanwhile. */
  expectedVersion: Scalars['Int']['input'];
  /** Client-generated key. */
  idempotencyKey: Scalars['String']['input'];
  /** Its place within the situation, 0 to 999, lower first. */
  order: Scalars['Int']['input'];
  /** The phrase. */
  phraseId: Scalars['ID']['input'];
  /** When it is said. */
  situation: PhraseSituation;
  /** The English text (1 to 200 characters). */
  textEn: Scalars['String']['input'];
  /** The Chinese text (1 to 200 characters). */
  textZh: Scalars['String']['input'];
};

/** A new retention for the organisation. */
export type UpdateRetentionSettingsInput = {
  /** Days to keep tracking history and audit rows, 180 to 36,500; null or omitted keeps them forever. */
  historyDays?: InputMaybe<Scalars['Int']['input']>;
  /** The version the caller saw. */
  version: Scalars['Int']['input'];
};

/** Change the organisation's rule limits; omitted fields stay. */
export type UpdateRosterSettingsInput = {
  /** The standard working day, 1 to 24 hours (to the minute). */
  dailyStandardHours?: InputMaybe<Scalars['Float']['input']>;
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
  /** The overtime cap per calendar month, 0 to 200 hours (to the minute). */
  monthlyOvertimeCapHours?: InputMaybe<Scalars['Float']['input']>;
  /** The version the caller saw. */
  version: Scalars['Int']['input'];
  /** The standard working week, 1 to 168 hours (to the minute). */
  weeklyStandardHours?: InputMaybe<Scalars['Float']['input']>;
};

/** Upload a photo. */
export type UploadPhotoInput = {
  /** When it was taken; defaults to now. */
  capturedAt?: InputMaybe<Scalars['Time']['input']>;
  /** The image: JPEG, PNG or WebP, at most 6 MiB by default. Uploading the same bytes again returns the first photo. */
  file: Scalars['Upload']['input'];
  /** Where it was taken, if the phone knows and the person consents; never required. */
  location?: InputMaybe<PhotoLocationInput>;
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

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Every attempt failed; replay it to try again. */
  | 'FAILED'
  /** Waiting for its first or next attempt. */
  | 'PENDING';

/** Names one endpoint. */
export type WebhookEndpointIdInput = {
  /** The endpoint. */
  id: Scalars['ID']['input'];
  /** Client-generated unique key (8 to 100 characters; a UUID fits); a retry with the same key returns the first answer (replayed: true) and changes nothing. */
  idempotencyKey: Scalars['String']['input'];
};

/** What a webhook reports. */
export type WebhookEvent =
  /** A tracking event with status SIGNED (delivered). */
  | 'DELIVERED'
  /** A tracking event with status EXCEPTION. */
  | 'EXCEPTION_RAISED'
  /** Any new tracking event on one of the partner's orders. */
  | 'TRACKING_UPDATED';

/**
 * Why a delivery attempt failed: the class only, never an address or a system error, so
 * a partner can tell its own fault (a closed port, an expired certificate, a 503) from a
 * URL we will not call.
 */
export type WebhookFailure =
  /** The host name resolves to a loopback, private, shared, link-local or otherwise reserved address, which webhooks never reach. */
  | 'ADDRESS_NOT_ALLOWED'
  /** Nothing listens at the URL's address and port. */
  | 'CONNECTION_REFUSED'
  /** The connection broke off before a full answer. */
  | 'CONNECTION_RESET'
  /** The host name does not resolve. */
  | 'DNS'
  /** The receiver answered outside 2xx (statusCode says which). */
  | 'HTTP_STATUS'
  /** Another network failure. */
  | 'NETWORK'
  /** The receiver answered 3xx; redirects are not followed, answer at the registered URL. */
  | 'REDIRECT'
  /** No answer within 10 seconds (or the connection could not be made within 5). */
  | 'TIMEOUT'
  /** The TLS handshake failed: certificate expired, untrusted or for another name, or no common protocol. */
  | 'TLS';
