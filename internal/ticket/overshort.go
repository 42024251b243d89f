package ticket

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
	freetext "github.com/expresscs/cs/internal/text"
)

// OverShortInput is an over- or short-goods report as the counter writes it after
// opening, inspecting, photographing and resealing the goods with the site manager.
type OverShortInput struct {
	Kind                OverShortKind
	TicketID            string // optional: the ticket it came from
	WaybillNo           string // optional
	GoodsName           string
	Counter             string // the counter (窗口) where the goods are kept
	ClearingDate        string // YYYY-MM-DD, the date marked on the goods
	Description         string
	PhotoIDs            []string // media.Photo ids the reporter uploaded
	ResponsibleBranchID string   // optional: the branch company responsible; the reporter's branch by default
	// Witnesses are who was present at the opening (the handbook asks for the site manager
	// and warehouse staff): colleagues by staff id, or others by name.
	Witnesses []Witness
}

// Witness is one person present when the goods were opened: a colleague (StaffID; their
// name is recorded as it was then) or someone named in free text.
type Witness struct {
	StaffID string `json:"staffId,omitempty"`
	Name    string `json:"name"`
}

// maxWitnesses bounds the list; an opening has a handful of people present.
const maxWitnesses = 10

// Witnesses returns the people present at the opening, as recorded.
func (r *OverShortReport) Witnesses() []Witness {
	out := []Witness{}
	_ = json.Unmarshal([]byte(r.WitnessesJSON), &out)
	return out
}

// witnesses checks the witnesses: each a colleague of the reporter's organisation or a
// name (internal/text); it returns them with colleagues' names filled in.
func witnesses(ctx context.Context, tx bun.IDB, op string, p *identity.Principal, in []Witness) ([]Witness, error) {
	if len(in) > maxWitnesses {
		return nil, apperr.Invalid(op, "witnesses", "在场人员最多 10 人", "At most 10 people present")
	}
	out := make([]Witness, 0, len(in))
	for _, w := range in {
		switch {
		case w.StaffID != "" && w.Name != "":
			return nil, apperr.Invalid(op, "witnesses", "在场人员请选同事或填写姓名,二选一", "Give a colleague or a name for each person present, not both")
		case w.StaffID != "":
			st, err := identity.StaffByID(ctx, tx, w.StaffID)
			if err != nil || !p.Reach().InOrg(st.DepotID) {
				return nil, apperr.Invalid(op, "witnesses.staffId", "在场同事不存在", "No such colleague")
			}
			out = append(out, Witness{StaffID: st.ID, Name: st.Name})
		default:
			name, err := (freetext.Rule{Field: "witnesses.name", Max: freetext.NameMax}).Clean(op, w.Name)
			if err != nil {
				return nil, err
			}
			out = append(out, Witness{Name: name})
		}
	}
	return out, nil
}

// PhotoIDs returns the ids of the report's photos.
func (r *OverShortReport) PhotoIDs() []string {
	var out []string
	_ = json.Unmarshal([]byte(r.PhotoRefsJSON), &out)
	if out == nil {
		out = []string{}
	}
	return out
}

// reportRoles are the roles through which over/short reports are read: the group
// verifier reaches the whole organisation's register, managers the depots under their
// unit, admins their organisation, agents and supervisors their depot.
var reportRoles = []identity.Role{identity.RoleAgent, identity.RoleSupervisor, identity.RoleVerifier, identity.RoleManager, identity.RoleAdmin}

