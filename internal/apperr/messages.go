package apperr

import (
	"context"
	"errors"

	"golang.org/x/text/language"
)

// Locale is a language the product speaks.
type Locale string

// The supported locales; zh-CN is the default.
const (
	ZH Locale = "zh-CN"
	EN Locale = "en"
)

var catalogue = map[Code]Message{
	Internal:               {"系统内部错误，请稍后重试", "Internal error, please try again later"},
	Unauthenticated:        {"请先登录", "Please log in"},
	Forbidden:              {"您没有权限执行此操作", "You are not allowed to do this"},
	NotFound:               {"记录不存在", "Not found"},
	BadUserInput:           {"输入有误", "Invalid input"},
	Conflict:               {"该记录已被他人修改，请刷新后重试", "Someone else changed this record; refresh and try again"},
	InvalidCredentials:     {"工号或密码错误", "Wrong employee number or password"},
	AccountLocked:          {"登录失败次数过多，请稍后再试", "Too many failed logins; wait a while and try again"},
	RefreshTokenReused:     {"登录凭证被重复使用，为安全起见已退出所有相关会话，请重新登录", "A refresh token was used twice; the session was ended for safety. Please log in again"},
	IdempotencyKeyReused:   {"该请求编号已用于另一项操作", "This idempotency key was already used for a different request"},
	PageSizeExceeded:       {"每页最多 100 条", "At most 100 items per page"},
	QueryTooDeep:           {"查询嵌套层级过深", "The query is nested too deeply"},
	QueryTooComplex:        {"查询过于复杂", "The query is too complex"},
	QueryTooLarge:          {"查询过长", "The query has too many tokens"},
	GraphQLParseFailed:     {"查询语法错误", "The query could not be parsed"},
	GraphQLInvalid:         {"查询不符合接口定义", "The query does not match the schema"},
	PersistedQueryNotFound: {"未找到已存储的查询，请发送完整查询", "Persisted query not found; send the full query"},
	RequestTooLarge:        {"请求体过大", "The request body is too large"},
	Throttled:              {"请求过于频繁，请稍后再试", "Too many requests; try again later"},
	AttendanceTimeInvalid:  {"打卡时间无效", "Invalid punch time"},
	RosterNotPublished:     {"该月值班表尚未发布", "This month's duty roster has not been published"},
	ShiftNotQualified:      {"该员工不具备此班次的上岗资格", "This person is not qualified for this shift"},
	SwapMonthlyLimit:       {"每人每月最多换班 3 次", "At most 3 shift swaps per person per month"},
	SwapConsecutive:        {"不允许连续换班", "Consecutive shift swaps are not allowed"},
	SwapHolidayDuty:        {"节假日值班不允许换班", "Holiday duty cannot be swapped"},
	SwapLeaveConflict:      {"换班日和还班日不允许请假", "No leave on a swapped day or on the pay-back day"},
	SwapNotQualified:       {"换班双方须具备对方班次的上岗资格", "Both people must be qualified for the shift they take over"},
	SwapDoubleBooked:       {"换班后会出现同一人班次重叠", "The swap would book someone on two shifts at once"},
	SwapWithSelf:           {"不能和自己换班", "You cannot swap a shift with yourself"},
	SwapInPast:             {"已开始或已过去的班次不能换班", "A shift that has started or passed cannot be swapped"},
	LeaveNightShift:        {"夜班不允许请假，请找同事换班顶班", "No leave on a night shift; find a colleague to cover by a swap"},
	LeaveHolidayDuty:       {"节假日值班不允许请假", "No leave on holiday duty"},
	LeaveOnSwapDay:         {"换班日和还班日不允许请假", "No leave on a swapped day or on the pay-back day"},
	LeaveNotInAdvance:      {"请假须提前申请", "Leave must be requested in advance"},
	LeaveOverlap:           {"该时段已有请假申请", "You already have leave requested for these days"},
	LeaveLevelSkipped:      {"请假须逐级审批，不允许越级", "Leave is approved level by level; no level may be skipped"},
	LeaveNoApprover:        {"没有可审批的上级，请联系管理员", "There is no superior to approve this; contact an administrator"},

	WaybillCheckDigit:       {"运单号校验位不符，请核对是否输错", "The waybill number's check digit does not match; it was probably mistyped"},
	DangerousGoodsRefused:   {"危险品不予收寄", "Dangerous goods are not accepted"},
	OrderNotVerified:        {"订单信息尚未全部核实，不能放行", "Not every element of the order has been verified; it cannot be released"},
	OrderNotReleased:        {"订单尚未核实放行", "The order has not been verified and released yet"},
	OrderAlreadyReleased:    {"订单已核实放行，不能再修改核实结果", "The order is already released; its verification can no longer change"},
	OrderCancelled:          {"订单已取消", "The order has been cancelled"},
	OrderDelivered:          {"包裹已签收或已退回，不能再修改，请走退换货流程", "The parcel was signed for or returned; use a return or exchange instead"},
	OrderStageInvalid:       {"订单环节不能倒退或跳过", "An order's stage cannot go back or skip ahead"},
	OrderNotShipped:         {"包裹尚未发出", "The parcel has not been shipped yet"},
	TrackingBatchTooLarge:   {"每次最多提交 1000 条轨迹", "At most 1,000 tracking events per request"},
	TrackingTimeInvalid:     {"轨迹时间无效", "Invalid tracking event time"},
	TrackingEventTooOld:     {"轨迹时间早于本机构的保留期限，不再记录", "The event is older than the organisation keeps tracking history; it is not recorded"},
	TrackingLookupLocked:    {"查询失败次数过多，请稍后再试", "Too many failed look-ups for this waybill; try again later"},
	ArrivalAlreadyConfirmed: {"到货确认已登记", "The arrival has already been confirmed"},
	ReturnNotDelivered:      {"包裹签收后才能办理退换货", "A return or exchange needs a parcel that was signed for"},
	ReturnParcelNotIntact:   {"退回的包裹须完好无损", "A returned parcel must come back intact"},
	ReturnPhotoRequired:     {"质量问题须提供照片凭证", "A quality claim needs photo proof"},
	ReturnAlreadyOpen:       {"该运单已有退换货记录", "This waybill already has a return or exchange"},

	TicketTransitionInvalid:    {"工单当前状态不允许此操作", "The ticket's current state does not allow this"},
	TicketDescriptionRequired:  {"请先描述问题再开工单", "Describe the problem before opening the ticket"},
	TicketCauseRequired:        {"异常和投诉须查明原因后才能解决", "Find and record the cause before resolving an exception or complaint"},
	TicketEscalationTop:        {"已升级到总部职能部门，不能再升级", "The ticket is already with the HQ department; it cannot go higher"},
	TicketExternalContact:      {"升级到第二级须登记对方公司的客服联系人", "Escalating to level 2 needs the other company's customer-service contact"},
	TicketHandoverOffDuty:      {"接手的同事当前不在班，请交接给在班同事", "That colleague is not on duty now; hand over to someone on duty"},
	TicketHandoverToSelf:       {"不能交接给自己", "You cannot hand tickets over to yourself"},
	ClaimOverLimit:             {"理赔金额超出您的审批权限，请提交上级审批", "The amount is above your approval limit; pass it to your superior"},
	ClaimStateInvalid:          {"理赔当前状态不允许此操作", "The claim's current state does not allow this"},
	ClaimSelfApproval:          {"不能审批自己提出的理赔", "You cannot approve a claim you proposed"},
	OverShortAlreadyReviewed:   {"该多货少货报告已审核", "This over/short-goods report has already been reviewed"},
	PhotoTooLarge:              {"照片过大，请压缩后重新上传", "The photo is too large; compress it and upload again"},
	PhotoNotImage:              {"只能上传 JPEG、PNG 或 WebP 格式的照片", "Only JPEG, PNG or WebP photos can be uploaded"},
	CheckShiftNotRostered:      {"该班次不在已发布的值班表中，无需自查", "This shift is not on a published duty roster of yours; no self-check is due"},
	CheckNotDue:                {"自查须在班次开始前两小时至班次结束之间进行", "A self-check is done from two hours before the shift starts until it ends"},
	CheckNotOnDuty:             {"只能抽查正在值班的员工", "Only someone on duty now can be spot-inspected"},
	CheckItemAnswered:          {"该项已填写，不能重复填写", "This item has already been answered"},
	CheckItemAutomatic:         {"该项由系统自动判定，无需填写", "This item is judged automatically; it cannot be answered by hand"},
	CheckPhotoRequired:         {"该项须上传照片", "This item needs a photo"},
	ActionItemNotFailed:        {"只有不合格项才能发起整改", "A corrective action can only be raised for a failed item"},
	ActionStatusInvalid:        {"整改状态不允许此操作", "The corrective action's status does not allow this"},
	ScoreSheetSignedOff:        {"该月奖罚评分表已签核，结果不能再更改", "This month's score sheet is signed off; its results can no longer change"},
	PartnerScopeUnknown:        {"未知的合作方权限范围", "Unknown partner scope"},
	PersistedOperationRequired: {"该客户端只能执行已登记的操作，请按编号调用", "This client may run registered operations only; call one by its id"},
	WebhookURLInvalid:          {"回调地址须为 https 网址", "The webhook URL must be an https URL"},
	WebhookEventUnknown:        {"未知的回调事件类型", "Unknown webhook event type"},
	RequestAlreadyDecided:      {"该申请已有审批结果，不能再撤回", "This request has already been decided; it can no longer be withdrawn"},
	CoverNoPayBackShift:        {"该同事本月没有可用于还班的班次", "This colleague has no shift this month you could work in return"},
	FieldRepeated:              {"该字段每个请求只能调用一次，请分开发送", "This field may appear only once per request; send separate requests"},
	QueryOverBudget:            {"该查询的成本超过了本客户端每分钟的全部预算，等待也无法执行，请拆分查询或减少每页条数", "This query costs more than the client's whole budget per minute, so it can never run; split it or ask for fewer items per page"},

	BadRequest:                       {"请求格式错误", "The request is malformed"},
	MethodNotAllowed:                 {"不支持该请求方法", "This HTTP method is not allowed here"},
	UnsupportedMediaType:             {"不支持该请求内容类型，请使用 application/json", "Unsupported content type; send application/json"},
	PersistedQueryHashMismatch:       {"存储查询的哈希值与查询内容不符", "The persisted query hash does not match the query"},
	PersistedQueryVersionUnsupported: {"不支持该存储查询协议版本，请使用版本 1", "Unsupported persisted query version; use version 1"},
	IntrospectionDisabled:            {"本服务未开放接口结构查询", "Schema introspection is turned off on this server"},
	CSRFHeaderRequired:               {"带 Cookie 的请求须附带 X-CSRF 请求头或以 application/json 发送", "A request carrying cookies needs an X-CSRF header or an application/json body"},
	Unavailable:                      {"服务暂时不可用，请稍后重试", "The service is temporarily unavailable; try again shortly"},
	PartyCannotDecide:                {"不能审批自己参与的申请，已由上一级审批", "You cannot decide a request you are party to; the next level up decides it"},

	TrackingEventKeyReused:      {"该事件编号已用于内容不同的轨迹；更正请使用新的事件编号", "This event key was already used for an event with different content; send a correction under a new key"},
	NoTariffInEffect:            {"尚无生效的运价，请联系客服经理发布运价", "No tariff is in effect; ask a manager to publish one"},
	QuoteExpired:                {"报价已过期，请重新报价", "The quote has expired; quote again"},
	QuoteUsed:                   {"该报价已用于下单", "The quote has already been turned into an order"},
	QuoteMismatch:               {"订单与报价不符，请重新报价", "The order does not match the quote; quote again"},
	PrintedSlipsMustBeRetrieved: {"该订单已打单：须收回已打印的快递单和发货单，确认后再取消（打过单的要回发货单与快递单）", "This order's waybill is printed: get back the printed waybill and delivery slip, confirm both, then cancel"},
	ShiftHasChecks:              {"该班次已有自查或抽查记录，不能删除；可改为其他班次", "This shift already has a self-check or inspection on record and cannot be removed; change it to another shift instead"},
	ComplaintNotConfirmed:       {"请先向客户复述问题并记录客户确认（时间、方式），再处理投诉", "Restate the problem to the customer and record their confirmation (when, how) before working the complaint"},
	ReconciliationSigned:        {"该月对账已签字确认，不能再修改", "The month is signed off and can no longer change"},
	ReconciliationUndecided:     {"还有异常未处理，请先逐条处理后再签字", "Some anomalies are undecided; decide each before signing off"},
	LeaveBalanceExceeded:        {"假期余额不足", "Not enough leave left"},
	SwapHoursLimit:              {"换班后工时将超过标准工时或每月加班上限", "The swap would put someone over the standard hours or the monthly overtime cap"},
	RosterAgainstAvailability:   {"排班与员工标记的不可用时间冲突", "The roster puts someone on a day they marked unavailable or would rather not work"},
	RosterHoursOverLimit:        {"排班超过标准工时或每月加班上限", "The roster puts someone over the standard hours or the monthly overtime cap"},
	OpenShiftTaken:              {"该空缺班次已有人接班", "This open shift has already been filled"},
	OpenShiftCancelled:          {"该空缺班次已取消", "This open shift was cancelled"},
	OpenShiftNotEligible:        {"您不能认领该空缺班次", "You may not claim this open shift"},
	OpenShiftInPast:             {"已开始或已过去的班次不能发布或认领", "A shift that has started or passed cannot be posted or claimed"},
	OpenShiftOnLeave:            {"当天已请假，不能认领该班次", "You have leave on that day and cannot take the shift"},
	OpenShiftDoubleBooked:       {"当天已有班次或班次时间重叠，不能认领", "You already work that day or at an overlapping time"},
	OpenShiftNotQualified:       {"不具备该班次的上岗资格", "Not qualified for this shift"},
	OpenShiftHoursLimit:         {"认领后工时将超过标准工时或每月加班上限", "Taking the shift would put you over the standard hours or the monthly overtime cap"},
}

