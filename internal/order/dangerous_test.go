package order_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/order"
)

// The catalogue of prohibited and restricted items is matched on goods names with its
// synonyms: kerosene (煤油) is refused naming the rule, as are 汽油, 航空煤油灯 and a
// full-width "ＫＥＲＯＳＥＮＥ", and words split by spaces, punctuation or invisible
// characters (煤\u200b油, 汽-油, Kero sene); a power bank (充电宝, restricted) is taken but flagged, and
// its goods cannot be verified without a note of what was checked.
func TestGoodsAreCheckedAgainstTheDangerousGoodsCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for _, name := range []string{"煤油", "航空煤油灯", "汽油 5 升", "ＫＥＲＯＳＥＮＥ", "烟花", "散装锂电池 20 节", "工业酒精",
			"煤\u200b油", "汽-油", "柴·油", "Kero sene", "煤 油 灯", "液化石油气罐", "鞭炮礼盒", "硫酸 500ml", "洗甲水", "汽车蓄电池", "高纯乙醚"} {
			in := intake()
			in.Goods.Name = name
			_, err := w.take(in)
			e := wantCode(t, err, apperr.DangerousGoodsRefused)
			if rule, _ := e.Extra["rule"].(string); !strings.Contains(rule, "《禁止寄递物品管理规定》") {
				t.Errorf("%s refused without naming the rule: %v", name, e.Extra)
			}
		}
		in := intake()
		in.Goods.Name = "充电宝"
		o, err := w.take(in)
		w.must(err)
		if !strings.Contains(o.GoodsFlag, "锂电池") {
			t.Fatalf("a power bank is flagged for verification: %q", o.GoodsFlag)
		}
		ctx := w.as("CS1001")
		_, _, err = w.orders.Verify(ctx, w.key(), o.ID, o.Version, []order.Element{order.ElemGoods}, "")
		wantField(t, err, "note")
		if _, _, err := w.orders.Verify(ctx, w.key(), o.ID, o.Version, []order.Element{order.ElemGoods}, "开箱查验:一台 10000mAh 充电宝,随身"); err != nil {
			t.Fatalf("verified with a note: %v", err)
		}
		plain, err := w.take(intake())
		w.must(err)
		if plain.GoodsFlag != "" {
			t.Errorf("tea set flagged: %q", plain.GoodsFlag)
		}
		// Changing goods to kerosene is refused too.
		_, _, err = w.orders.ChangeGoods(ctx, w.key(), plain.ID, plain.Version, order.GoodsInput{Name: "煤油", Quantity: 1, WeightKg: 1, VolumeM3: 0.01})
		wantCode(t, err, apperr.DangerousGoodsRefused)
	})
}

// Administrators edit their organisation's catalogue: a new entry applies to the next
// intake, an edit needs the version, others may read but not write (FORBIDDEN), and an
// administrator of another organisation finds nothing to edit (NOT_FOUND).
func TestAdminsEditTheirOrganisationsDangerousGoodsCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		admin := w.as("CS9001")
		cat, err := w.orders.Catalogue(w.as("CS1001"))
		w.must(err)
		if len(cat) < 10 {
			t.Fatalf("default catalogue: %d entries", len(cat))
		}
		in := order.DangerousGoodInput{Category: "TOXIC", Name: "樟脑丸", Synonyms: []string{"卫生球", "萘丸"}, Handling: order.Prohibited, Rule: "毒性物品"}
		_, _, err = w.orders.SaveDangerousGood(w.as("CS1001"), w.key(), "", 0, in)
		wantCode(t, err, apperr.Forbidden)
		for _, c := range []struct {
			name, field string
			in          order.DangerousGoodInput
		}{
			{"a name of punctuation only matches nothing", "name", order.DangerousGoodInput{Category: "TOXIC", Name: "！！", Handling: order.Prohibited, Rule: "毒性物品"}},
			{"a synonym of symbols only matches nothing", "synonyms", order.DangerousGoodInput{Category: "TOXIC", Name: "樟脑", Synonyms: []string{"—·—"}, Handling: order.Prohibited, Rule: "毒性物品"}},
			{"a NUL in a synonym", "synonyms", order.DangerousGoodInput{Category: "TOXIC", Name: "樟脑", Synonyms: []string{"卫生\x00球"}, Handling: order.Prohibited, Rule: "毒性物品"}},
			{"an unknown handling", "handling", order.DangerousGoodInput{Category: "TOXIC", Name: "樟脑", Handling: "MAYBE", Rule: "毒性物品"}},
		} {
			_, _, err := w.orders.SaveDangerousGood(admin, w.key(), "", 0, c.in)
			if e, ok := err.(*apperr.Error); !ok || e.Code != apperr.BadUserInput || e.Field != c.field {
				t.Errorf("%s: want BAD_USER_INPUT on %s, got %v", c.name, c.field, err)
			}
		}
		g, _, err := w.orders.SaveDangerousGood(admin, w.key(), "", 0, in)
		w.must(err)
		bad := intake()
		bad.Goods.Name = "卫生球两盒"
		_, err = w.take(bad)
		wantCode(t, err, apperr.DangerousGoodsRefused)

		in.Handling = order.Restricted
		_, _, err = w.orders.SaveDangerousGood(admin, w.key(), g.ID, g.Version+1, in)
		wantCode(t, err, apperr.Conflict)
		g, _, err = w.orders.SaveDangerousGood(admin, w.key(), g.ID, g.Version, in)
		w.must(err)
		o, err := w.take(bad)
		w.must(err)
		if !strings.Contains(o.GoodsFlag, "樟脑丸") {
			t.Errorf("restricted now, flagged: %q", o.GoodsFlag)
		}

		other := w.otherOrgAdmin()
		_, _, err = w.orders.SaveDangerousGood(other, w.key(), g.ID, g.Version, in)
		wantCode(t, err, apperr.NotFound)
		wantCode(t, w.orders.DeleteDangerousGood(other, g.ID, g.Version), apperr.NotFound)
		theirs, err := w.orders.Catalogue(other)
		w.must(err)
		for _, e := range theirs {
			if e.Name == "樟脑丸" {
				t.Errorf("another organisation's catalogue has this one's entry")
			}
		}
		w.must(w.orders.DeleteDangerousGood(admin, g.ID, g.Version))
		if _, err := w.take(bad); err != nil {
			t.Errorf("after deleting the entry: %v", err)
		}
	})
}

