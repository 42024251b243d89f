package checklist

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// The dress-code profiles loaded by default. Grooming rules that differ between people
// belong to a profile a person chooses or is assigned, never to an assumption about them.
var defaultDressCodes = []DressCode{
	{Code: "CLEAN_SHAVEN_SHORT_HAIR", NameZH: "净面短发", NameEN: "Clean-shaven, short hair"},
	{Code: "LONG_HAIR_TIED", NameZH: "长发束起", NameEN: "Long hair tied back"},
}

type itemSpec struct {
	code, zh, en string
	weight       int
	days         Days
	dressCode    string
	photo        bool
	auto         Automatic
	role         string
}

type templateSpec struct {
	kind   Kind
	zh, en string
	items  []itemSpec
}

// defaultTemplates are the company rules of the domain brief (仪容仪表、行为规范、岗前准备).
var defaultTemplates = []templateSpec{
	{Appearance, "仪容仪表自查", "Appearance check", []itemSpec{
		{"UNIFORM", "穿着公司制服", "Company uniform worn", 2, Weekdays, "", true, "", ""},
		{"BADGE", "佩戴工牌", "Staff badge worn", 2, AllDays, "", true, "", ""},
		{"MODEST_DRESS", "着装整洁得体,不穿短裤、超短裙、吊带或低胸上衣", "Neat, modest dress: no shorts, mini skirts, strapless or low-cut tops", 1, AllDays, "", false, "", ""},
		{"SHIRT_TUCKED", "衬衫扎入裤内(裙内)并扣好纽扣", "Shirt tucked in and buttoned", 1, Weekdays, "", false, "", ""},
		{"HAIR_COLOUR", "发色自然", "Natural hair colour", 1, AllDays, "", false, "", ""},
		{"NO_TATTOOS", "无外露纹身", "No visible tattoos", 1, AllDays, "", false, "", ""},
		{"MAKE_UP_JEWELLERY", "不浓妆艳抹,不佩戴夸张饰品", "No heavy make-up or odd jewellery", 1, AllDays, "", false, "", ""},
		{"NO_BEARD", "不留胡须", "No beard", 1, AllDays, "CLEAN_SHAVEN_SHORT_HAIR", false, "", ""},
		{"HAIR_ABOVE_EARS", "头发不过耳", "Hair not over the ears", 1, AllDays, "CLEAN_SHAVEN_SHORT_HAIR", false, "", ""},
		{"HAIR_TIED_BACK", "长发束起,不披散", "Long hair tied back, not loose", 1, AllDays, "LONG_HAIR_TIED", false, "", ""},
		{"NO_SLIPPERS", "不穿拖鞋", "No slippers", 1, AllDays, "", false, "", ""},
	}},
	{Conduct, "行为规范检查", "Conduct check", []itemSpec{
		{"NO_SNACKS", "工作台不吃零食", "No snacks at the desk", 1, AllDays, "", false, "", ""},
		{"NO_ENTERTAINMENT", "不看影视、不玩游戏、不看杂志", "No films, games or magazines", 1, AllDays, "", false, "", ""},
		{"NO_PERSONAL_CALLS", "不长时间接打私人电话", "No long personal calls", 1, AllDays, "", false, "", ""},
		{"AT_POST", "不擅离岗位", "Does not leave the post", 2, AllDays, "", false, "", ""},
		{"EQUIPMENT_CARE", "爱护办公设备", "Takes care of equipment", 1, AllDays, "", false, "", ""},
		{"POLITE_PHRASES", "使用礼貌用语:您好、请稍等、不好意思、谢谢", "Polite standard phrases: 您好, 请稍等, 不好意思, 谢谢", 2, AllDays, "", false, "", ""},
		{"NO_FLAT_REFUSAL", "首次答复不说\u201c不行\u201d\u201c没办法\u201d", "Never \u201c不行\u201d or \u201c没办法\u201d as a first answer", 2, AllDays, "", false, "", ""},
		{"THREE_RINGS", "电话响铃三声内接听", "Phone answered within three rings", 2, AllDays, "", false, "", ""},
	}},
	{PreShift, "岗前准备", "Pre-shift readiness", []itemSpec{
		{"ARRIVE_EARLY", "提前到岗", "Arrived early", 1, AllDays, "", false, "", ""},
		{"DESK_TIDY", "整理工作台", "Desk tidied", 1, AllDays, "", false, "", ""},
		{"PHONE_NETWORK", "检查电话和网络", "Phone and network checked", 1, AllDays, "", false, "", ""},
		{"NOTICES_READ", "阅读最新通知(运价调整、线路变更)", "Latest notices read (rate changes, route changes)", 2, AllDays, "", false, NoticesRead, ""},
		{"SYSTEMS_LOGIN", "登录各业务系统", "Logged into the systems", 1, AllDays, "", false, "", ""},
	}},
}

// ensureDefaults loads the default dress-code profiles and version 1 of each template the
// first time checklists are used. The template's unique (kind, version) makes a
// concurrent first use load them once.
func (s *Service) ensureDefaults(ctx context.Context) error {
	n, err := s.DB.R.NewSelect().Model((*Template)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	now := s.Now().UTC()
	return s.DB.Tx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for _, d := range defaultDressCodes {
			d.CreatedAt = now
			if _, err := tx.NewInsert().Model(&d).On("CONFLICT DO NOTHING").Exec(ctx); err != nil {
				return err
			}
		}
		for _, spec := range defaultTemplates {
			if err := insertTemplate(ctx, tx, spec, 1, nil, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertTemplate writes one template version and its items, unless that version exists.
func insertTemplate(ctx context.Context, tx bun.Tx, spec templateSpec, version int, by *string, now time.Time) error {
	t := &Template{ID: newID(), Kind: spec.kind, Version: version, TitleZH: spec.zh, TitleEN: spec.en, Active: true,
		CreatedBy: by, CreatedAt: now}
	res, err := tx.NewInsert().Model(t).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	items := make([]*Item, len(spec.items))
	for i, it := range spec.items {
		items[i] = &Item{ID: newID(), TemplateID: t.ID, Position: i + 1, Code: it.code, TextZH: it.zh, TextEN: it.en,
			Weight: it.weight, AppliesOn: it.days, PhotoRequired: it.photo}
		if it.dressCode != "" {
			items[i].DressCode = &it.dressCode
		}
		if it.role != "" {
			items[i].Role = &it.role
		}
		if it.auto != "" {
			items[i].Automatic = &it.auto
		}
	}
	_, err = tx.NewInsert().Model(&items).Exec(ctx)
	return err
}
