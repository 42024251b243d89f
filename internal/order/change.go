package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/text"
)

// ChangeKind is what the customer asks to change.
type ChangeKind string

// The kinds of change.
const (
	ChangeAddress ChangeKind = "ADDRESS" // the consignee's name, phone or address
	ChangeGoods   ChangeKind = "GOODS"
	ChangeCancel  ChangeKind = "CANCEL"
)

// ChangeAction is what a change does at the order's stage.
type ChangeAction string

// The actions. Address and goods changes: edit before printing, reprint the label once
// printed, retrieve and relabel the parcel once packed, hand over to after-sales once
// shipped. Cancellation: void before packing, retrieve and void once packed, after-sales
// recall once shipped.
const (
	ActEdit            ChangeAction = "EDIT"
	ActReprint         ChangeAction = "REPRINT"
	ActRetrieveRelabel ChangeAction = "RETRIEVE_RELABEL"
	ActAfterSales      ChangeAction = "AFTER_SALES"
	ActVoid            ChangeAction = "VOID"
	ActRetrieveVoid    ChangeAction = "RETRIEVE_VOID"
	// ActVoidPrinted cancels a printed order: the printed waybill and delivery slip are
	// got back first (打过单的要回发货单与快递单), with CancelPrinted.
	ActVoidPrinted ChangeAction = "VOID_PRINTED"
)

// What each action did, in the remark's words (客户要求…,已…).
var actionDone = map[ChangeAction]string{
	ActEdit:            "改单",
	ActReprint:         "改单并重新打印面单",
	ActRetrieveRelabel: "改单并通知仓库取回包裹重贴面单",
	ActAfterSales:      "转交售后处理",
	ActVoid:            "作废运单",
	ActRetrieveVoid:    "通知仓库取回包裹并作废运单",
	ActVoidPrinted:     "收回已打印的快递单和发货单并作废运单",
}

// Plan says what a change of kind does to o now, or why it is refused: ORDER_CANCELLED
// for a voided order, ORDER_DELIVERED once the parcel was signed for or returned (a
// return or exchange applies then).
func Plan(o *Order, kind ChangeKind) (ChangeAction, error) {
	const op = "order.Plan"
	if o.State == Cancelled {
		return "", apperr.E(op, apperr.OrderCancelled)
	}
	if o.IsDelivered() {
		return "", apperr.E(op, apperr.OrderDelivered)
	}
	if kind == ChangeCancel {
		switch o.Stage {
		case NotPrinted:
			return ActVoid, nil
		case Printed:
			return ActVoidPrinted, nil
		case Packed:
			return ActRetrieveVoid, nil
		default:
			return ActAfterSales, nil
		}
	}
	switch o.Stage {
	case NotPrinted:
		return ActEdit, nil
	case Printed:
		return ActReprint, nil
	case Packed:
		return ActRetrieveRelabel, nil
	default:
		return ActAfterSales, nil
	}
}

// ChangeOption is what the API tells a client before it offers a change.
type ChangeOption struct {
	Kind    ChangeKind
	Action  ChangeAction // empty when refused
	Refusal error        // why the change is refused, nil when allowed
}

// ChangeOptions lists, for each kind of change, what it would do now or why it is refused.
func ChangeOptions(o *Order) []ChangeOption {
	var out []ChangeOption
	for _, k := range []ChangeKind{ChangeAddress, ChangeGoods, ChangeCancel} {
		a, err := Plan(o, k)
		out = append(out, ChangeOption{Kind: k, Action: a, Refusal: err})
	}
	return out
}

// Outcome is the result of a write to an order: the order as it now stands, what was
// done, and the remark left.
type Outcome struct {
	Order  *Order       `json:"order"`
	Action ChangeAction `json:"action"`
	Remark string       `json:"remark"`
	Return *Return      `json:"return,omitempty"` // set by OpenReturn
	// AfterSalesTicketID is the ticket a shipped order's change or cancellation was
	// handed to (action AFTER_SALES).
	AfterSalesTicketID string `json:"afterSalesTicketId,omitempty"`
}

// AfterSalesRequest is a customer's change or cancellation of a shipped order, handed to
// after-sales: nothing changes on the order here, someone must recall or redirect the
// parcel, so it becomes a ticket with an owner and an SLA.
type AfterSalesRequest struct {
	Order   *Order     // the order as it stands
	Kind    ChangeKind // what the customer asked to change
	Request string     // the customer's request in the remark's words (客户要求…)
	ActorID string     // the staff member who took the request; the ticket's owner
}