// ReportOverShort sends an over/short-goods report to the group verifier. Agents and
// supervisors at their depot (FORBIDDEN otherwise). At least one photo is required, each
// one the reporter uploaded (NOT_FOUND otherwise, and nothing is written); the goods name,
// counter and clearing date are required (BAD_USER_INPUT). A retry with the same key
// returns the first report.
func (s *Service) ReportOverShort(ctx context.Context, key string, in OverShortInput) (*OverShortReport, bool, error) {
	const op = "ticket.ReportOverShort"
	p, err := identity.RequireStaffWithAnyRole(ctx, op, overShortRoles...) // Actions: REPORT_OVER_SHORT
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if in.Kind != Over && in.Kind != Short {
		return nil, false, apperr.Invalid(op, "kind", "请选择多货或少货", "Choose over or short goods")
	}
	if err := text(op, "goodsName", &in.GoodsName, 1, 100, "请填写货物名称", "Give the goods name"); err != nil {
		return nil, false, err
	}
	if err := text(op, "counter", &in.Counter, 1, 50, "请填写存放窗口", "Give the counter"); err != nil {
		return nil, false, err
	}
	if _, err := time.Parse("2006-01-02", in.ClearingDate); err != nil {
		return nil, false, apperr.Invalid(op, "clearingDate", "清仓日期格式应为 YYYY-MM-DD", "The clearing date is YYYY-MM-DD")
	}
	if err := text(op, "description", &in.Description, 0, 1000, "说明最多 1000 字", "The description is at most 1,000 characters"); err != nil {
		return nil, false, err
	}
	if len(in.PhotoIDs) == 0 {
		return nil, false, apperr.Invalid(op, "photoRefs", "须拍照上传开箱查验照片", "Photos of the inspection are required")
	}
	if err := checkPhotos(op, in.PhotoIDs); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var r *OverShortReport
	var replayed bool
	r, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint(in), now, func(ctx context.Context, tx bun.Tx) (*OverShortReport, error) {
		org, err := identity.OrgOf(ctx, tx, p.DepotID)
		if err != nil {
			return nil, err
		}
		tree, err := identity.TreeOf(ctx, tx)
		if err != nil {
			return nil, err
		}
		branch := in.ResponsibleBranchID
		if branch == "" {
			if branch = tree.AncestorOfKind(p.DepotID, identity.KindBranch); branch == "" {
				return nil, apperr.E(op, apperr.NotFound)
			}
		} else if u := tree.Unit(branch); u == nil || u.Kind != identity.KindBranch || tree.OrgOf(branch) != org {
			return nil, apperr.Invalid(op, "responsibleBranchId", "责任分公司不存在", "No such branch company")
		}
		var ticketID *string
		if in.TicketID != "" {
			t, err := s.lockTicket(ctx, tx, op, in.TicketID)
			if err != nil || !CanSee(p, t) {
				return nil, apperr.E(op, apperr.NotFound)
			}
			if !reportsOverShort(p, t) { // Actions: REPORT_OVER_SHORT
				return nil, apperr.Invalid(op, "ticketId", "只能从多货或少货异常工单登记", "Report only from an over- or short-goods exception ticket")
			}
			ticketID = &t.ID
		}
		photoIDs, err := attach(ctx, tx, p, in.PhotoIDs)
		if err != nil {
			return nil, err
		}
		present, err := witnesses(ctx, tx, op, p, in.Witnesses)
		if err != nil {
			return nil, err
		}
		photos, _ := json.Marshal(photoIDs)
		seen, _ := json.Marshal(present)
		r := &OverShortReport{ID: newID(), OrgID: org, DepotID: p.DepotID, TicketID: ticketID, Kind: in.Kind,
			WaybillNo: in.WaybillNo, GoodsName: in.GoodsName, Counter: in.Counter, ClearingDate: in.ClearingDate,
			Description: in.Description, PhotoRefsJSON: string(photos), WitnessesJSON: string(seen), ResponsibleBranchID: branch, Status: ReviewPending,
			ReportedBy: p.ID, Version: 1, CreatedAt: now}
		_, err = tx.NewInsert().Model(r).Exec(ctx)
		return r, err
	})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return r, replayed, nil
}

