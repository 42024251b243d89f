package order

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/text/unicode/norm"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/idempotency"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/text"
)

// GoodsHandling says what a catalogue match does to an order.
type GoodsHandling string

// The handlings.
const (
	// Prohibited items (禁寄) are refused at intake: DANGEROUS_GOODS_REFUSED.
	Prohibited GoodsHandling = "PROHIBITED"
	// Restricted items (限寄) are taken but flagged: the goods must be looked at and
	// noted in the verification step before release.
	Restricted GoodsHandling = "RESTRICTED"
)

// DangerousGood is one entry of an organisation's catalogue of prohibited and restricted
// items: a category, a name, the other words people use for it, and the rule it comes
// from.
type DangerousGood struct {
	bun.BaseModel `bun:"table:dangerous_goods"`

	ID        string        `bun:"id,pk" json:"id"`
	OrgID     string        `bun:"org_id" json:"orgId"`
	Category  string        `bun:"category" json:"category"`
	Name      string        `bun:"name" json:"name"`
	Synonyms  string        `bun:"synonyms" json:"synonyms"` // separated by 、
	Handling  GoodsHandling `bun:"handling" json:"handling"`
	Rule      string        `bun:"rule" json:"rule"`
	Version   int           `bun:"version" json:"version"`
	UpdatedBy *string       `bun:"updated_by" json:"updatedBy"`
	UpdatedAt time.Time     `bun:"updated_at" json:"updatedAt"`
}

// SynonymList is the entry's synonyms as a list.
func (g *DangerousGood) SynonymList() []string {
	var out []string
	for _, s := range strings.Split(g.Synonyms, synonymSep) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

const synonymSep = "、"

// The regulation the defaults come from.
const regulation = "《禁止寄递物品管理规定》"

// GoodsMatch is a catalogue entry found in an order's goods: which entry, the word that
// matched, and the rule.
type GoodsMatch struct {
	Entry *DangerousGood
	Term  string
}

// RuleText names the rule a match falls under: 《禁止寄递物品管理规定》 易燃液体: 煤油.
func (m *GoodsMatch) RuleText() string {
	return regulation + " " + m.Entry.Rule + ":" + m.Entry.Name
}

// refusal is DANGEROUS_GOODS_REFUSED for a prohibited match, naming the rule
// (extensions.rule, extensions.item).
func (m *GoodsMatch) refusal(op string) error {
	return apperr.E(op, apperr.DangerousGoodsRefused).With("rule", m.RuleText()).With("item", m.Entry.Name).
		Explain("物品含“"+m.Term+"”,属"+m.RuleText()+"所列禁寄物品,不予收寄",
			"The goods name “"+m.Term+"”, prohibited under "+m.RuleText()+"; they cannot be accepted")
}

// CheckGoods matches goods names and descriptions against a catalogue, ignoring case and
// full-width forms (NFKC), and returns the first prohibited match, else the first
// restricted one, else nil. Words match anywhere in the text (煤油 in 航空煤油灯).
func CheckGoods(catalogue []*DangerousGood, texts ...string) *GoodsMatch {
	var hay []string
	for _, t := range texts {
		if t = fold(t); t != "" {
			hay = append(hay, t)
		}
	}
	var restricted *GoodsMatch
	for _, e := range catalogue {
		for _, term := range append([]string{e.Name}, e.SynonymList()...) {
			w := fold(term)
			if w == "" || !slices.ContainsFunc(hay, func(h string) bool { return strings.Contains(h, w) }) {
				continue
			}
			m := &GoodsMatch{Entry: e, Term: term}
			if e.Handling == Prohibited {
				return m
			}
			if restricted == nil {
				restricted = m
			}
			break
		}
	}
	return restricted
}

// fold is the form both the goods and the catalogue are compared in: NFKC (full-width
// forms and compatibility characters to their plain form), lower case, and only letters,
// digits and marks kept, so that spaces, punctuation, symbols and invisible characters put
// between the characters of a word (煤 油, 汽-油, 煤\u200b油) do not hide it.
func fold(s string) string {
	return strings.Map(func(c rune) rune {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
			return unicode.ToLower(c)
		}
		return -1
	}, norm.NFKC.String(s))
}

// checkGoods applies the catalogue of the organisation depotID belongs to: a prohibited
// match is DANGEROUS_GOODS_REFUSED naming the rule (extensions.rule, extensions.item);
// a restricted match returns the flag to store on the order.
func checkGoods(ctx context.Context, op string, tx bun.Tx, depotID string, now time.Time, texts ...string) (string, error) {
	org, err := identity.OrgOf(ctx, tx, depotID)
	if err != nil {
		return "", err
	}
	m, err := matchGoods(ctx, tx, org, now, texts...)
	if err != nil {
		return "", err
	}
	switch {
	case m == nil:
		return "", nil
	case m.Entry.Handling == Prohibited:
		return "", m.refusal(op)
	default:
		return m.RuleText(), nil
	}
}

