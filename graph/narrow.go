package graph

import (
	"maps"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/expresscs/cs/internal/order"
)

// A page of orders whose selection asks only for fields the list's readers use (a
// partner's status page, the phone's order list) reads only the columns those fields
// read, not all ~47 of orders: scanning the unused ones was a quarter of a partner
// page's CPU (issue #16). Any other field selected on the page's orders, at any depth,
// reads every column as before.

// columnSet is one of the fixed column sets a narrow page reads, each a superset of the
// one before. They are few and constant, not the exact columns of each selection, so that
// a narrow page has few statement texts (each prepared once on SQLite).
type columnSet int

const (
	statusColumns  columnSet = iota // a partner's status page: the waybill, its status and arrival
	summaryColumns                  // the phone's order list: and the receiver, goods, stage, creation
)

// listField is one field a narrow page answers: the columns of order.Order its resolver
// reads (through every method it calls) and the narrowest set holding them, or for an
// object field the fields of that object (the GraphQL type objectType) it answers.
type listField struct {
	set        columnSet
	columns    []string
	objectType string
	fields     map[string]listField
}

// viewColumns are what tracking.ViewOf reads: TrackingStatus, TrackingExceptionReason,
// and Order.IsLate's State, ETA and (IsDelivered) TrackingStatus.
var viewColumns = listField{columns: []string{"tracking_status", "tracking_exception_reason", "state", "eta"}}

// orderListFields are the Order fields a narrow page answers. Keep it to what the list's
// readers select, each entry checked against its resolver: a column missed here is a
// zero value served as a fact.
var orderListFields = map[string]listField{
	"__typename":              {},
	"id":                      {columns: []string{"id"}}, // order.Order.NodeID: relay.ID of ID
	"waybillNo":               {columns: []string{"waybill_no"}},
	"state":                   {columns: []string{"state"}},
	"expectedArrival":         {columns: []string{"eta"}}, // the field ETA
	"trackingStatus":          viewColumns,                // tracking.ViewOf(o).Status
	"trackingExceptionReason": viewColumns,                // tracking.ViewOf(o).ExceptionReason
	"late":                    viewColumns,                // tracking.ViewOf(o).Late
	"stage":                   {set: summaryColumns, columns: []string{"stage"}},
	"createdAt":               {set: summaryColumns, columns: []string{"created_at"}},
	"consignee": {set: summaryColumns, objectType: "OrderContact", fields: map[string]listField{ // order.Party, plain fields
		"__typename": {},
		"name":       {set: summaryColumns, columns: []string{"consignee_name"}},
		"city":       {set: summaryColumns, columns: []string{"consignee_city"}},
		"district":   {set: summaryColumns, columns: []string{"consignee_district"}},
	}},
	"goods": {set: summaryColumns, objectType: "Goods", fields: map[string]listField{ // order.Goods, plain field
		"__typename": {},
		"name":       {set: summaryColumns, columns: []string{"goods_name"}},
	}},
}

// orderListColumns are the columns of each set: those of every field in it or in a
// narrower one, with order.KeyColumns.
var orderListColumns = [...][]string{
	statusColumns:  order.Columns(columnsOf(orderListFields, statusColumns)...),
	summaryColumns: order.Columns(columnsOf(orderListFields, summaryColumns)...),
}

func columnsOf(fields map[string]listField, upTo columnSet) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if f := fields[name]; f.set <= upTo {
			out = append(append(out, f.columns...), columnsOf(f.fields, upTo)...)
		}
	}
	return out
}

// listColumns returns the columns a page of orders needs when every field node selects
// on them is one orderListFields answers, and nil (every column) otherwise, or when the
// request did not reach the node (no edges or no node selected, no operation).
func listColumns(node selection) []string {
	if node.op == nil {
		return nil
	}
	set, ok := answeredBy(node.op, node.fields, orderListFields)
	if !ok {
		return nil
	}
	return orderListColumns[set]
}

// answeredBy reports whether allowed answers every field of selected, and the narrowest
// column set that does.
func answeredBy(op *graphql.OperationContext, selected []graphql.CollectedField, allowed map[string]listField) (columnSet, bool) {
	var set columnSet
	for _, f := range selected {
		a, ok := allowed[f.Name]
		if !ok || len(f.Arguments) > 0 {
			return 0, false
		}
		set = max(set, a.set)
		if a.fields != nil {
			inner, ok := answeredBy(op, graphql.CollectFields(op, f.Selections, []string{a.objectType}), a.fields)
			if !ok {
				return 0, false
			}
			set = max(set, inner)
		}
	}
	return set, true
}
