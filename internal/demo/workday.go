package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/phrase"
	"github.com/expresscs/cs/internal/reconcile"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tariff"
	"github.com/expresscs/cs/internal/tracking"
)

// Workday is what the demo's working day is made through: the real services, acting as
// the demo's own supervisors and agents, so the demo obeys every rule the product has.
type Workday struct {
	Identity *identity.Service
	Roster   *roster.Service
	Orders   *order.Service
	Tracking *tracking.Service
	// Tariffs, when set, gets the demo tariff published by the branch manager.
	Tariffs *tariff.Service
	// Reconcile, when set, gets a consignment station with a month to reconcile.
	Reconcile *reconcile.Service
	// Phrases, when set, gets the handbook's standard phrases, published by the admin for
	// the whole organisation.
	Phrases *phrase.Service
	Zone    *time.Location
	Now     time.Time
}

// LoadWorkday gives a freshly loaded demo organisation a working day: day and night shift
// types and this month's published duty roster in every depot (next month is left for the
// supervisors to build), and, at the Pudong depot, orders at every stage of their journey
// with tracking events.
func LoadWorkday(ctx context.Context, w Workday) error {
	staff, err := staffByNo(ctx, w.Identity)
	if err != nil {
		return err
	}
	supervisors := map[string]string{"SH-PD-01": "CS2001", "SH-XH-02": "CS2002", "HZ-XH-01": "CS2003", "HZ-BJ-02": "CS2004"}
	for depot, sup := range supervisors {
		if err := w.roster(ctx, staff, staff[sup], depot); err != nil {
			return fmt.Errorf("demo roster %s: %w", depot, err)
		}
	}
	taken, err := w.orders(ctx, staff["CS1001"])
	if err != nil {
		return err
	}
	if err := w.tariff(ctx, staff["CS3001"]); err != nil {
		return err
	}
	if err := w.phrases(ctx, staff["CS9001"]); err != nil {
		return err
	}
	return w.station(ctx, staff["CS2001"], staff["CS1001"], taken)
}

// phrases publishes the handbook's standard phrases for the whole organisation.
func (w Workday) phrases(ctx context.Context, admin *identity.Staff) error {
	if w.Phrases == nil {
		return nil
	}
	// With the organisation tree, so the phrases go to the whole organisation.
	p, err := w.Identity.PrincipalOf(ctx, admin)
	if err != nil {
		return err
	}
	ctx = identity.WithPrincipal(ctx, p)
	for _, d := range phrase.DemoDrafts() {
		if _, _, err := w.Phrases.Create(ctx, uuid.NewString(), d); err != nil {
			return fmt.Errorf("demo phrase: %w", err)
		}
	}
	return nil
}

