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

// listField is one field a narrow page answers: the columns of order.Order its resolver
// reads (through every method it calls), or for an object field the fields of that
// object it answers, on the GraphQL type named objectType.
type listField struct {
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
	"id":                      {columns: []string{"id"}}, // orderResolver.ID: GlobalID of ID
	"waybillNo":               {columns: []string{"waybill_no"}},
	"state":                   {columns: []string{"state"}},
	"stage":                   {columns: []string{"stage"}},
	"createdAt":               {columns: []string{"created_at"}},
	"expectedArrival":         {columns: []string{"eta"}}, // orderResolver.ExpectedArrival: ETA
	"trackingStatus":          viewColumns,                // tracking.ViewOf(o).Status
	"trackingExceptionReason": viewColumns,                // tracking.ViewOf(o).ExceptionReason
	"late":                    viewColumns,                // tracking.ViewOf(o).Late
	"consignee": {objectType: "OrderContact", fields: map[string]listField{ // order.Party, plain fields
		"__typename": {},
		"name":       {columns: []string{"consignee_name"}},
		"city":       {columns: []string{"consignee_city"}},
		"district":   {columns: []string{"consignee_district"}},
	}},
	"goods": {objectType: "Goods", fields: map[string]listField{ // order.Goods, plain field
		"__typename": {},
		"name":       {columns: []string{"goods_name"}},
	}},
}

// orderListColumns are the columns of a narrow page: every column orderListFields name,
// whichever of them a request selects, so that a narrow page has one statement text
// (prepared once on SQLite) however its fields are combined.
var orderListColumns = order.Columns(columnsOf(orderListFields)...)

func columnsOf(fields map[string]listField) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		f := fields[name]
		out = append(append(out, f.columns...), columnsOf(f.fields)...)
	}
	return out
}

// answeredByListColumns reports whether every field node selects on a page's orders is
// one orderListFields answers. A node the request did not reach (no edges or no node
// selected, no operation) reads every column, as does anything unknown.
func answeredByListColumns(node selection) bool {
	return node.op != nil && answeredBy(node.op, node.fields, orderListFields)
}

func answeredBy(op *graphql.OperationContext, selected []graphql.CollectedField, allowed map[string]listField) bool {
	for _, f := range selected {
		a, ok := allowed[f.Name]
		if !ok || len(f.Arguments) > 0 {
			return false
		}
		if a.fields != nil && !answeredBy(op, graphql.CollectFields(op, f.Selections, []string{a.objectType}), a.fields) {
			return false
		}
	}
	return true
}