// AfterSalesDesk opens the after-sales ticket of a request inside the change's
// transaction, so the change's history and the ticket commit together, and returns the
// ticket's id. The ticket capability is the desk (ticket.Service).
type AfterSalesDesk interface {
	OpenAfterSales(ctx context.Context, tx bun.Tx, req AfterSalesRequest) (string, error)
}

// handToAfterSales opens the after-sales ticket of a shipped order's change and records
// the history entry that links to it.
func (s *Service) handToAfterSales(ctx context.Context, w *write, kind ChangeKind, request string, hk HistoryKind,
	fields []string, before, after any) error {
	if s.AfterSales == nil {
		return apperr.Errorf("order: no after-sales desk configured")
	}
	id, err := s.AfterSales.OpenAfterSales(ctx, w.tx, AfterSalesRequest{Order: w.o, Kind: kind, Request: request, ActorID: w.actorID})
	if err != nil {
		return err
	}
	w.out.AfterSalesTicketID = id
	return addHistory(ctx, w.tx, &HistoryEntry{OrderID: w.o.ID, Kind: hk, Action: string(ActAfterSales), Remark: w.out.Remark,
		ChangedFields: strings.Join(fields, ","), ActorID: w.actorID, ActorName: w.actorName, TicketID: &id, CreatedAt: w.now}, before, after)
}

// write is the state a mutation works on inside its transaction.
type write struct {
	tx        bun.Tx
	o         *Order // to be saved when save is true
	before    Order
	actorID   string
	actorName string
	now       time.Time
	save      bool
	out       *Outcome
}

// history records an entry for the order being written.
func (w *write) history(ctx context.Context, kind HistoryKind, action, remark string, fields []string, before, after any) error {
	return addHistory(ctx, w.tx, &HistoryEntry{OrderID: w.o.ID, Kind: kind, Action: action, Remark: remark,
		ChangedFields: strings.Join(fields, ","), ActorID: w.actorID, ActorName: w.actorName, CreatedAt: w.now}, before, after)
}

// remark writes the fixed form 客户要求…,已… — date name.
func (w *write) remark(request string, a ChangeAction, zone *time.Location) string {
	return fmt.Sprintf("客户要求%s,已%s — %s %s", request, actionDone[a], w.now.In(zone).Format("2006-01-02"), w.actorName)
}

// mutate runs fn on the order under optimistic concurrency and an idempotency key: the
// caller must have seen expectedVersion (CONFLICT otherwise, also when another write wins
// the race), and a retry with the same key returns the first outcome.
func (s *Service) mutate(ctx context.Context, op, key, orderID string, expectedVersion int, fp any,
	fn func(ctx context.Context, w *write) error) (*Outcome, bool, error) {
	p, err := Actor(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var out *Outcome
	var replayed bool
	out, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{orderID, expectedVersion, fp}), now,
		func(ctx context.Context, tx bun.Tx) (*Outcome, error) {
			o := new(Order)
			if err := tx.NewSelect().Model(o).Where("id = ?", orderID).Scan(ctx); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return nil, apperr.E(op, apperr.NotFound)
				}
				return nil, err
			}
			if !CanAct(p, o) {
				return nil, apperr.E(op, apperr.NotFound)
			}
			if o.Version != expectedVersion {
				return nil, apperr.E(op, apperr.Conflict).With("currentVersion", o.Version)
			}
			name, err := staffName(ctx, tx, p.ID)
			if err != nil {
				return nil, err
			}
			w := &write{tx: tx, o: o, before: *o, actorID: p.ID, actorName: name, now: now, out: &Outcome{Order: o}}
			if err := fn(ctx, w); err != nil {
				return nil, err
			}
			if w.save {
				o.Version, o.UpdatedAt = expectedVersion+1, now
				if err := db.WriteOne(ctx, tx.NewUpdate().Model(o).WherePK().Where("version = ?", expectedVersion),
					apperr.E(op, apperr.Conflict)); err != nil {
					return nil, err
				}
			}
			return w.out, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return out, replayed, nil
}