// station adds 成都中转托运站 to the Pudong depot, hands it the depot's walk-in orders
// among those the demo took (oldest first) and imports its bill for this month: most lines as expected, one overcharged, one billed
// without its receipt and one for a waybill never handed over, for the supervisor to
// reconcile.
func (w Workday) station(ctx context.Context, sup, agent *identity.Staff, taken []*order.Order) error {
	if w.Reconcile == nil {
		return nil
	}
	st, _, err := w.Reconcile.CreateStation(as(ctx, sup), uuid.NewString(), reconcile.NewStation{DepotID: sup.DepotID, Name: "成都中转托运站",
		Rate: tariff.ZonePrice{FirstWeightGrams: 1000, FirstFen: 800, StepGrams: 1000, StepFen: 300, MinimumFen: 800}, ToleranceFen: 50})
	if err != nil {
		return fmt.Errorf("demo station: %w", err)
	}
	var orders []*order.Order
	for _, o := range taken {
		if o.DepotID == sup.DepotID && o.PartnerClientID == nil {
			orders = append(orders, o)
		}
	}
	slices.SortStableFunc(orders, func(a, b *order.Order) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	var bill strings.Builder
	bill.WriteString("运单号,运费,回单\n")
	for i, o := range orders {
		h, _, err := w.Reconcile.RecordHandover(as(ctx, agent), uuid.NewString(), st.ID, o.ID)
		if err != nil {
			return fmt.Errorf("demo hand-over: %w", err)
		}
		fen, receipt := h.ExpectedFen, "是"
		switch i {
		case 1:
			fen += 500 // overcharged by ¥5
		case 2:
			receipt = "否"
		}
		fmt.Fprintf(&bill, "%s,%s,%s\n", o.WaybillNo, reconcile.Yuan(fen), receipt)
	}
	bill.WriteString("SD999999990CN,12.00,是\n")
	month := w.Reconcile.Now().In(w.Zone).Format("2006-01")
	// Loaded without alerting anyone, so the demo's inboxes start empty: the month is
	// reconciled from 订单 → 托运站对账, and the next import of its bill alerts as usual.
	quiet := *w.Reconcile
	quiet.Notify = nil
	if _, _, err := quiet.ImportBills(as(ctx, sup), uuid.NewString(), st.ID, month, []byte(bill.String())); err != nil {
		return fmt.Errorf("demo bill: %w", err)
	}
	return nil
}

// tariff publishes the demo tariff (上海 and 杭州 to four zones, three services) from
// today, as the branch manager, with its 运价调整 notice.
func (w Workday) tariff(ctx context.Context, manager *identity.Staff) error {
	if w.Tariffs == nil {
		return nil
	}
	_, _, err := w.Tariffs.Publish(as(ctx, manager), uuid.NewString(), tariff.NewTariff{Name: "2026 冬季运价",
		EffectiveFrom: w.Tariffs.Now().In(w.Zone).Format(tariff.DayLayout), Terms: tariff.DemoTerms()})
	if err != nil {
		return fmt.Errorf("demo tariff: %w", err)
	}
	return nil
}

// staffByNo finds the demo's people, with their roles, by employee number.
func staffByNo(ctx context.Context, svc *identity.Service) (map[string]*identity.Staff, error) {
	nos := make([]string, len(people))
	for i, p := range people {
		nos[i] = p.no
	}
	all, err := identity.StaffWithEmployeeNos(ctx, svc.DB.R, nos)
	if err != nil {
		return nil, err
	}
	out := map[string]*identity.Staff{}
	for _, s := range all {
		out[s.EmployeeNo] = s
	}
	return out, nil
}

func as(ctx context.Context, s *identity.Staff) context.Context {
	return identity.WithPrincipal(ctx, &identity.Principal{Kind: identity.KindStaff, ID: s.ID, Roles: s.Roles(), DepotID: s.DepotID})
}

// roster creates the depot's shift types and publishes this month's roster: everyone on
// days, five days on and two off in a staggered week, and every night one agent (not the
// supervisor, not someone resting) on nights, so someone is on duty at 22:30 every day.
func (w Workday) roster(ctx context.Context, staff map[string]*identity.Staff, sup *identity.Staff, depotCode string) error {
	ctx = as(ctx, sup)
	day, err := w.Roster.CreateShiftType(ctx, roster.NewShiftType{DepotID: sup.DepotID, Code: "DAY", Name: "白班", StartMinute: 8*60 + 30, EndMinute: 17*60 + 30, BreakMinutes: 60})
	if err != nil {
		return err
	}
	night, err := w.Roster.CreateShiftType(ctx, roster.NewShiftType{DepotID: sup.DepotID, Code: "NIGHT", Name: "夜班", StartMinute: 21 * 60, EndMinute: 7 * 60, Night: true, BreakMinutes: 60})
	if err != nil {
		return err
	}
	var crew []*identity.Staff
	for _, s := range staff {
		if s.DepotID == sup.DepotID && s.HasRole(identity.RoleAgent) {
			crew = append(crew, s)
		}
	}
	slices.SortFunc(crew, func(a, b *identity.Staff) int { return strings.Compare(a.EmployeeNo, b.EmployeeNo) })
	now := w.Now.In(w.Zone)
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, w.Zone)
	month := start.Format("2006-01")
	var items []roster.AssignmentInput
	for d := start; d.Month() == start.Month(); d = d.AddDate(0, 0, 1) {
		// Two rest days a week, staggered two days apart, so no two of three rest together.
		resting := func(i int) bool { return (d.YearDay()+2*i)%7 >= 5 }
		// Every night has someone on duty: the night goes round the agents, skipping
		// the supervisor and whoever rests that day.
		nightIdx := -1
		for k := range crew {
			if i := (d.YearDay() + k) % len(crew); !resting(i) && crew[i].ID != sup.ID {
				nightIdx = i
				break
			}
		}
		for i, s := range crew {
			if resting(i) {
				continue
			}
			shift := day.ID
			if i == nightIdx {
				shift = night.ID
			}
			items = append(items, roster.AssignmentInput{StaffID: s.ID, Day: d.Format("2006-01-02"), ShiftTypeID: shift})
		}
	}
	r, _, err := w.Roster.AssignShifts(ctx, "demo-assign-"+depotCode+"-"+month, sup.DepotID, month, items)
	if err != nil {
		return err
	}
	_, _, err = w.Roster.PublishRoster(ctx, "demo-publish-"+depotCode+"-"+month, r.ID, r.Version)
	return err
}

