package checklist_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
)

// snapshot is what a completed check says: its template, score and every item's text,
// weight and answer.
func snapshot(t *testing.T, w *world, checkID string) string {
	t.Helper()
	ctx := w.as("CS1001")
	cs, err := w.svc.ChecksByIDs(ctx, []string{checkID})
	w.must(err)
	its, err := w.svc.ItemsOfChecks(ctx, []string{checkID})
	w.must(err)
	var itemIDs []string
	for _, it := range its {
		itemIDs = append(itemIDs, it.ItemID)
	}
	texts, err := w.svc.ItemsByIDs(ctx, itemIDs)
	w.must(err)
	byID := map[string]*checklist.Item{}
	for _, x := range texts {
		byID[x.ID] = x
	}
	out := fmt.Sprintf("template %s score %d status %s;", cs[0].TemplateID, *cs[0].Score, cs[0].Status)
	for _, it := range its {
		out += fmt.Sprintf(" %s/%s w%d %v;", byID[it.ItemID].Code, byID[it.ItemID].TextZH, it.Weight, *it.Passed)
	}
	return out
}

func TestACompletedCheckKeepsItsTemplateVersionAfterTheTemplateIsRevised(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent, mgr := w.as("CS1001"), w.as("CS3001")
		w.now = at(3, 8)
		c, _, err := w.svc.StartSelfCheck(agent, w.key(), w.shift("CS1001", 3), checklist.Appearance)
		w.must(err)
		photo, _, err := w.media.Upload(agent, bytes.NewReader(pngBytes(t, 7)), time.Time{})
		w.must(err)
		for code, id := range w.items(c.ID) {
			_, _, err := w.svc.AnswerItem(agent, w.key(), checklist.Answer{CheckItemID: id, Passed: code != "NO_SLIPPERS", PhotoID: photo.ID})
			w.must(err)
		}
		before := snapshot(t, w, c.ID)

		_, _, err = w.svc.ReviseTemplate(mgr, w.key(), checklist.TemplateRevision{Kind: checklist.Appearance, TitleZH: "仪容仪表自查(新版)", TitleEN: "Appearance check (new)",
			Items: []checklist.ItemInput{
				{Code: "UNIFORM", TextZH: "穿着新版制服", TextEN: "New uniform worn", Weight: 9, AppliesOn: checklist.AllDays},
				{Code: "BADGE", TextZH: "佩戴新版工牌", TextEN: "New badge worn", Weight: 9, AppliesOn: checklist.AllDays},
			}})
		w.must(err)
		w.now = at(20, 8)
		if after := snapshot(t, w, c.ID); after != before {
			t.Fatalf("a completed check reads as it was made, whatever the template became:\nbefore %s\n after %s", before, after)
		}
	})
}
