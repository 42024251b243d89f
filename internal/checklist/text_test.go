package checklist_test

import (
	"testing"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/text/texttest"
)

// Every free-text input of checklists (template titles, item codes and texts, answer
// notes, corrective-action descriptions and notes, notice titles and bodies, score-sheet
// comments) goes through the one text rule: NUL, bidi overrides and other control
// characters, blank text where text is required (full-width spaces too) and 10,000
// characters (10,001 for a notice body) are BAD_USER_INPUT with the field, on both
// databases.
func TestEveryChecklistFreeTextInputRefusesControlBidiBlankAndOverlongText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, sup, mgr := w.as("CS1001"), w.as("CS2001"), w.as("CS3001")
		w.now = at(3, 8)
		revise := func(set func(in *checklist.TemplateRevision, v string)) func(string) error {
			return func(v string) error {
				in := checklist.TemplateRevision{Kind: checklist.Appearance, TitleZH: "仪容仪表自查", TitleEN: "Appearance check",
					Items: []checklist.ItemInput{{Code: "UNIFORM", TextZH: "穿着制服", TextEN: "Uniform worn", Weight: 9, AppliesOn: checklist.AllDays}}}
				set(&in, v)
				_, _, err := w.svc.ReviseTemplate(mgr, w.key(), in)
				return err
			}
		}
		texttest.Check(t, "title", false, revise(func(in *checklist.TemplateRevision, v string) { in.TitleZH = v }))
		texttest.Check(t, "title", false, revise(func(in *checklist.TemplateRevision, v string) { in.TitleEN = v }))
		texttest.Check(t, "items.code", false, revise(func(in *checklist.TemplateRevision, v string) { in.Items[0].Code = v }))
		texttest.Check(t, "items.text", false, revise(func(in *checklist.TemplateRevision, v string) { in.Items[0].TextZH = v }))
		texttest.Check(t, "items.text", false, revise(func(in *checklist.TemplateRevision, v string) { in.Items[0].TextEN = v }))
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.svc.AnswerItem(agent, w.key(), checklist.Answer{CheckItemID: "no-such-item", Passed: true, Note: v})
			return err
		})
		texttest.Check(t, "description", false, func(v string) error {
			_, _, err := w.svc.RaiseAction(sup, w.key(), checklist.NewAction{CheckItemID: "no-such-item", AssigneeID: w.staff["CS1001"].ID, DueOn: "2026-12-04", Description: v})
			return err
		})
		texttest.Check(t, "note", true, func(v string) error {
			_, _, err := w.svc.CompleteAction(agent, w.key(), "no-such-action", 1, v)
			return err
		})
		notice := func(set func(in *checklist.NewNotice, v string)) func(string) error {
			return func(v string) error {
				in := checklist.NewNotice{Kind: checklist.Announcement, Title: "12月运价调整", Body: "首重上调 1 元", DepotID: w.depot}
				set(&in, v)
				_, _, err := w.svc.PublishNotice(sup, w.key(), in)
				return err
			}
		}
		texttest.Check(t, "title", false, notice(func(in *checklist.NewNotice, v string) { in.Title = v }))
		texttest.Check(t, "body", false, notice(func(in *checklist.NewNotice, v string) {
			if len([]rune(v)) == 10000 {
				v += "长" // the body's limit is 10,000 characters
			}
			in.Body = v
		}))
		w.now = at(31, 8).AddDate(0, 0, 2) // the month is over
		texttest.Check(t, "comment", true, func(v string) error {
			_, _, err := w.svc.SignOffScoreSheet(sup, w.key(), w.staff["CS1001"].ID, "2026-12", v)
			return err
		})
	})
}