// demoOrder is one order of the demo and how far its journey has gone.
type demoOrder struct {
	sender, senderPhone, receiver, receiverPhone, city, district, detail, goods string
	kg                                                                          float64
	journey                                                                     []tracking.Status
	// mall marks the demo partner's orders (sent from its warehouse).
	mall bool
	// exception is the reason of an EXCEPTION step, note what the scanner wrote.
	exception tracking.ExceptionReason
	note      string
}

var demoOrders = []demoOrder{
	{sender: "陈先生", senderPhone: "13816881234", receiver: "刘女士", receiverPhone: "0571-87654321", city: "杭州市", district: "西湖区",
		detail: "文三路 200 号", goods: "服装", kg: 1.5},
	{sender: "王女士", senderPhone: "13917772345", receiver: "赵先生", receiverPhone: "13705713456", city: "杭州市", district: "滨江区",
		detail: "长河路 88 号", goods: "手机配件", kg: 0.4, journey: []tracking.Status{tracking.PickedUp}},
	{sender: "上海某某贸易有限公司", senderPhone: "021-58881234", receiver: "孙经理", receiverPhone: "13800571234", city: "南京市", district: "鼓楼区",
		detail: "中山北路 30 号", goods: "办公文件", kg: 0.8, journey: []tracking.Status{tracking.PickedUp, tracking.InTransit}},
	{sender: "李先生", senderPhone: "13661234567", receiver: "周女士", receiverPhone: "13957124567", city: "苏州市", district: "姑苏区",
		detail: "人民路 1 号", goods: "茶叶礼盒", kg: 2.2, journey: []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub}},
	{sender: "张女士", senderPhone: "13512345678", receiver: "吴先生", receiverPhone: "13812349876", city: "宁波市", district: "鄞州区",
		detail: "天童南路 9 号", goods: "儿童玩具", kg: 3.0,
		journey: []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.OutForDelivery}},
	{sender: "黄先生", senderPhone: "13611112222", receiver: "郑女士", receiverPhone: "13922223333", city: "无锡市", district: "梁溪区",
		detail: "中山路 66 号", goods: "书籍", kg: 1.1,
		journey: []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.OutForDelivery, tracking.Signed}},

	// The demo partner's parcels: a merchant's warehouse ships to its customers.
	{sender: "优选商城上海仓", senderPhone: "021-50801234", receiver: "钱女士", receiverPhone: "13867001234", city: "杭州市", district: "拱墅区",
		detail: "莫干山路 500 号", goods: "蓝牙耳机", kg: 0.3, mall: true, journey: []tracking.Status{tracking.PickedUp, tracking.InTransit}},
	{sender: "优选商城上海仓", senderPhone: "021-50801234", receiver: "冯先生", receiverPhone: "13951002345", city: "南京市", district: "玄武区",
		detail: "珠江路 12 号", goods: "保温杯", kg: 0.6, mall: true,
		journey: []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.OutForDelivery, tracking.Signed}},
	{sender: "优选商城上海仓", senderPhone: "021-50801234", receiver: "陈女士", receiverPhone: "13962003456", city: "苏州市", district: "工业园区",
		detail: "星湖街 218 号", goods: "羽绒服", kg: 1.2, mall: true,
		journey:   []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.Exception},
		exception: tracking.ReasonWeather, note: "暴雨封路,干线延误约 12 小时"},
	{sender: "优选商城上海仓", senderPhone: "021-50801234", receiver: "褚先生", receiverPhone: "13857404567", city: "宁波市", district: "海曙区",
		detail: "中山西路 88 号", goods: "护肤品套装", kg: 0.9, mall: true,
		journey: []tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.OutForDelivery}},
	{sender: "优选商城上海仓", senderPhone: "021-50801234", receiver: "卫女士", receiverPhone: "13961505678", city: "无锡市", district: "滨湖区",
		detail: "蠡湖大道 1 号", goods: "儿童绘本", kg: 1.0, mall: true},
}

