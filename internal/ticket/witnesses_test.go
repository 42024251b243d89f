package ticket_test

import (
	"testing"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/db"
	"github.com/expresscs/cs/internal/db/dbtest"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/ticket"
)

func TestOverGoodsRecordWhoWasPresentAtTheOpening(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		agent := w.as("CS1001")
		report := func(ws ...ticket.Witness) (*ticket.OverShortReport, error) {
			r, _, err := w.svc.ReportOverShort(agent, w.key(), ticket.OverShortInput{Kind: ticket.Over, GoodsName: "蓝色纸箱", Counter: "2 号窗口",
				ClearingDate: "2026-11-20", PhotoIDs: []string{w.photo("CS1001")}, Witnesses: ws})
			return r, err
		}
		for _, c := range []struct {
			name string
			ws   []ticket.Witness
		}{
			{"a witness is a colleague or a name, not both", []ticket.Witness{{StaffID: w.staff["CS2001"].ID, Name: "王芳"}}},
			{"a witness's name refuses control characters", []ticket.Witness{{Name: "仓管\u0007老周"}}},
			{"a witness's name is not blank", []ticket.Witness{{Name: "  "}}},
			{"an unknown colleague is refused", []ticket.Witness{{StaffID: "no-such-staff"}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := report(c.ws...)
				wantCode(t, err, apperr.BadUserInput)
			})
		}

		r, err := report(ticket.Witness{StaffID: w.staff["CS2001"].ID}, ticket.Witness{Name: " 仓管员 老周 "})
		w.must(err)
		_, _, err = w.svc.ReviewOverShort(w.as("CS4001"), w.key(), r.ID, r.Version, roster.Approve, "属实")
		w.must(err)
		got, err := w.svc.OverShortByIDs(w.as("CS4001"), []string{r.ID})
		w.must(err)
		ws := got[0].Witnesses()
		if len(ws) != 2 || ws[0].StaffID != w.staff["CS2001"].ID || ws[0].Name != "王芳" || ws[1].StaffID != "" || ws[1].Name != "仓管员 老周" {
			t.Fatalf("the verifier reads who was present as recorded: %+v", ws)
		}
	})
}
