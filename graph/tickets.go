package graph

import (
	"context"
	"time"

	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/ticket"
)

// optKey decodes an optional global id of one type; nil or empty gives "".
func optKey(id *string, typ string) (string, error) {
	if id == nil || *id == "" {
		return "", nil
	}
	return keyOf(*id, typ)
}

func fenOf(v *int) *int64 {
	if v == nil {
		return nil
	}
	f := int64(*v)
	return &f
}

// seconds renders an optional duration as whole seconds.
func seconds(d *time.Duration) *int {
	if d == nil {
		return nil
	}
	s := int(d.Seconds())
	return &s
}

// staffOf loads an optional staff member through the request's loader.
func staffOf(ctx context.Context, id *string) (*identity.Staff, error) {
	if id == nil {
		return nil, nil
	}
	return LoadersFrom(ctx).StaffByID.Load(ctx, *id)
}

// unitOf loads an optional organisation unit through the request's loader.
func unitOf(ctx context.Context, id *string) (*identity.OrgUnit, error) {
	if id == nil || *id == "" {
		return nil, nil
	}
	return LoadersFrom(ctx).OrgUnitByID.Load(ctx, *id)
}

func ticketPayload(t *ticket.Ticket, replayed bool, err error) (*model.TicketPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.TicketPayload{Ticket: t, Replayed: replayed}, nil
}

func claimPayload(c *ticket.Claim, replayed bool, err error) (*model.ClaimPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ClaimPayload{Claim: c, Replayed: replayed}, nil
}

func overShortPayload(r *ticket.OverShortReport, replayed bool, err error) (*model.OverShortReportPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.OverShortReportPayload{Report: r, Replayed: replayed}, nil
}