// Verify records that the caller confirmed the given elements of a pending order with
// the customer (信息核实). Returns ORDER_ALREADY_RELEASED or ORDER_CANCELLED after
// those, BAD_USER_INPUT for no or unknown elements, CONFLICT for a stale version.
func (s *Service) Verify(ctx context.Context, key, orderID string, expectedVersion int, elements []Element, note string) (*Outcome, bool, error) {
	const op = "order.Verify"
	if len(elements) == 0 {
		return nil, false, apperr.Invalid(op, "elements", "请选择已核实的项目", "Choose the elements you verified")
	}
	for _, e := range elements {
		if !slices.Contains(Elements, e) {
			return nil, false, apperr.Invalid(op, "elements", "未知的核实项目: "+string(e), "Unknown element: "+string(e))
		}
	}
	note, err := verifyNote.Clean(op, note)
	if err != nil {
		return nil, false, err
	}
	return s.mutate(ctx, op, key, orderID, expectedVersion, []any{elements, note}, func(ctx context.Context, w *write) error {
		switch w.o.State {
		case Cancelled:
			return apperr.E(op, apperr.OrderCancelled)
		case Released:
			return apperr.E(op, apperr.OrderAlreadyReleased)
		}
		if w.o.GoodsFlag != "" && slices.Contains(elements, ElemGoods) && note == "" {
			return apperr.Invalid(op, "note", "物品含限寄物品("+w.o.GoodsFlag+"),核实物品时须注明查验情况",
				"The goods include a restricted item ("+w.o.GoodsFlag+"); say what you checked when verifying the goods")
		}
		for _, e := range elements {
			v := &Verification{OrderID: w.o.ID, Element: e, VerifiedBy: w.actorID, VerifiedAt: w.now, Note: note}
			if _, err := w.tx.NewInsert().Model(v).
				On("CONFLICT (order_id, element) DO UPDATE").
				Set("verified_by = EXCLUDED.verified_by, verified_at = EXCLUDED.verified_at, note = EXCLUDED.note").
				Exec(ctx); err != nil {
				return err
			}
		}
		fields := make([]string, len(elements))
		for i, e := range elements {
			fields[i] = string(e)
		}
		w.save = true
		return w.history(ctx, HistVerify, "VERIFY", "", fields, nil, nil)
	})
}

// Release hands a fully verified order to operations. Returns ORDER_NOT_VERIFIED with
// the missing elements (extensions.missing) when any element is unconfirmed,
// ORDER_ALREADY_RELEASED, ORDER_CANCELLED, CONFLICT for a stale version.
func (s *Service) Release(ctx context.Context, key, orderID string, expectedVersion int) (*Outcome, bool, error) {
	const op = "order.Release"
	return s.mutate(ctx, op, key, orderID, expectedVersion, nil, func(ctx context.Context, w *write) error {
		switch w.o.State {
		case Cancelled:
			return apperr.E(op, apperr.OrderCancelled)
		case Released:
			return apperr.E(op, apperr.OrderAlreadyReleased)
		}
		var done []Element
		if err := w.tx.NewSelect().Model((*Verification)(nil)).Column("element").Where("order_id = ?", w.o.ID).Scan(ctx, &done); err != nil {
			return err
		}
		var missing []string
		for _, e := range Elements {
			if !slices.Contains(done, e) {
				missing = append(missing, string(e))
			}
		}
		if len(missing) > 0 {
			return apperr.E(op, apperr.OrderNotVerified).With("missing", missing)
		}
		w.o.State, w.o.ReleasedAt = Released, &w.now
		w.save = true
		return w.history(ctx, HistRelease, "RELEASE", "", nil, nil, nil)
	})
}

// AdvanceStage records that the label was printed or the parcel packed. Stages move one
// step forward; SHIPPED comes from the pick-up scan. Returns ORDER_NOT_RELEASED before
// release, ORDER_CANCELLED, ORDER_STAGE_INVALID for a step back or a skip, CONFLICT.
func (s *Service) AdvanceStage(ctx context.Context, key, orderID string, expectedVersion int, stage Stage) (*Outcome, bool, error) {
	const op = "order.AdvanceStage"
	if stage != Printed && stage != Packed {
		return nil, false, apperr.E(op, apperr.OrderStageInvalid).
			Explain("只能登记已打单或已打包;发出由揽收扫描登记", "Only PRINTED or PACKED can be recorded; SHIPPED comes from the pick-up scan")
	}
	return s.mutate(ctx, op, key, orderID, expectedVersion, stage, func(ctx context.Context, w *write) error {
		switch {
		case w.o.State == Cancelled:
			return apperr.E(op, apperr.OrderCancelled)
		case w.o.State != Released:
			return apperr.E(op, apperr.OrderNotReleased)
		case stageRank[stage] != stageRank[w.o.Stage]+1:
			return apperr.E(op, apperr.OrderStageInvalid)
		}
		w.o.Stage = stage
		w.save = true
		return w.history(ctx, HistStage, string(stage), "", []string{"stage"}, w.before.Stage, stage)
	})
}

