// Package demo loads a believable organisation into an empty database, so that a
// newcomer's `make run` has people to log in as: one group, one region, two branch
// companies, four depots and 21 staff across every role with a reporting chain, and one
// partner client (a merchant) for integrators to try the API with.
package demo

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/identity"
)

// Password is every demo account's password.
const Password = "Demo@2026"

// PartnerClientID is the demo partner's client id: a merchant whose parcels leave from
// its Shanghai warehouse through the Pudong depot (LoadWorkday gives it orders).
const PartnerClientID = "demo-mall"

// PartnerScopes are the demo partner's scopes: what a merchant's integration needs to
// read its orders and their tracking and to receive webhooks.
var PartnerScopes = []string{"orders:read", "tracking:read", "webhooks"}

// PartnerDepot is the code of the depot the demo partner is assigned to: its API orders
// go there.
const PartnerDepot = "SH-PD-01"

// Login is a demo account to print for the newcomer.
type Login struct {
	EmployeeNo string
	Name       string
	Role       identity.Role
	Depot      string
}

type person struct {
	no, name, phone string
	depot           string // depot code
	superior        string // employee number
	roles           []identity.Role
	manages         string // the code of the unit a manager runs
}

var depots = []struct{ branch, code, name string }{
	{"SH", "SH-PD-01", "上海浦东张江网点"},
	{"SH", "SH-XH-02", "上海徐汇漕河泾网点"},
	{"HZ", "HZ-XH-01", "杭州西湖文三路网点"},
	{"HZ", "HZ-BJ-02", "杭州滨江长河网点"},
}

const (
	ag = identity.RoleAgent
	sv = identity.RoleSupervisor
	mg = identity.RoleManager
	vf = identity.RoleVerifier
	ad = identity.RoleAdmin
)

// Ordered so that everyone's superior is created before them.
var people = []person{
	{"CS3000", "郑涛", "13801000000", "SH-PD-01", "", []identity.Role{mg}, "SD-EC"},
	{"CS9001", "杨洋", "13801009001", "SH-PD-01", "CS3000", []identity.Role{ad}, ""},
	{"CS4001", "陈静", "13801004001", "SH-PD-01", "CS3000", []identity.Role{vf}, ""},
	{"CS3001", "刘强", "13801003001", "SH-PD-01", "CS3000", []identity.Role{mg}, "SH"},
	{"CS3002", "孙丽", "13901003002", "HZ-XH-01", "CS3000", []identity.Role{mg}, "HZ"},
	{"CS2001", "王芳", "13801002001", "SH-PD-01", "CS3001", []identity.Role{sv, ag}, ""},
	{"CS2002", "赵磊", "13801002002", "SH-XH-02", "CS3001", []identity.Role{sv, ag}, ""},
	{"CS2003", "周敏", "13901002003", "HZ-XH-01", "CS3002", []identity.Role{sv, ag}, ""},
	{"CS2004", "吴昊", "13901002004", "HZ-BJ-02", "CS3002", []identity.Role{sv, ag}, ""},
	{"CS1001", "张伟", "13812341001", "SH-PD-01", "CS2001", []identity.Role{ag}, ""},
	{"CS1002", "李娜", "13812341002", "SH-PD-01", "CS2001", []identity.Role{ag}, ""},
	{"CS1003", "黄磊", "13812341003", "SH-PD-01", "CS2001", []identity.Role{ag}, ""},
	{"CS1004", "徐静", "13812341004", "SH-XH-02", "CS2002", []identity.Role{ag}, ""},
	{"CS1005", "马超", "13812341005", "SH-XH-02", "CS2002", []identity.Role{ag}, ""},
	{"CS1006", "朱琳", "13912341006", "HZ-XH-01", "CS2003", []identity.Role{ag}, ""},
	{"CS1007", "胡军", "13912341007", "HZ-XH-01", "CS2003", []identity.Role{ag}, ""},
	{"CS1008", "郭婷", "13912341008", "HZ-BJ-02", "CS2004", []identity.Role{ag}, ""},
	{"CS1009", "何勇", "13912341009", "HZ-BJ-02", "CS2004", []identity.Role{ag}, ""},
	{"CS1010", "林霞", "13812341010", "SH-XH-02", "CS2002", []identity.Role{ag}, ""},
	{"CS1011", "罗斌", "13912341011", "HZ-BJ-02", "CS2004", []identity.Role{ag}, ""},
	{"CS1012", "梁雪", "13812341012", "SH-PD-01", "CS2001", []identity.Role{ag}, ""},
}