// Text returns the catalogue message for code in locale.
func Text(code Code, loc Locale) string {
	m, ok := catalogue[code]
	if !ok {
		m = catalogue[Internal]
	}
	return m.In(loc)
}

// In picks the message for locale.
func (m Message) In(loc Locale) string {
	if loc == EN {
		return m.EN
	}
	return m.ZH
}

// MessageFor returns what a user reading locale should see for err. Internal causes are
// never shown.
func MessageFor(err error, loc Locale) string {
	var ae *Error
	if !errors.As(err, &ae) || ae.Code == Internal {
		return Text(Internal, loc)
	}
	if ae.Detail != nil {
		return ae.Detail.In(loc)
	}
	return Text(ae.Code, loc)
}

var matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// ParseAcceptLanguage picks zh-CN or en from an Accept-Language header using the
// standard matching rules; zh-CN when none is given or none matches.
func ParseAcceptLanguage(header string) Locale {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return ZH
	}
	_, index, conf := matcher.Match(tags...)
	if conf == language.No || index == 0 {
		return ZH
	}
	return EN
}

// Codes lists every code in the catalogue (for documentation and tests).
func Codes() []Code {
	out := make([]Code, 0, len(catalogue))
	for c := range catalogue {
		out = append(out, c)
	}
	return out
}

type localeKey struct{}

// WithLocale returns ctx carrying the caller's language.
func WithLocale(ctx context.Context, loc Locale) context.Context {
	return context.WithValue(ctx, localeKey{}, loc)
}

// LocaleFrom returns the caller's language, zh-CN by default.
func LocaleFrom(ctx context.Context) Locale {
	if l, ok := ctx.Value(localeKey{}).(Locale); ok {
		return l
	}
	return ZH
}

// Known reports whether code is in the catalogue.
func Known(code Code) bool {
	_, ok := catalogue[code]
	return ok
}