// applyChange carries out an address or goods change according to Plan. Edits apply
// the new data; after a label was printed (or the parcel packed) the stage goes back to
// NOT_PRINTED because a new label is due; once shipped nothing changes here and the
// request goes to after-sales. Before release, the changed elements must be verified
// again.
func (s *Service) applyChange(ctx context.Context, w *write, kind ChangeKind, request string, fields []string,
	reverify []Element, apply func(o *Order), before, after any) error {
	a, err := Plan(w.o, kind)
	if err != nil {
		return err
	}
	w.out.Action = a
	w.out.Remark = w.remark(request, a, s.Zone)
	hk := HistAddressChange
	if kind == ChangeGoods {
		hk = HistGoodsChange
	}
	if a == ActAfterSales {
		return s.handToAfterSales(ctx, w, kind, request, hk, fields, before, after)
	}
	apply(w.o)
	if a != ActEdit {
		w.o.Stage = NotPrinted
	}
	if w.o.State == PendingVerification {
		if _, err := w.tx.NewDelete().Model((*Verification)(nil)).
			Where("order_id = ? AND element IN (?)", w.o.ID, bun.List(reverify)).Exec(ctx); err != nil {
			return err
		}
	}
	w.save = true
	return w.history(ctx, hk, string(a), w.out.Remark, fields, before, after)
}

// ChangeAddress changes the consignee at the customer's request; what it does depends on
// the stage (see Plan) and the payload says which action applied. An empty phone keeps
// the current one. Returns BAD_USER_INPUT for a bad contact, ORDER_CANCELLED,
// ORDER_DELIVERED, CONFLICT for a stale version.
func (s *Service) ChangeAddress(ctx context.Context, key, orderID string, expectedVersion int, consignee Party) (*Outcome, bool, error) {
	const op = "order.ChangeAddress"
	// The phone is masked on screen: an empty one keeps the current number.
	keepPhone := strings.TrimFunc(consignee.Phone, unicode.IsSpace) == ""
	if !keepPhone {
		var err error
		if consignee, err = consignee.normalize(op, "consignee"); err != nil {
			return nil, false, err
		}
	}
	return s.mutate(ctx, op, key, orderID, expectedVersion, consignee, func(ctx context.Context, w *write) error {
		var fields []string
		old := w.o.Consignee
		consignee := consignee
		if keepPhone {
			consignee.Phone = old.Phone
			var err error
			if consignee, err = consignee.normalize(op, "consignee"); err != nil {
				return err
			}
		}
		if old.Name != consignee.Name {
			fields = append(fields, "consignee.name")
		}
		if old.Phone != consignee.Phone {
			fields = append(fields, "consignee.phone")
		}
		if old.FullAddress() != consignee.FullAddress() {
			fields = append(fields, "consignee.address")
		}
		if len(fields) == 0 {
			return apperr.Invalid(op, "consignee", "新的收件信息与原信息相同", "The new consignee details are the same as before")
		}
		// The remark is read by everyone who sees the order: the new address is masked as
		// contacts are (revealOrderContact shows it, audited).
		request := "修改收件信息,新地址为:" + consignee.AddressToDistrict() + " " + consignee.Name + " " + MaskPhone(consignee.Phone)
		return s.applyChange(ctx, w, ChangeAddress, request, fields, []Element{ElemConsignee, ElemDestination},
			func(o *Order) { o.Consignee = consignee }, old, consignee)
	})
}

// ChangeGoods changes the goods at the customer's request, by stage (see Plan). Returns
// BAD_USER_INPUT for bad goods, DANGEROUS_GOODS_REFUSED, ORDER_CANCELLED,
// ORDER_DELIVERED, CONFLICT.
func (s *Service) ChangeGoods(ctx context.Context, key, orderID string, expectedVersion int, in GoodsInput) (*Outcome, bool, error) {
	const op = "order.ChangeGoods"
	return s.mutate(ctx, op, key, orderID, expectedVersion, in, func(ctx context.Context, w *write) error {
		goods, err := s.normalizeGoods(op, in, w.o.Service)
		if err != nil {
			return err
		}
		old := w.o.Goods
		var fields []string
		if old.Name != goods.Name {
			fields = append(fields, "goods.name")
		}
		if old.Quantity != goods.Quantity {
			fields = append(fields, "goods.quantity")
		}
		if old.WeightGrams != goods.WeightGrams {
			fields = append(fields, "goods.weight")
		}
		if old.VolumeCm3 != goods.VolumeCm3 {
			fields = append(fields, "goods.volume")
		}
		if !equalPtr(old.DeclaredValueFen, goods.DeclaredValueFen) {
			fields = append(fields, "goods.declaredValue")
		}
		if len(fields) == 0 {
			return apperr.Invalid(op, "goods", "新的物品信息与原信息相同", "The new goods are the same as before")
		}
		flag, err := checkGoods(ctx, op, w.tx, w.o.DepotID, w.now, goods.Name)
		if err != nil {
			return err
		}
		request := fmt.Sprintf("修改物品为:%s %d 件 %.3f 千克 %.3f 方", goods.Name, goods.Quantity,
			float64(goods.WeightGrams)/1000, float64(goods.VolumeCm3)/1e6)
		return s.applyChange(ctx, w, ChangeGoods, request, fields, []Element{ElemGoods},
			func(o *Order) { o.Goods, o.GoodsFlag = goods, flag }, old, goods)
	})
}

