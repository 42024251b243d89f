package identity

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
)

// revealActions are the audit actions that showed someone personal data in full.
var revealActions = []string{ActionOrderContactReveal, ActionStaffPhoneReveal}

// RevealFilter narrows the audit of reveals. Empty fields do not filter.
type RevealFilter struct {
	RevealedBy string // staff id: who revealed
	OrderID    string // whose record: an order (its consignor's or consignee's contact)
	StaffID    string // whose record: a staff member (their phone)
	From, To   *time.Time
}

// RevealPage is one page of reveals, newest first.
type RevealPage struct {
	Entries []*AuditEntry
	db.PageInfo
}

// revealsRoles are the roles that audit others' reveals: supervisors those in their
// depot, managers those in the depots under their unit, admins their organisation's.
var revealsRoles = OverseerRoles

// revealScope narrows a query over audit_entries to the reveals p may audit: their own,
// and those of records in the depots they oversee.
func revealScope(q *bun.SelectQuery, p *Principal, f RevealFilter) *bun.SelectQuery {
	cond, args := p.Reach().SQL("depot_id", revealsRoles...)
	q = q.Where("action IN (?)", bun.List(revealActions)).
		Where("(actor_id = ? OR "+cond+")", append([]any{p.ID}, args...)...)
	if f.RevealedBy != "" {
		q = q.Where("actor_id = ?", f.RevealedBy)
	}
	if f.OrderID != "" {
		q = q.Where("subject_type = 'Order' AND subject_id = ?", f.OrderID)
	}
	if f.StaffID != "" {
		q = q.Where("subject_type = 'Staff' AND subject_id = ?", f.StaffID)
	}
	if f.From != nil {
		q = q.Where("created_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where("created_at < ?", f.To.UTC())
	}
	return q
}

func (f RevealFilter) validate(op string) error {
	if f.From != nil && f.To != nil && !f.To.After(*f.From) {
		return apperr.Invalid(op, "to", "结束时间须晚于开始时间", "The end must be after the start")
	}
	return nil
}

// ContactReveals pages through the audit of personal-data reveals (a customer's full
// contact on an order, a colleague's full phone), newest first: who revealed, whose
// record, why, when and in which request. Staff who may reveal: everyone sees the
// reveals they made; supervisors also those of their depot's records, managers those of
// the depots under the unit they run, admins their organisation's. Reading the audit
// shows no personal data. UNAUTHENTICATED, FORBIDDEN for partners and verifiers;
// BAD_USER_INPUT for a reversed period.
func (s *Service) ContactReveals(ctx context.Context, f RevealFilter, args db.PageArgs) (*RevealPage, error) {
	const op = "identity.ContactReveals"
	p, err := auditor(ctx, op)
	if err != nil {
		return nil, err
	}
	if err := f.validate(op); err != nil {
		return nil, err
	}
	page := &RevealPage{}
	page.Entries, page.PageInfo, err = db.KeysetPage[AuditEntry](ctx, s.DB.R,
		func(q *bun.SelectQuery) *bun.SelectQuery { return revealScope(q, p, f) }, args, true)
	return page, apperr.Wrap(op, err)
}

func auditor(ctx context.Context, op string) (*Principal, error) {
	p, err := RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !p.HasAnyRole(StaffRoles...) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	return p, nil
}

// RecordAudit writes an audit entry in idb: the transaction of the sensitive read or
// change it records, whichever capability runs it, so that the entry and the act commit
// together.
func RecordAudit(ctx context.Context, idb bun.IDB, e *AuditEntry) error {
	_, err := idb.NewInsert().Model(e).Exec(ctx)
	return err
}

// RevealsCSVLimit bounds one CSV export; narrow the period beyond it.
const RevealsCSVLimit = 10000

// ContactRevealsCSV exports the reveals ContactReveals would list (at most
// RevealsCSVLimit, newest first) as CSV in UTF-8 with a byte-order mark, so that Excel
// opens the Chinese headers correctly; times are in zone. Same callers and codes.
func (s *Service) ContactRevealsCSV(ctx context.Context, f RevealFilter, zone *time.Location) (string, error) {
	const op = "identity.ContactRevealsCSV"
	p, err := auditor(ctx, op)
	if err != nil {
		return "", err
	}
	if err := f.validate(op); err != nil {
		return "", err
	}
	var entries []*AuditEntry
	if err := revealScope(s.DB.R.NewSelect().Model(&entries), p, f).OrderExpr("id DESC").Limit(RevealsCSVLimit).Scan(ctx); err != nil {
		return "", apperr.Wrap(op, err)
	}
	people, waybills := map[string]*Staff{}, map[string]string{}
	var staffIDs, orderIDs []string
	for _, e := range entries {
		staffIDs = append(staffIDs, e.ActorID)
		if e.SubjectType == "Staff" {
			staffIDs = append(staffIDs, e.SubjectID)
		} else {
			orderIDs = append(orderIDs, e.SubjectID)
		}
	}
	if len(staffIDs) > 0 {
		var st []*Staff
		if err := s.DB.R.NewSelect().Model(&st).Column("id", "employee_no", "name").Where("id IN (?)", bun.List(staffIDs)).Scan(ctx); err != nil {
			return "", apperr.Wrap(op, err)
		}
		for _, x := range st {
			people[x.ID] = x
		}
	}
	if len(orderIDs) > 0 {
		if s.Waybills == nil {
			return "", apperr.Wrap(op, errors.New("identity: Waybills is not set, so revealed orders cannot be named"))
		}
		if waybills, err = s.Waybills(ctx, s.DB.R, orderIDs); err != nil {
			return "", apperr.Wrap(op, err)
		}
	}
	who := func(id string) (string, string) {
		if st := people[id]; st != nil {
			return st.EmployeeNo, st.Name
		}
		return "", ""
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"时间 Time", "查看人工号 Revealed by (no.)", "查看人 Revealed by", "类型 Kind", "记录 Record",
		"一方 Party", "原因 Reason", "请求编号 Request id"})
	for _, e := range entries {
		no, name := who(e.ActorID)
		kind, record := "订单联系人 Order contact", waybills[e.SubjectID]
		if e.SubjectType == "Staff" {
			sno, sname := who(e.SubjectID)
			kind, record = "员工电话 Staff phone", strings.TrimSpace(sno+" "+sname)
		}
		_ = w.Write([]string{e.CreatedAt.In(zone).Format("2006-01-02 15:04:05"), no, name, kind, record, e.Party,
			csvSafe(e.Reason), e.RequestID})
	}
	w.Flush()
	return buf.String(), apperr.Wrap(op, w.Error())
}

// csvSafe keeps a free-text cell from being read as a formula by a spreadsheet.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