var places = map[tracking.Status]string{
	tracking.PickedUp: "上海浦东张江网点", tracking.InTransit: "上海转运中心", tracking.ArrivedAtHub: "目的地分拨中心",
	tracking.OutForDelivery: "目的地网点", tracking.Signed: "收件人住址", tracking.Exception: "上海转运中心",
}

// orders takes the demo orders at the agent's counter, the demo partner's as its own;
// all but the first are verified and released, and each has the tracking events of its
// journey, a few hours apart. It returns the orders as taken.
func (w Workday) orders(ctx context.Context, agent *identity.Staff) ([]*order.Order, error) {
	ctx = as(ctx, agent)
	var taken []*order.Order
	for i, d := range demoOrders {
		in := order.IntakeInput{
			Consignor: order.Party{Name: d.sender, Phone: d.senderPhone, Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
			Consignee: order.Party{Name: d.receiver, Phone: d.receiverPhone, Province: provinceOf(d.city), City: d.city, District: d.district, Detail: d.detail},
			Goods:     order.GoodsInput{Name: d.goods, Quantity: 1, WeightKg: d.kg, VolumeM3: 0.01},
			Service:   order.Standard,
		}
		if d.mall {
			in.PartnerClientID = PartnerClientID
		}
		o, _, err := w.Orders.Intake(ctx, fmt.Sprintf("demo-order-%d", i), in)
		if err != nil {
			return nil, fmt.Errorf("demo order %d: %w", i, err)
		}
		taken = append(taken, o)
		if i == 0 {
			continue // waits for the agent to verify it
		}
		out, _, err := w.Orders.Verify(ctx, fmt.Sprintf("demo-verify-%d", i), o.ID, o.Version, order.Elements, "电话核实无误")
		if err != nil {
			return nil, err
		}
		if _, _, err := w.Orders.Release(ctx, fmt.Sprintf("demo-release-%d", i), o.ID, out.Order.Version); err != nil {
			return nil, err
		}
		var events []tracking.EventInput
		// Four hours apart, the last an hour ago; a parcel still out for delivery went
		// out late enough that it is not late yet (lastStepAt).
		at := w.lastStepAt(d.journey).Add(-time.Duration(len(d.journey)) * 4 * time.Hour)
		for _, st := range d.journey {
			at = at.Add(4 * time.Hour)
			ev := tracking.EventInput{EventKey: uuid.NewString(), WaybillNo: o.WaybillNo, Status: st, OccurredAt: at, Place: places[st], ScannedBy: "PDA-0231"}
			switch st {
			case tracking.Signed:
				ev.SignerName = "本人"
			case tracking.Exception:
				ev.ExceptionReason, ev.Note = d.exception, d.note
			}
			events = append(events, ev)
		}
		if len(events) > 0 {
			if _, err := w.Tracking.RecordEvents(ctx, events); err != nil {
				return nil, err
			}
		}
	}
	return taken, nil
}

// lastStepAt is when a demo journey's last step happened: an hour ago; but a parcel
// whose journey ends out for delivery, shown after the day's 20:00 delivery cut-off,
// went out at the cut-off. One that went out an hour before it would be expected by
// 20:00 (order.OutForDeliveryArrival) and read as late (EXCEPTION), so the demo would
// show no parcel out for delivery between 20:00 and 21:00.
func (w Workday) lastStepAt(journey []tracking.Status) time.Time {
	at := w.Now.Add(-time.Hour)
	if len(journey) == 0 || journey[len(journey)-1] != tracking.OutForDelivery {
		return at
	}
	local := w.Now.In(w.Zone)
	cut := time.Date(local.Year(), local.Month(), local.Day(), order.DeliveryCutoffHour, 0, 0, 0, w.Zone)
	if !w.Now.Before(cut) && at.Before(cut) {
		return cut
	}
	return at
}

func provinceOf(city string) string {
	if city == "杭州市" || city == "宁波市" {
		return "浙江省"
	}
	return "江苏省"
}