// The defaults an organisation starts from are data the migrations seed
// (dangerous_goods_defaults), not code: a row an operator adds there is in the catalogue
// of an organisation that starts afterwards, and not in one that had started already.
func TestTheDefaultCatalogueIsTheMigratedData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		var n int
		w.must(d.R.NewRaw(`SELECT COUNT(*) FROM dangerous_goods_defaults WHERE name IN ('煤油', '汽油', '柴油', '酒精', '烟花爆竹', '压缩气体', '锂电池(散装)', '硫酸')`).Scan(ctx, &n))
		if n != 8 {
			t.Fatalf("the migration seeds the national catalogue: %d of 8 entries", n)
		}
		started, err := w.orders.Catalogue(w.as("CS1001"))
		w.must(err)
		if _, err := d.W.NewRaw(`INSERT INTO dangerous_goods_defaults (name, category, synonyms, handling, rule) VALUES ('樟脑丸', 'TOXIC', '卫生球', 'PROHIBITED', '毒性物品')`).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		theirs, err := w.orders.Catalogue(w.otherOrgAdmin())
		w.must(err)
		if len(theirs) != len(started)+1 || !slices.ContainsFunc(theirs, func(g *order.DangerousGood) bool { return g.Name == "樟脑丸" && g.SynonymList()[0] == "卫生球" }) {
			t.Errorf("an organisation started after the change: %d entries (the first had %d)", len(theirs), len(started))
		}
		again, err := w.orders.Catalogue(w.as("CS1001"))
		w.must(err)
		if len(again) != len(started) {
			t.Errorf("an organisation that had started gained defaults: %d, was %d", len(again), len(started))
		}
	})
}

// otherOrgAdmin creates a second organisation with an administrator and returns a context
// acting as them.
func (w *world) otherOrgAdmin() context.Context {
	w.t.Helper()
	ctx := context.Background()
	org, err := w.ids.CreateOrgUnit(ctx, w.d.W, identity.NewOrgUnit{Kind: identity.KindGroup, Code: "OT", Name: "另一集团", TimeZone: "Asia/Shanghai"})
	w.must(err)
	depot, err := w.ids.CreateOrgUnit(ctx, w.d.W, identity.NewOrgUnit{Kind: identity.KindDepot, Code: "OT-01", Name: "另一网点", ParentID: &org.ID, TimeZone: "Asia/Shanghai"})
	w.must(err)
	st, err := w.ids.CreateStaff(ctx, w.d.W, identity.NewStaff{EmployeeNo: "OT9001", Name: "外部管理员", Phone: "13900009001", DepotID: depot.ID,
		Roles: []identity.Role{identity.RoleAdmin}, Password: "Demo@2026"})
	w.must(err)
	p, err := w.ids.PrincipalOf(ctx, st)
	w.must(err)
	return identity.WithPrincipal(ctx, p)
}
