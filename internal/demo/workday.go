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
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tracking"
)

// Workday is what the demo's working day is made through: the real services, acting as
// the demo's own supervisors and agents, so the demo obeys every rule the product has.
type Workday struct {
	Identity *identity.Service
	Roster   *roster.Service
	Orders   *order.Service
	Tracking *tracking.Service
	Zone     *time.Location
	Now      time.Time
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
	return w.orders(ctx, staff["CS1001"])
}

func staffByNo(ctx context.Context, svc *identity.Service) (map[string]*identity.Staff, error) {
	var all []*identity.Staff
	if err := svc.DB.R.NewSelect().Model(&all).Scan(ctx); err != nil {
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

// roster creates the depot's shift types and publishes this month's roster: everyone on days, five days on and two off in a staggered week, and one agent at
// a time on nights.
func (w Workday) roster(ctx context.Context, staff map[string]*identity.Staff, sup *identity.Staff, depotCode string) error {
	ctx = as(ctx, sup)
	day, err := w.Roster.CreateShiftType(ctx, roster.NewShiftType{DepotID: sup.DepotID, Code: "DAY", Name: "白班", StartMinute: 8*60 + 30, EndMinute: 17*60 + 30})
	if err != nil {
		return err
	}
	night, err := w.Roster.CreateShiftType(ctx, roster.NewShiftType{DepotID: sup.DepotID, Code: "NIGHT", Name: "夜班", StartMinute: 21 * 60, EndMinute: 7 * 60, Night: true})
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
		nightIdx := d.YearDay() % len(crew)
		for i, s := range crew {
			shift := day.ID
			switch {
			case (d.YearDay()+i)%7 >= 5: // two rest days a week, staggered
				continue
			case i == nightIdx && s.ID != sup.ID:
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
}

var demoOrders = []demoOrder{
	{"陈先生", "13816881234", "刘女士", "0571-87654321", "杭州市", "西湖区", "文三路 200 号", "服装", 1.5, nil},
	{"王女士", "13917772345", "赵先生", "13705713456", "杭州市", "滨江区", "长河路 88 号", "手机配件", 0.4, []tracking.Status{tracking.PickedUp}},
	{"上海某某贸易有限公司", "021-58881234", "孙经理", "13800571234", "南京市", "鼓楼区", "中山北路 30 号", "办公文件", 0.8,
		[]tracking.Status{tracking.PickedUp, tracking.InTransit}},
	{"李先生", "13661234567", "周女士", "13957124567", "苏州市", "姑苏区", "人民路 1 号", "茶叶礼盒", 2.2,
		[]tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub}},
	{"张女士", "13512345678", "吴先生", "13812349876", "宁波市", "鄞州区", "天童南路 9 号", "儿童玩具", 3.0,
		[]tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.OutForDelivery}},
	{"黄先生", "13611112222", "郑女士", "13922223333", "无锡市", "梁溪区", "中山路 66 号", "书籍", 1.1,
		[]tracking.Status{tracking.PickedUp, tracking.InTransit, tracking.ArrivedAtHub, tracking.OutForDelivery, tracking.Signed}},
}

var places = map[tracking.Status]string{
	tracking.PickedUp: "上海浦东张江网点", tracking.InTransit: "上海转运中心", tracking.ArrivedAtHub: "目的地分拨中心",
	tracking.OutForDelivery: "目的地网点", tracking.Signed: "收件人住址",
}

// orders takes the demo orders at the agent's counter; all but the first are verified and
// released, and each has the tracking events of its journey, a few hours apart.
func (w Workday) orders(ctx context.Context, agent *identity.Staff) error {
	ctx = as(ctx, agent)
	for i, d := range demoOrders {
		in := order.IntakeInput{
			Consignor: order.Party{Name: d.sender, Phone: d.senderPhone, Province: "上海市", City: "上海市", District: "浦东新区", Detail: "张江路 100 号"},
			Consignee: order.Party{Name: d.receiver, Phone: d.receiverPhone, Province: provinceOf(d.city), City: d.city, District: d.district, Detail: d.detail},
			Goods:     order.GoodsInput{Name: d.goods, Quantity: 1, WeightKg: d.kg, VolumeM3: 0.01},
			Service:   order.Standard,
		}
		o, _, err := w.Orders.Intake(ctx, fmt.Sprintf("demo-order-%d", i), in)
		if err != nil {
			return fmt.Errorf("demo order %d: %w", i, err)
		}
		if i == 0 {
			continue // waits for the agent to verify it
		}
		out, _, err := w.Orders.Verify(ctx, fmt.Sprintf("demo-verify-%d", i), o.ID, o.Version, order.Elements, "电话核实无误")
		if err != nil {
			return err
		}
		if _, _, err := w.Orders.Release(ctx, fmt.Sprintf("demo-release-%d", i), o.ID, out.Order.Version); err != nil {
			return err
		}
		var events []tracking.EventInput
		at := w.Now.Add(-time.Duration(len(d.journey)*4+1) * time.Hour)
		for _, st := range d.journey {
			at = at.Add(4 * time.Hour)
			ev := tracking.EventInput{EventKey: uuid.NewString(), WaybillNo: o.WaybillNo, Status: st, OccurredAt: at, Place: places[st], ScannedBy: "PDA-0231"}
			if st == tracking.Signed {
				ev.SignerName = "本人"
			}
			events = append(events, ev)
		}
		if len(events) > 0 {
			if _, err := w.Tracking.RecordEvents(ctx, events); err != nil {
				return err
			}
		}
	}
	return nil
}

func provinceOf(city string) string {
	if city == "杭州市" || city == "宁波市" {
		return "浙江省"
	}
	return "江苏省"
}
