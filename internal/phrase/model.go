package phrase

import (
	"slices"
	"time"

	"github.com/uptrace/bun"
)

// Situation is when a phrase is said.
type Situation string

// The situations of the handbook, in the order the phone app shows them.
const (
	Greeting     Situation = "GREETING"
	AskToWait    Situation = "ASK_TO_WAIT"
	Apology      Situation = "APOLOGY"
	Thanks       Situation = "THANKS"
	ExplainDelay Situation = "EXPLAIN_DELAY"
	Closing      Situation = "CLOSING"
)

// Situations lists every situation in display order.
var Situations = []Situation{Greeting, AskToWait, Apology, Thanks, ExplainDelay, Closing}

// Valid reports whether s is a known situation.
func (s Situation) Valid() bool { return slices.Contains(Situations, s) }

// Phrase is one standard phrase of a unit: the organisation (for everyone in it) or a
// branch or region (for the depots under it). Retired phrases stay for the usage report.
type Phrase struct {
	bun.BaseModel `bun:"table:phrases"`

	ID        string    `bun:"id,pk"`
	OrgID     string    `bun:"org_id"`
	UnitID    string    `bun:"unit_id"`
	Situation Situation `bun:"situation"`
	TextZH    string    `bun:"text_zh"`
	TextEN    string    `bun:"text_en"`
	Order     int       `bun:"sort_order"`
	Active    bool      `bun:"active"`
	Version   int       `bun:"version"`
	CreatedBy string    `bun:"created_by"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedBy string    `bun:"updated_by"`
	UpdatedAt time.Time `bun:"updated_at"`

	// Editable says whether the caller who read it may edit it (not stored).
	Editable bool `bun:"-" json:"editable"`
}

// Use is one ticket comment that used a phrase, opened with a forbidden phrase, or both.
type Use struct {
	bun.BaseModel `bun:"table:phrase_uses"`

	ID               string    `bun:"id,pk"`
	DepotID          string    `bun:"depot_id"`
	StaffID          string    `bun:"staff_id"`
	PhraseID         *string   `bun:"phrase_id"`
	TicketID         string    `bun:"ticket_id"`
	ForbiddenOpening bool      `bun:"forbidden_opening"`
	UsedAt           time.Time `bun:"used_at"`
}
