package identity

import (
	"context"

	"github.com/uptrace/bun"
)

// LoadRoles fills the roles of staff from their rows, in one statement.
func LoadRoles(ctx context.Context, idb bun.IDB, staff ...*Staff) error {
	if len(staff) == 0 {
		return nil
	}
	ids := make([]string, len(staff))
	for i, st := range staff {
		ids[i] = st.ID
	}
	by, err := rolesOf(ctx, idb, ids)
	if err != nil {
		return err
	}
	for _, st := range staff {
		st.setRoles(by[st.ID])
	}
	return nil
}

// RolesByStaff returns the roles of each of ids, in ids' order (for dataloaders).
func (s *Service) RolesByStaff(ctx context.Context, ids []string) ([][]Role, error) {
	by, err := rolesOf(ctx, s.DB.R, ids)
	if err != nil {
		return nil, err
	}
	out := make([][]Role, len(ids))
	for i, id := range ids {
		st := &Staff{ID: id}
		st.setRoles(by[id])
		out[i] = st.roles
	}
	return out, nil
}

func rolesOf(ctx context.Context, idb bun.IDB, ids []string) (map[string][]Role, error) {
	var rows []*StaffRole
	if err := idb.NewSelect().Model(&rows).Where("staff_id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	by := make(map[string][]Role, len(ids))
	for _, r := range rows {
		by[r.StaffID] = append(by[r.StaffID], r.Role)
	}
	return by, nil
}

// insertRoles stores st's roles as rows.
func insertRoles(ctx context.Context, idb bun.IDB, st *Staff) error {
	if len(st.roles) == 0 {
		return nil
	}
	rows := make([]*StaffRole, len(st.roles))
	for i, r := range st.roles {
		rows[i] = &StaffRole{StaffID: st.ID, Role: r}
	}
	_, err := idb.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// hasRoleSQL is the condition that the staff row whose id is idColumn holds role.
func hasRoleSQL(idColumn string, role Role) (string, any) {
	return "EXISTS (SELECT 1 FROM staff_roles AS sr WHERE sr.staff_id = " + idColumn + " AND sr.role = ?)", role
}

// ActiveStaffWithAnyRole loads the active staff member id when they hold one of roles,
// with their roles; nil when there is no such person (unknown, inactive or without the
// role). For "hand over / assign / delegate only to an active agent or supervisor".
func ActiveStaffWithAnyRole(ctx context.Context, idb bun.IDB, id string, roles ...Role) (*Staff, error) {
	var found []*Staff
	if err := idb.NewSelect().Model(&found).Where("id = ? AND active", id).Limit(1).Scan(ctx); err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, nil
	}
	if err := LoadRoles(ctx, idb, found[0]); err != nil {
		return nil, err
	}
	if !found[0].HasAnyRole(roles...) {
		return nil, nil
	}
	return found[0], nil
}

// ActiveOfDepotWithRole returns which of ids are active staff of depotID holding role.
func ActiveOfDepotWithRole(ctx context.Context, idb bun.IDB, depotID string, ids []string, role Role) ([]string, error) {
	out := []string{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, arg := hasRoleSQL("staff.id", role)
	err := idb.NewSelect().Model((*Staff)(nil)).Column("id").Where("id IN (?) AND depot_id = ? AND active", bun.List(ids), depotID).
		Where(cond, arg).OrderExpr("id").Scan(ctx, &out)
	return out, err
}

// NameOf returns a staff member's name (for remarks and messages that quote who acted).
func NameOf(ctx context.Context, idb bun.IDB, id string) (string, error) {
	var name string
	err := idb.NewSelect().Model((*Staff)(nil)).Column("name").Where("id = ?", id).Scan(ctx, &name)
	return name, err
}

// ActiveStaffOf lists a depot's active staff by employee number, roles not loaded.
func ActiveStaffOf(ctx context.Context, idb bun.IDB, depotID string) ([]*Staff, error) {
	out := []*Staff{}
	err := idb.NewSelect().Model(&out).Where("depot_id = ? AND active", depotID).OrderExpr("employee_no").Scan(ctx)
	return out, err
}

// StaffByID loads one staff member, active or not, without their roles; sql.ErrNoRows
// when there is none. It checks no caller: capabilities use it for the person a case
// names, then decide reach themselves.
func StaffByID(ctx context.Context, idb bun.IDB, id string) (*Staff, error) {
	st := new(Staff)
	if err := idb.NewSelect().Model(st).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, err
	}
	return st, nil
}

// StaffWithIDs loads the staff members ids, active or not, without their roles, in no
// particular order. Like StaffByID it checks no caller.
func StaffWithIDs(ctx context.Context, idb bun.IDB, ids []string) ([]*Staff, error) {
	out := []*Staff{}
	if len(ids) == 0 {
		return out, nil
	}
	err := idb.NewSelect().Model(&out).Where("id IN (?)", bun.List(ids)).Scan(ctx)
	return out, err
}

// LockStaff locks a staff member's row in tx (a write that changes nothing), so that
// another capability's writes about the same person (leave against their balance) run
// one after the other.
func LockStaff(ctx context.Context, tx bun.Tx, staffID string) error {
	_, err := tx.NewUpdate().Model((*Staff)(nil)).Set("version = version").Where("id = ?", staffID).Exec(ctx)
	return err
}

// ActiveStaffIDs is a subquery of the ids of active staff, for other capabilities'
// statements ("the ticket's assignee is still active") without naming identity's table.
func ActiveStaffIDs(idb bun.IDB) *bun.SelectQuery {
	return idb.NewSelect().Model((*Staff)(nil)).Column("id").Where("?TableAlias.active")
}

// DirectReports is a subquery of the ids of the staff whose superior is superiorID, for
// other capabilities' statements ("leave whose approver reports to me").
func DirectReports(idb bun.IDB, superiorID string) *bun.SelectQuery {
	return idb.NewSelect().Model((*Staff)(nil)).Column("id").Where("?TableAlias.superior_id = ?", superiorID)
}

// ReportsTo reports whether staffID's superior is superiorID.
func ReportsTo(ctx context.Context, idb bun.IDB, staffID, superiorID string) (bool, error) {
	return idb.NewSelect().Model((*Staff)(nil)).Where("id = ? AND superior_id = ?", staffID, superiorID).Exists(ctx)
}

// ActiveInDepot is a subquery of the ids of depotID's active staff, for other
// capabilities' statements ("copy only the shifts of people still in the depot").
func ActiveInDepot(idb bun.IDB, depotID string) *bun.SelectQuery {
	return ActiveStaffIDs(idb).Where("?TableAlias.depot_id = ?", depotID)
}

// ActiveStaffRows is a subquery of the active staff's id, depot_id and employee_no, for
// other capabilities' statements that list people (joined as a derived table, ordered by
// employee number).
func ActiveStaffRows(idb bun.IDB) *bun.SelectQuery {
	return idb.NewSelect().Model((*Staff)(nil)).Column("id", "depot_id", "employee_no").Where("?TableAlias.active")
}

// StaffIDsWhere is a subquery of the ids of staff matching cond (SQL over staff's columns,
// such as a Reach condition on depot_id), for other capabilities' statements.
func StaffIDsWhere(idb bun.IDB, cond string, args ...any) *bun.SelectQuery {
	return idb.NewSelect().Model((*Staff)(nil)).Column("id").Where(cond, args...)
}