// ReviewOverShort approves or rejects a pending report with a comment. Verifiers only
// (FORBIDDEN); BAD_USER_INPUT without a comment, CONFLICT for a stale version (two
// verifiers at once: one wins), OVER_SHORT_ALREADY_REVIEWED when it was decided already.
func (s *Service) ReviewOverShort(ctx context.Context, key, reportID string, version int, d roster.Decision, comment string) (*OverShortReport, bool, error) {
	const op = "ticket.ReviewOverShort"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if !p.HasRole(identity.RoleVerifier) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if d != roster.Approve && d != roster.Reject {
		return nil, false, apperr.Invalid(op, "decision", "请选择同意或驳回", "Choose approve or reject")
	}
	if err := text(op, "comment", &comment, 2, 500, "请填写审核意见(2 到 500 字)", "Write a review comment (2 to 500 characters)"); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	var r *OverShortReport
	var replayed bool
	r, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{reportID, version, d, comment}), now,
		func(ctx context.Context, tx bun.Tx) (*OverShortReport, error) {
			r := new(OverShortReport)
			if err := tx.NewSelect().Model(r).Where("id = ?", reportID).Scan(ctx); err != nil || !p.Reach().Covers(r.DepotID, identity.RoleVerifier) {
				if err == nil || errors.Is(err, sql.ErrNoRows) {
					return nil, apperr.E(op, apperr.NotFound)
				}
				return nil, err
			}
			if r.Version != version {
				return nil, apperr.E(op, apperr.Conflict).With("currentVersion", r.Version)
			}
			if r.Status != ReviewPending {
				return nil, apperr.E(op, apperr.OverShortAlreadyReviewed)
			}
			r.Status = ReviewApproved
			if d == roster.Reject {
				r.Status = ReviewRejected
			}
			r.ReviewedBy, r.ReviewComment, r.ReviewedAt, r.Version = &p.ID, comment, &now, version+1
			return r, db.WriteOne(ctx, tx.NewUpdate().Model(r).WherePK().Where("version = ?", version), apperr.E(op, apperr.Conflict))
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return r, replayed, nil
}

// reportScope narrows over/short reports to the depots p reaches (see reportRoles).
func reportScope(q *bun.SelectQuery, p *identity.Principal) *bun.SelectQuery {
	return p.Reach().Filter(q, "depot_id", reportRoles...)
}

func reportViewer(ctx context.Context, op string) (*identity.Principal, error) {
	p, err := identity.RequireStaffWithAnyRole(ctx, op, reportRoles...)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// OverShortQueue lists the reports waiting for review, oldest first: the verifier's
// queue. The group verifier and admins see the organisation's, managers the depots under
// their unit, agents and supervisors their depot's.
func (s *Service) OverShortQueue(ctx context.Context) ([]*OverShortReport, error) {
	const op = "ticket.OverShortQueue"
	p, err := reportViewer(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*OverShortReport
	err = reportScope(s.DB.R.NewSelect().Model(&out).Where("status = ?", ReviewPending), p).
		OrderExpr("created_at").Limit(500).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// OverShortRegister is the monthly over/short-goods register (多货少货登记): every report
// whose clearing date falls in the month (YYYY-MM), with its status and responsible
// branch, for the reward/penalty decision. Same visibility as OverShortQueue.
func (s *Service) OverShortRegister(ctx context.Context, month string) ([]*OverShortReport, error) {
	const op = "ticket.OverShortRegister"
	p, err := reportViewer(ctx, op)
	if err != nil {
		return nil, err
	}
	start, err := time.Parse("2006-01", month)
	if err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	end := start.AddDate(0, 1, 0)
	var out []*OverShortReport
	err = reportScope(s.DB.R.NewSelect().Model(&out).
		Where("clearing_date >= ? AND clearing_date < ?", start.Format("2006-01-02"), end.Format("2006-01-02")), p).
		OrderExpr("clearing_date, created_at").Limit(5000).Scan(ctx)
	return out, apperr.Wrap(op, err)
}

// OverShortByIDs loads the visible reports among ids (for node look-ups).
func (s *Service) OverShortByIDs(ctx context.Context, ids []string) ([]*OverShortReport, error) {
	const op = "ticket.OverShortByIDs"
	p, err := reportViewer(ctx, op)
	if err != nil {
		return nil, nil
	}
	var out []*OverShortReport
	err = reportScope(s.DB.R.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)), p).Scan(ctx)
	return out, apperr.Wrap(op, err)
}
