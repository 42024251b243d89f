package checklist

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/roster"
)

// ScoreSheets returns the month's score sheet of every active staff member of a depot,
// by employee number: the stored sheet when signed off, computed from checks, actions
// and attendance otherwise. The depot's supervisor, managers and admins (FORBIDDEN);
// BAD_USER_INPUT for a bad month.
func (s *Service) ScoreSheets(ctx context.Context, depotID, month string) ([]*ScoreSheet, error) {
	const op = "checklist.ScoreSheets"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	if !managesDepot(p, depotID) {
		return nil, apperr.E(op, apperr.Forbidden)
	}
	staff, err := identity.ActiveStaffOf(ctx, s.DB.R, depotID)
	if err != nil {
		return nil, apperr.Wrap(op, err)
	}
	return s.sheets(ctx, s.DB.R, op, depotID, month, staff)
}

// MyScoreSheet returns the caller's own sheet for a month. Staff only; BAD_USER_INPUT.
func (s *Service) MyScoreSheet(ctx context.Context, month string) (*ScoreSheet, error) {
	const op = "checklist.MyScoreSheet"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, err
	}
	st, err := s.staff(ctx, s.DB.R, op, p.ID)
	if err != nil {
		return nil, err
	}
	out, err := s.sheets(ctx, s.DB.R, op, st.DepotID, month, []*identity.Staff{st})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// sheets computes the sheets of staff (all of depotID) in a fixed number of queries:
// a blank sheet per person, the signed-off ones read as stored, then the month's facts
// of everyone else gathered and counted into their sheets.
func (s *Service) sheets(ctx context.Context, idb bun.IDB, op, depotID, month string, staff []*identity.Staff) ([]*ScoreSheet, error) {
	if _, err := time.Parse(monthLayout, month); err != nil {
		return nil, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	out, live := blankSheets(depotID, month, staff)
	if err := readSigned(ctx, idb, op, month, live); err != nil {
		return nil, err
	}
	if len(live) == 0 {
		return out, nil
	}
	f, err := s.monthFacts(ctx, idb, op, depotID, month, live)
	if err != nil {
		return nil, err
	}
	f.count(live, s.Now())
	return out, nil
}

// blankSheets returns one empty sheet per person in staff's order, and the same sheets
// by staff id: the ones still to be filled.
func blankSheets(depotID, month string, staff []*identity.Staff) ([]*ScoreSheet, map[string]*ScoreSheet) {
	out := make([]*ScoreSheet, len(staff))
	live := make(map[string]*ScoreSheet, len(staff))
	for i, st := range staff {
		out[i] = &ScoreSheet{StaffID: st.ID, DepotID: depotID, Month: month}
		live[st.ID] = out[i]
	}
	return out, live
}

// readSigned copies each signed-off sheet of the month over its blank one and takes it
// out of live: a signed-off sheet is frozen, read as stored, and no live count is added
// to it.
func readSigned(ctx context.Context, idb bun.IDB, op, month string, live map[string]*ScoreSheet) error {
	if len(live) == 0 {
		return nil
	}
	var signed []*ScoreSheet
	if err := idb.NewSelect().Model(&signed).Where("staff_id IN (?) AND month = ?", bun.List(sheetOwners(live)), month).Scan(ctx); err != nil {
		return apperr.Wrap(op, err)
	}
	for _, sh := range signed {
		*live[sh.StaffID] = *sh
		delete(live, sh.StaffID)
	}
	return nil
}

func sheetOwners(live map[string]*ScoreSheet) []string {
	ids := make([]string, 0, len(live))
	for id := range live {
		ids = append(ids, id)
	}
	return ids
}

// sheetFacts is what a month's live sheets are counted from.
type sheetFacts struct {
	checks    []*Check
	failed    map[string]int // failed check items by subject
	actions   []*CorrectiveAction
	shifts    []*roster.AttendanceRecord
	duty      []*roster.Duty
	tickets   bool // whether the ticket figures below were gathered
	complaint map[string]int
	overGoods map[string]int
}

// monthFacts gathers, for the people in live, the month's checks, failed items,
// corrective actions, attendance and ticket record: one query each.
func (s *Service) monthFacts(ctx context.Context, idb bun.IDB, op, depotID, month string, live map[string]*ScoreSheet) (*sheetFacts, error) {
	ids := sheetOwners(live)
	f := &sheetFacts{failed: map[string]int{}}
	if err := idb.NewSelect().Model(&f.checks).Where("subject_id IN (?) AND month = ?", bun.List(ids), month).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var failed []struct {
		SubjectID string `bun:"subject_id"`
		N         int    `bun:"n"`
	}
	if err := idb.NewSelect().TableExpr("checklist_check_items AS ci").Join("JOIN checklist_checks AS c ON c.id = ci.check_id").
		ColumnExpr("c.subject_id, COUNT(*) AS n").Where("c.subject_id IN (?) AND c.month = ? AND ci.passed = ?", bun.List(ids), month, false).
		GroupExpr("c.subject_id").Scan(ctx, &failed); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	for _, r := range failed {
		f.failed[r.SubjectID] = r.N
	}
	if err := idb.NewSelect().Model(&f.actions).Where("subject_id IN (?) AND month = ?", bun.List(ids), month).Scan(ctx); err != nil {
		return nil, apperr.Wrap(op, err)
	}
	var err error
	if f.shifts, err = s.Roster.AttendanceOfStaff(ctx, depotID, ids, month); err != nil {
		return nil, err
	}
	as := make([]*roster.Assignment, len(f.shifts))
	for i, r := range f.shifts {
		as[i] = r.Assignment
	}
	if f.duty, err = s.Roster.DutyOf(ctx, depotID, as); err != nil {
		return nil, err
	}
	if s.Tickets != nil {
		f.tickets = true
		if f.complaint, f.overGoods, err = s.Tickets.MonthlyRecord(ctx, ids, month); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// count fills the live sheets from the facts: checks and their average score, failed
// items, corrective actions, the ticket record, per rostered shift lateness, early
// leaving, missing clock-ins and self-checks missed for shifts that have ended by now,
// and the month's nights, weekend rest days and holidays on duty.
func (f *sheetFacts) count(live map[string]*ScoreSheet, now time.Time) {
	for _, sh := range live {
		sh.NightShifts, sh.WeekendShifts, sh.HolidayShifts = new(int), new(int), new(int)
	}
	for _, d := range f.duty {
		if sh := live[d.StaffID]; sh != nil {
			*sh.NightShifts += d.Nights
			*sh.WeekendShifts += d.Weekends
			*sh.HolidayShifts += d.Holidays
		}
	}
	sums := map[string]int{}
	selfChecked := map[string]bool{}
	for _, c := range f.checks {
		if sh := live[c.SubjectID]; sh != nil && c.Status == CheckCompleted && c.Score != nil {
			sh.ChecksCompleted++
			sums[c.SubjectID] += *c.Score
			if c.Type == SelfCheck {
				selfChecked[c.AssignmentID] = true
			}
		}
	}
	for _, a := range f.actions {
		sh := live[a.SubjectID]
		if sh == nil {
			continue
		}
		sh.ActionsRaised++
		if a.Status == ActionOpen {
			sh.ActionsOpen++
		} else {
			sh.ActionsClosed++
		}
	}
	for _, r := range f.shifts {
		sh := live[r.Assignment.StaffID]
		if sh == nil {
			continue
		}
		sh.ShiftsRostered++
		if r.LateMinutes > 0 {
			sh.LateCount++
			sh.LateMinutes += r.LateMinutes
		}
		if r.EarlyLeaveMinutes > 0 {
			sh.EarlyLeaveCount++
		}
		if r.Missing {
			sh.MissingClockIns++
		}
		if now.After(r.Assignment.EndsAt) && !selfChecked[r.Assignment.ID] {
			sh.SelfChecksMissed++
		}
	}
	for id, sh := range live {
		sh.ItemsFailed = f.failed[id]
		if f.tickets {
			sh.ComplaintsResponsible, sh.OverGoodsApproved = f.complaint[id], f.overGoods[id]
		}
		if sh.ChecksCompleted > 0 {
			avg := (sums[id]*10/sh.ChecksCompleted + 5) / 10
			sh.AverageScore = &avg
		}
	}
}

// SignOffScoreSheet freezes a person's sheet for a month that is over: its figures are
// stored and nothing that feeds them may change afterwards (SCORE_SHEET_SIGNED_OFF,
// also when it is already signed off). Their depot's supervisor, managers and admins
// (FORBIDDEN); NOT_FOUND; BAD_USER_INPUT for a month not over yet;
// IDEMPOTENCY_KEY_REUSED.
func (s *Service) SignOffScoreSheet(ctx context.Context, key, staffID, month, comment string) (*ScoreSheet, bool, error) {
	const op = "checklist.SignOffScoreSheet"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	m, err := time.ParseInLocation(monthLayout, month, s.Zone)
	if err != nil {
		return nil, false, apperr.Invalid(op, "month", "月份格式应为 YYYY-MM", "Months are YYYY-MM")
	}
	now := s.Now().UTC()
	if now.Before(m.AddDate(0, 1, 0)) {
		return nil, false, apperr.Invalid(op, "month", "该月尚未结束,不能签核", "The month is not over yet; it cannot be signed off")
	}
	if comment, err = signOffComment.Clean(op, comment); err != nil {
		return nil, false, err
	}
	st, err := s.staff(ctx, s.DB.R, op, staffID)
	if err != nil {
		return nil, false, err
	}
	if !managesDepot(p, st.DepotID) {
		return nil, false, apperr.E(op, apperr.Forbidden)
	}
	if err := s.Roster.PrepareDepot(ctx, st.DepotID); err != nil {
		return nil, false, err
	}
	var sh *ScoreSheet
	var replayed bool
	sh, replayed, err = idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]string{staffID, month, comment}), now,
		func(ctx context.Context, tx bun.Tx) (*ScoreSheet, error) {
			if err := signedOff(ctx, tx, op, st.ID, month); err != nil {
				return nil, err
			}
			sheets, err := s.sheets(ctx, tx, op, st.DepotID, month, []*identity.Staff{st})
			if err != nil {
				return nil, err
			}
			sh := sheets[0]
			sh.ID, sh.Comment, sh.SignedOffBy, sh.SignedOffAt = newID(), comment, &p.ID, &now
			_, err = tx.NewInsert().Model(sh).Exec(ctx)
			return sh, err
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return sh, replayed, nil
}

// ScoreSheetCSV exports a depot's sheets for a month as CSV in UTF-8 with a byte-order
// mark, so that Excel opens the Chinese headers and names correctly. Same callers and
// codes as ScoreSheets.
func (s *Service) ScoreSheetCSV(ctx context.Context, depotID, month string) (string, error) {
	sheets, err := s.ScoreSheets(ctx, depotID, month)
	if err != nil {
		return "", err
	}
	staff, err := identity.ActiveStaffOf(ctx, s.DB.R, depotID)
	if err != nil {
		return "", apperr.Wrap("checklist.ScoreSheetCSV", err)
	}
	names := map[string]*identity.Staff{}
	for _, st := range staff {
		names[st.ID] = st
	}
	// A sheet may be signed by someone outside the depot (a manager, an admin): their
	// names are looked up too, so every signed row says who signed it.
	var signers []string
	for _, sh := range sheets {
		if sh.SignedOff() && names[*sh.SignedOffBy] == nil {
			signers = append(signers, *sh.SignedOffBy)
		}
	}
	if len(signers) > 0 {
		outside, err := identity.StaffWithIDs(ctx, s.DB.R, signers)
		if err != nil {
			return "", apperr.Wrap("checklist.ScoreSheetCSV", err)
		}
		for _, st := range outside {
			names[st.ID] = st
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"工号 Employee no.", "姓名 Name", "月份 Month", "排班 Shifts", "完成检查 Checks completed",
		"漏做自查 Self-checks missed", "平均得分 Average score", "不合格项 Items failed", "迟到次数 Late", "迟到分钟 Late minutes",
		"早退次数 Early leave", "缺卡 Missing clock-ins", "整改 Actions raised", "未完成整改 Actions open", "已完成整改 Actions closed",
		"负责投诉 Complaints responsible", "多货上报获批 Over-goods approved",
		"夜班 Night shifts", "周末班 Weekend shifts", "节假日班 Holiday shifts",
		"签核 Signed off", "签核时间 Signed off at", "评语 Comment"})
	for _, sh := range sheets {
		st := names[sh.StaffID]
		avg, signed, at := "", "否 No", ""
		if sh.AverageScore != nil {
			avg = strconv.Itoa(*sh.AverageScore)
		}
		if sh.SignedOff() {
			signed = "是 Yes"
			if by := names[*sh.SignedOffBy]; by != nil {
				signed += " (" + by.Name + ")"
			}
			at = sh.SignedOffAt.In(s.Zone).Format("2006-01-02 15:04")
		}
		_ = w.Write([]string{st.EmployeeNo, st.Name, sh.Month, itoa(sh.ShiftsRostered), itoa(sh.ChecksCompleted),
			itoa(sh.SelfChecksMissed), avg, itoa(sh.ItemsFailed), itoa(sh.LateCount), itoa(sh.LateMinutes),
			itoa(sh.EarlyLeaveCount), itoa(sh.MissingClockIns), itoa(sh.ActionsRaised), itoa(sh.ActionsOpen),
			itoa(sh.ActionsClosed), itoa(sh.ComplaintsResponsible), itoa(sh.OverGoodsApproved),
			optItoa(sh.NightShifts), optItoa(sh.WeekendShifts), optItoa(sh.HolidayShifts), signed, at, csvSafe(sh.Comment)})
	}
	w.Flush()
	return buf.String(), apperr.Wrap("checklist.ScoreSheetCSV", w.Error())
}

func itoa(n int) string { return strconv.Itoa(n) }

// csvSafe keeps a free-text cell from being read as a formula by a spreadsheet.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// optItoa writes a count that may be unknown (nil) as an empty cell.
func optItoa(n *int) string {
	if n == nil {
		return ""
	}
	return itoa(*n)
}