// workStarts are the days the demo staff started working, so that their annual leave
// spreads over the statutory tiers in 2026: CS1010 and CS1011 under a year (none),
// most agents a few years (5 days), the supervisors around 12 years (10 days), the
// senior manager, CS1012 and CS1002 over 20 years (15 days).
var workStarts = map[string]string{
	"CS3000": "2003-07-01", "CS9001": "2014-03-01", "CS4001": "2016-09-01", "CS3001": "2011-08-15", "CS3002": "2009-04-01",
	"CS2001": "2014-07-01", "CS2002": "2013-03-11", "CS2003": "2016-02-15", "CS2004": "2015-10-08",
	"CS1001": "2021-03-01", "CS1002": "2004-09-01", "CS1003": "2020-07-06", "CS1004": "2022-05-16", "CS1005": "2019-11-01",
	"CS1006": "2014-06-03", "CS1007": "2023-02-20", "CS1008": "2018-08-01", "CS1009": "2024-04-08",
	"CS1010": "2026-03-02", "CS1011": "2026-01-12", "CS1012": "2001-07-16",
}

func workStart(no string) *string {
	if d, ok := workStarts[no]; ok {
		return &d
	}
	return nil
}

// Result says what Load did.
type Result struct {
	Loaded        bool // false when the database already had staff
	Logins        []Login
	PartnerSecret string // shown once; empty when nothing was loaded
}

// Load fills an empty database with the demo organisation in one transaction. On a
// database that already has staff it does nothing and says so.
func Load(ctx context.Context, svc *identity.Service, zone string) (*Result, error) {
	has, err := svc.HasAnyStaff(ctx)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	if has {
		return res, nil
	}
	err = svc.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		unit := func(kind identity.OrgUnitKind, code, name string, parent *identity.OrgUnit) (*identity.OrgUnit, error) {
			var pid *string
			if parent != nil {
				pid = &parent.ID
			}
			return svc.CreateOrgUnit(ctx, tx, identity.NewOrgUnit{Kind: kind, Code: code, Name: name, ParentID: pid, TimeZone: zone})
		}
		group, err := unit(identity.KindGroup, "SD", "速达快递集团", nil)
		if err != nil {
			return err
		}
		region, err := unit(identity.KindRegion, "SD-EC", "华东片区", group)
		if err != nil {
			return err
		}
		units := map[string]*identity.OrgUnit{group.Code: group, region.Code: region}
		branches := map[string]*identity.OrgUnit{}
		for _, b := range []struct{ code, name string }{{"SH", "上海分公司"}, {"HZ", "杭州分公司"}} {
			if branches[b.code], err = unit(identity.KindBranch, b.code, b.name, region); err != nil {
				return err
			}
			units[b.code] = branches[b.code]
		}
		depotByCode := map[string]*identity.OrgUnit{}
		for _, d := range depots {
			if depotByCode[d.code], err = unit(identity.KindDepot, d.code, d.name, branches[d.branch]); err != nil {
				return err
			}
		}
		staffByNo := map[string]*identity.Staff{}
		for _, p := range people {
			var sup *string
			if p.superior != "" {
				sup = &staffByNo[p.superior].ID
			}
			var manages *string
			if p.manages != "" {
				manages = &units[p.manages].ID
			}
			st, err := svc.CreateStaff(ctx, tx, identity.NewStaff{EmployeeNo: p.no, Name: p.name, Phone: p.phone,
				DepotID: depotByCode[p.depot].ID, SuperiorID: sup, Roles: p.roles, Password: Password, ManagedUnitID: manages,
				WorkStartDay: workStart(p.no)})
			if err != nil {
				return fmt.Errorf("staff %s: %w", p.no, err)
			}
			staffByNo[p.no] = st
			res.Logins = append(res.Logins, Login{EmployeeNo: p.no, Name: p.name, Role: p.roles[0], Depot: depotByCode[p.depot].Name})
		}
		// The demo merchant's API orders go to the Zhangjiang depot.
		_, secret, err := svc.CreatePartnerClient(ctx, tx, "优选商城(演示合作方)", PartnerClientID, PartnerScopes,
			&depotByCode[PartnerDepot].ID)
		res.PartnerSecret = secret
		return err
	})
	if err != nil {
		return nil, err
	}
	res.Loaded = true
	return res, nil
}