// cancelReason is why the customer cancels; verifyNote what was checked.
var (
	cancelReason = text.Rule{Field: "reason", Max: 200}
	verifyNote   = text.Rule{Field: "note", Max: 200, Optional: true, Multiline: true}
)

func equalPtr(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// Cancel cancels the order at the customer's request, by stage: void before printing,
// retrieve and void once packed, after-sales recall once shipped (an after-sales ticket
// owned by the caller, linked from the history; see AfterSalesDesk). Returns BAD_USER_INPUT
// without a reason, ORDER_CANCELLED, ORDER_DELIVERED, CONFLICT.
func (s *Service) Cancel(ctx context.Context, key, orderID string, expectedVersion int, reason string) (*Outcome, bool, error) {
	const op = "order.Cancel"
	reason, err := cancelReason.Clean(op, reason)
	if err != nil {
		return nil, false, err
	}
	return s.mutate(ctx, op, key, orderID, expectedVersion, reason, func(ctx context.Context, w *write) error {
		a, err := Plan(w.o, ChangeCancel)
		if err != nil {
			return err
		}
		if a == ActVoidPrinted {
			return apperr.E(op, apperr.PrintedSlipsMustBeRetrieved).With("use", "cancelPrintedOrder")
		}
		w.out.Action = a
		request := "取消订单(原因:" + reason + ")"
		w.out.Remark = w.remark(request, a, s.Zone)
		if a == ActAfterSales {
			return s.handToAfterSales(ctx, w, ChangeCancel, request, HistCancel, []string{"state"}, w.before.State, w.o.State)
		}
		w.o.State = Cancelled
		w.save = true
		return w.history(ctx, HistCancel, string(a), w.out.Remark, []string{"state"}, w.before.State, w.o.State)
	})
}

// Retrieved is what the counter confirms it got back before cancelling a printed order.
type Retrieved struct {
	Waybill      bool // the printed waybill (快递单)
	DeliverySlip bool // the delivery slip (发货单)
}

// CancelPrinted cancels a printed order at the customer's request: the printed waybill
// and the delivery slip must be got back first (打过单的要回发货单与快递单), and the caller
// confirms both; the remark says so. Returns BAD_USER_INPUT without a reason,
// PRINTED_SLIPS_MUST_BE_RETRIEVED unless both are confirmed (extensions.missing:
// waybill, deliverySlip), ORDER_STAGE_INVALID for an order that is not at PRINTED (use
// cancelOrder), ORDER_CANCELLED, ORDER_DELIVERED, CONFLICT.
func (s *Service) CancelPrinted(ctx context.Context, key, orderID string, expectedVersion int, reason string, got Retrieved) (*Outcome, bool, error) {
	const op = "order.CancelPrinted"
	reason, err := cancelReason.Clean(op, reason)
	if err != nil {
		return nil, false, err
	}
	var missing []string
	if !got.Waybill {
		missing = append(missing, "waybill")
	}
	if !got.DeliverySlip {
		missing = append(missing, "deliverySlip")
	}
	if len(missing) > 0 {
		return nil, false, apperr.E(op, apperr.PrintedSlipsMustBeRetrieved).With("missing", missing)
	}
	return s.mutate(ctx, op, key, orderID, expectedVersion, []any{reason, got}, func(ctx context.Context, w *write) error {
		a, err := Plan(w.o, ChangeCancel)
		if err != nil {
			return err
		}
		if a != ActVoidPrinted {
			return apperr.E(op, apperr.OrderStageInvalid).With("action", string(a)).
				Explain("只有已打单的订单用此方式取消;请用取消订单", "Only a printed order is cancelled this way; use cancelOrder")
		}
		w.out.Action = a
		w.out.Remark = w.remark("取消订单(原因:"+reason+")", a, s.Zone)
		w.o.State = Cancelled
		w.save = true
		return w.history(ctx, HistCancel, string(a), w.out.Remark, []string{"state"}, w.before.State, w.o.State)
	})
}
