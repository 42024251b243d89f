package ticket

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/expresscs/cs/internal/push"
)

// ticketPath is the app's screen of a ticket. The app addresses tickets by their global
// id, base64url("Ticket:<id>"), the form graph.GlobalID gives.
func ticketPath(id string) string {
	return "/tickets/" + base64.RawURLEncoding.EncodeToString([]byte("Ticket:"+id))
}

// ref names a ticket on a lock screen without personal data: its waybill when it has
// one, else its short id.
func ref(t *Ticket) string {
	if t.WaybillNo != "" {
		return t.WaybillNo
	}
	return t.ID[len(t.ID)-6:]
}

// pushChange queues the pushes a ticket write calls for: the new assignee when it was
// assigned to someone else than the writer, and, when it went up the ladder, the
// assignee, the depot's supervisors and, from L3, the managers above the depot and at L4
// the organisation's admins (never the person who escalated).
func (s *Service) pushChange(ctx context.Context, tx bun.IDB, w *write, prevAssignee *string) error {
	if s.Push == nil {
		return nil
	}
	t := w.t
	var actor string
	if w.p != nil {
		actor = w.p.ID
	}
	var msgs []push.Message
	if t.AssigneeID != nil && *t.AssigneeID != actor && (prevAssignee == nil || *prevAssignee != *t.AssigneeID) {
		msgs = append(msgs, push.Message{StaffID: *t.AssigneeID, Kind: "TICKET_ASSIGNED", URL: ticketPath(t.ID), Tag: "Ticket:" + t.ID,
			TextZH: fmt.Sprintf("工单 %s 已指派给您：%s", ref(t), t.Kind.zh()), TextEN: fmt.Sprintf("Ticket %s was assigned to you: %s", ref(t), strings.ToLower(string(t.Kind)))})
	}
	if w.escalated {
		l1, l3, l4, err := s.ladderStaff(ctx, tx, t)
		if err != nil {
			return err
		}
		people := map[string]bool{}
		if t.AssigneeID != nil {
			people[*t.AssigneeID] = true
		}
		for _, st := range l1 {
			people[st.ID] = true
		}
		if t.EscalationLevel >= 3 {
			for _, st := range l3 {
				people[st.ID] = true
			}
		}
		if t.EscalationLevel >= TopLevel {
			for _, st := range l4 {
				people[st.ID] = true
			}
		}
		delete(people, actor)
		for id := range people {
			msgs = append(msgs, push.Message{StaffID: id, Kind: "TICKET_ESCALATED", URL: ticketPath(t.ID), Tag: "Ticket:" + t.ID,
				TextZH: fmt.Sprintf("工单 %s 已升级至 L%d", ref(t), t.EscalationLevel), TextEN: fmt.Sprintf("Ticket %s escalated to L%d", ref(t), t.EscalationLevel)})
		}
	}
	return s.Push.EnqueueTx(ctx, tx, msgs...)
}

// handoverPush tells the colleague what was handed to them.
func handoverPush(toID string, ts []*Ticket) push.Message {
	url := "/tickets"
	if len(ts) == 1 {
		url = ticketPath(ts[0].ID)
	}
	return push.Message{StaffID: toID, Kind: "TICKET_HANDED_OVER", URL: url, Tag: "handover:" + ts[0].ID,
		TextZH: fmt.Sprintf("同事交给您 %d 张工单，请查看交接说明", len(ts)),
		TextEN: fmt.Sprintf("A colleague handed %d tickets over to you; read the handover note", len(ts))}
}

// zh is the kind's name on a Chinese lock screen.
func (k Kind) zh() string {
	switch k {
	case Enquiry:
		return "咨询"
	case Exception:
		return "异常"
	case Complaint:
		return "投诉"
	case Suggestion:
		return "建议"
	}
	return string(k)
}