// RefuseProhibited refuses goods that org's catalogue prohibits, as intake would
// (DANGEROUS_GOODS_REFUSED naming the rule); restricted goods pass (intake flags them for
// verification). Quotes check here before pricing.
func RefuseProhibited(ctx context.Context, op string, d *db.DB, org string, now time.Time, texts ...string) error {
	return d.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		m, err := matchGoods(ctx, tx, org, now, texts...)
		if err != nil {
			return err
		}
		if m != nil && m.Entry.Handling == Prohibited {
			return m.refusal(op)
		}
		return nil
	})
}

// matchGoods checks texts against org's catalogue (CheckGoods), loading it first.
func matchGoods(ctx context.Context, idb bun.IDB, org string, now time.Time, texts ...string) (*GoodsMatch, error) {
	cat, err := catalogueOf(ctx, idb, org, now)
	if err != nil {
		return nil, err
	}
	return CheckGoods(cat, texts...), nil
}

// catalogueOf loads an organisation's catalogue, giving it the defaults on first use.
func catalogueOf(ctx context.Context, idb bun.IDB, org string, now time.Time) ([]*DangerousGood, error) {
	if err := loadDefaults(ctx, idb, org, now); err != nil {
		return nil, err
	}
	var out []*DangerousGood
	err := idb.NewSelect().Model(&out).Where("org_id = ?", org).OrderExpr("category, name").Scan(ctx)
	return out, err
}

