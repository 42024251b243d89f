package push

import (
	"context"
	"encoding/json"
	"unicode/utf8"

	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// Message is one notification to push to every device of a person.
type Message struct {
	StaffID string `json:"staffId"`
	// Kind is the notification's kind (SWAP_REQUESTED, TICKET_ESCALATED, …); it picks
	// the title and whether the message may wake someone off shift.
	Kind   string `json:"kind"`
	TextZH string `json:"zh"`
	TextEN string `json:"en"`
	// URL is the app's path to open when the notification is tapped.
	URL string `json:"url"`
	// Tag collapses repeated messages about one matter on the phone (the subject's id).
	Tag string `json:"tag"`
}

// kindInfo is what a kind of notification looks like on the lock screen.
type kindInfo struct {
	zh, en string
	// urgent messages are delivered at once even outside the person's shifts, with the
	// push service's Urgency: high.
	urgent bool
}

var kinds = map[string]kindInfo{
	"SWAP_REQUESTED":        {"换班请求", "Swap request", false},
	"SWAP_AWAITS_APPROVAL":  {"换班待审批", "Swap to approve", false},
	"LEAVE_AWAITS_APPROVAL": {"请假待审批", "Leave to approve", false},
	"SWAP_PENDING_APPROVAL": {"同事已同意换班", "Colleague accepted the swap", false},
	"SWAP_DECLINED":         {"换班被拒绝", "Swap declined", false},
	"SWAP_APPROVED":         {"换班已批准", "Swap approved", false},
	"SWAP_REJECTED":         {"换班未批准", "Swap rejected", false},
	"SWAP_CANCELLED":        {"换班已撤回", "Swap withdrawn", false},
	"LEAVE_APPROVED":        {"请假已批准", "Leave approved", false},
	"LEAVE_REJECTED":        {"请假未批准", "Leave rejected", false},
	"LEAVE_CANCELLED":       {"请假已撤回", "Leave withdrawn", false},
	"ROSTER_PUBLISHED":      {"排班已发布", "Roster published", false},
	"ROSTER_CHANGED":        {"排班有变动", "Roster changed", false},
	"TICKET_ASSIGNED":       {"工单交给您", "Ticket assigned to you", true},
	"TICKET_HANDED_OVER":    {"工单交接", "Ticket handed over", true},
	"TICKET_ESCALATED":      {"工单升级", "Ticket escalated", true},
	"NOTICE_UNREAD":         {"请阅读通知", "Please read the notice", false},
}

func infoOf(kind string) kindInfo {
	if k, ok := kinds[kind]; ok {
		return k
	}
	return kindInfo{"新通知", "New notification", false}
}

// Payload is what the service worker receives, decrypted: titles and texts in both
// languages (the phone shows its own), the path to open and the tag.
type Payload struct {
	Kind  string            `json:"kind"`
	Title map[string]string `json:"title"`
	Body  map[string]string `json:"body"`
	URL   string            `json:"url"`
	Tag   string            `json:"tag"`
}

// bodyMax bounds each text so the encrypted record stays within the 4 KiB every push
// service accepts.
const bodyMax = 300

func clip(s string) string {
	if utf8.RuneCountInString(s) <= bodyMax {
		return s
	}
	return string([]rune(s)[:bodyMax-1]) + "…"
}

func (m Message) payload() ([]byte, error) {
	k := infoOf(m.Kind)
	return json.Marshal(Payload{Kind: m.Kind, Title: map[string]string{"zh-CN": k.zh, "en": k.en},
		Body: map[string]string{"zh-CN": clip(m.TextZH), "en": clip(m.TextEN)}, URL: m.URL, Tag: m.Tag})
}

// FanoutArgs is the River job that turns one message into deliveries to its devices.
type FanoutArgs struct {
	Message Message `json:"message"`
}

// Kind names the job for River.
func (FanoutArgs) Kind() string { return "push_fanout" }

// EnqueueTx queues messages inside tx (a bun.Tx: they exist exactly when the change
// they announce commits; anything else: in a transaction of their own). A service
// without a job queue (tests of other capabilities) pushes nothing.
func (s *Service) EnqueueTx(ctx context.Context, tx bun.IDB, msgs ...Message) error {
	if s == nil || s.Jobs == nil || len(msgs) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(msgs))
	for i, m := range msgs {
		params[i] = river.InsertManyParams{Args: FanoutArgs{Message: m}}
	}
	if t, ok := tx.(bun.Tx); ok {
		return s.Jobs.InsertManyTx(ctx, t, params)
	}
	return s.DB.Tx(ctx, func(ctx context.Context, t bun.Tx) error { return s.Jobs.InsertManyTx(ctx, t, params) })
}
