package graph

import (
	"github.com/expresscs/cs/graph/model"
	"github.com/expresscs/cs/internal/identity"
)

// revealFilter decodes the filter of contactReveals.
func revealFilter(in *model.ContactRevealFilter) (identity.RevealFilter, error) {
	var f identity.RevealFilter
	if in == nil {
		return f, nil
	}
	var err error
	if f.RevealedBy, err = optionalKey(in.RevealedBy, "Staff"); err != nil {
		return f, err
	}
	if f.OrderID, err = optionalKey(in.Order, "Order"); err != nil {
		return f, err
	}
	if f.StaffID, err = optionalKey(in.Staff, "Staff"); err != nil {
		return f, err
	}
	f.From, f.To = in.From, in.To
	return f, nil
}