// loadDefaults gives an organisation the national catalogue once: a copy of the entries
// the migrations seed in dangerous_goods_defaults (《禁止寄递物品管理规定》), which its
// administrators then edit as their own.
func loadDefaults(ctx context.Context, idb bun.IDB, org string, now time.Time) error {
	var n int
	if err := idb.NewRaw(`SELECT COUNT(*) FROM dangerous_goods_catalogues WHERE org_id = ?`, org).Scan(ctx, &n); err != nil || n > 0 {
		return err
	}
	res, err := idb.NewRaw(`INSERT INTO dangerous_goods_catalogues (org_id, loaded_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, org, now).Exec(ctx)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return nil
	}
	var defaults []struct {
		Category, Name, Synonyms, Rule string
		Handling                       GoodsHandling
	}
	if err := idb.NewRaw(`SELECT category, name, synonyms, handling, rule FROM dangerous_goods_defaults ORDER BY name`).Scan(ctx, &defaults); err != nil {
		return err
	}
	if len(defaults) == 0 {
		return nil
	}
	rows := make([]*DangerousGood, len(defaults))
	for i, d := range defaults {
		rows[i] = &DangerousGood{ID: uuid.Must(uuid.NewV7()).String(), OrgID: org, Category: d.Category, Name: d.Name,
			Synonyms: d.Synonyms, Handling: d.Handling, Rule: d.Rule, Version: 1, UpdatedAt: now}
	}
	_, err = idb.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// Catalogue lists the caller's organisation's catalogue of prohibited and restricted
// items, by category and name. Order handlers (agents, supervisors, managers, admins);
// FORBIDDEN otherwise.
func (s *Service) Catalogue(ctx context.Context) ([]*DangerousGood, error) {
	const op = "order.Catalogue"
	p, err := Actor(ctx, op)
	if err != nil {
		return nil, err
	}
	var out []*DangerousGood
	err = s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		org, err := identity.OrgOfCaller(ctx, tx, p)
		if err != nil {
			return err
		}
		out, err = catalogueOf(ctx, tx, org, s.Now().UTC())
		return err
	})
	return out, apperr.Wrap(op, err)
}

// DangerousGoodInput is a catalogue entry as an administrator writes it.
type DangerousGoodInput struct {
	Category string
	Name     string
	Synonyms []string
	Handling GoodsHandling
	Rule     string
}

var (
	catalogueCategory = text.Rule{Field: "category", Max: 50}
	catalogueName     = text.Rule{Field: "name", Max: text.ShortMax}
	catalogueSynonym  = text.Rule{Field: "synonyms", Max: text.ShortMax}
	catalogueRule     = text.Rule{Field: "rule", Max: text.ReasonMax}
)

func (in DangerousGoodInput) clean(op string) (DangerousGoodInput, error) {
	var err error
	if in.Category, err = catalogueCategory.Clean(op, in.Category); err != nil {
		return in, err
	}
	if in.Name, err = catalogueName.Clean(op, in.Name); err != nil {
		return in, err
	}
	if fold(in.Name) == "" {
		return in, apperr.Invalid(op, "name", "名称须含文字或数字,否则无法匹配货物", "The name needs letters or digits, or it matches no goods")
	}
	if in.Rule, err = catalogueRule.Clean(op, in.Rule); err != nil {
		return in, err
	}
	if in.Handling != Prohibited && in.Handling != Restricted {
		return in, apperr.Invalid(op, "handling", "请选择禁寄或限寄", "Choose PROHIBITED or RESTRICTED")
	}
	if len(in.Synonyms) > 50 {
		return in, apperr.Invalid(op, "synonyms", "同义词最多 50 个", "At most 50 synonyms")
	}
	var syn []string
	for _, s := range in.Synonyms {
		if s, err = catalogueSynonym.Clean(op, s); err != nil {
			return in, err
		}
		if fold(s) == "" {
			return in, apperr.Invalid(op, "synonyms", "同义词须含文字或数字,否则无法匹配货物", "A synonym needs letters or digits, or it matches no goods")
		}
		if strings.Contains(s, synonymSep) {
			return in, apperr.Invalid(op, "synonyms", "每个同义词单独填写,不含“、”", "Give each synonym on its own, without “、”")
		}
		if !slices.Contains(syn, s) {
			syn = append(syn, s)
		}
	}
	in.Synonyms = syn
	return in, nil
}

// catalogueAdmin is an administrator and their organisation.
func catalogueAdmin(ctx context.Context, op string, idb bun.IDB) (*identity.Principal, string, error) {
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, "", err
	}
	if !p.HasRole(identity.RoleAdmin) {
		return nil, "", apperr.E(op, apperr.Forbidden)
	}
	org, err := identity.OrgOfCaller(ctx, idb, p)
	return p, org, err
}

// SaveDangerousGood adds an entry to the administrator's organisation's catalogue (id
// empty) or changes one (expectedVersion guards it: CONFLICT). Admins only (FORBIDDEN);
// an entry of another organisation is NOT_FOUND; BAD_USER_INPUT for bad fields, CONFLICT
// for a name already in the catalogue. Idempotent by key.
func (s *Service) SaveDangerousGood(ctx context.Context, key, id string, expectedVersion int, in DangerousGoodInput) (*DangerousGood, bool, error) {
	const op = "order.SaveDangerousGood"
	p, err := identity.RequireStaff(ctx, op)
	if err != nil {
		return nil, false, err
	}
	if err := idempotency.ValidateKey(op, key); err != nil {
		return nil, false, err
	}
	if in, err = in.clean(op); err != nil {
		return nil, false, err
	}
	now := s.Now().UTC()
	out, replayed, err := idempotency.InTx(ctx, s.DB, p.ID, key, op, idempotency.Fingerprint([]any{id, expectedVersion, in}), now,
		func(ctx context.Context, tx bun.Tx) (*DangerousGood, error) {
			_, org, err := catalogueAdmin(ctx, op, tx)
			if err != nil {
				return nil, err
			}
			if err := loadDefaults(ctx, tx, org, now); err != nil {
				return nil, err
			}
			g := &DangerousGood{ID: id, OrgID: org, Category: in.Category, Name: in.Name, Synonyms: strings.Join(in.Synonyms, synonymSep),
				Handling: in.Handling, Rule: in.Rule, Version: 1, UpdatedBy: &p.ID, UpdatedAt: now}
			if id == "" {
				g.ID = uuid.Must(uuid.NewV7()).String()
				res, err := tx.NewInsert().Model(g).On("CONFLICT DO NOTHING").Exec(ctx)
				if err != nil {
					return nil, err
				}
				if n, _ := res.RowsAffected(); n == 0 {
					return nil, apperr.E(op, apperr.Conflict).Explain("目录中已有同名条目", "The catalogue already has an entry of that name")
				}
				return g, nil
			}
			cur := new(DangerousGood)
			if err := tx.NewSelect().Model(cur).Where("id = ? AND org_id = ?", id, org).Scan(ctx); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return nil, apperr.E(op, apperr.NotFound)
				}
				return nil, err
			}
			if cur.Version != expectedVersion {
				return nil, apperr.E(op, apperr.Conflict).With("currentVersion", cur.Version)
			}
			g.Version = expectedVersion + 1
			res, err := tx.NewUpdate().Model(g).Column("category", "name", "synonyms", "handling", "rule", "version", "updated_by", "updated_at").
				WherePK().Where("version = ?", expectedVersion).Exec(ctx)
			if err != nil {
				if db.IsUniqueViolation(err) {
					return nil, apperr.E(op, apperr.Conflict).Explain("目录中已有同名条目", "The catalogue already has an entry of that name")
				}
				return nil, err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil, apperr.E(op, apperr.Conflict)
			}
			return g, nil
		})
	if err != nil {
		return nil, false, apperr.Wrap(op, err)
	}
	return out, replayed, nil
}

// DeleteDangerousGood removes an entry of the administrator's organisation's catalogue.
// Admins only (FORBIDDEN); NOT_FOUND for an entry of another organisation; CONFLICT for a
// stale version.
func (s *Service) DeleteDangerousGood(ctx context.Context, id string, expectedVersion int) error {
	const op = "order.DeleteDangerousGood"
	if _, err := identity.RequireStaff(ctx, op); err != nil {
		return err
	}
	err := s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		_, org, err := catalogueAdmin(ctx, op, tx)
		if err != nil {
			return err
		}
		cur := new(DangerousGood)
		if err := tx.NewSelect().Model(cur).Where("id = ? AND org_id = ?", id, org).Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.E(op, apperr.NotFound)
			}
			return err
		}
		if cur.Version != expectedVersion {
			return apperr.E(op, apperr.Conflict).With("currentVersion", cur.Version)
		}
		_, err = tx.NewDelete().Model(cur).WherePK().Where("version = ?", expectedVersion).Exec(ctx)
		return err
	})
	return apperr.Wrap(op, err)
}
