package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
	"github.com/expresscs/cs/internal/identity"
)

// PartnerHidden keeps the carrier's people and organisation from partner clients: an
// operation that a partner sends and that selects a staff member anywhere (a field
// returning Staff, a field of Staff, a fragment on Staff) or walks the organisation tree
// (OrgUnit's parent, children or staff) is refused as a whole with FORBIDDEN,
// extensions.field naming the first such field ("Photo.uploadedBy", "OrgUnit.parent"),
// before any field runs, over every transport. A partner sees its own parcels, not who
// handled them or how the carrier is organised (README, "API for third parties"). The
// root fields that answer these types (me, orgUnits, staff, …) refused partners already;
// fields of a partner's own objects that lead to them (a return photo's uploader with
// name, employee number and phone; an order's depot and, through its parent, the whole
// tree with every unit's code) did not. The order's own depot (its id, code, name, kind
// and time zone) stays a partner's to read: it is where its parcels are handled.
// PartnerClient.salesperson is left to its resolver, which answers a partner null, as
// documented. Staff and anonymous callers are not checked here.
type PartnerHidden struct{}

// partnerHiddenTypes are the types no partner operation may select; partnerHiddenFields
// the fields of other types it may not (as "Type.field").
var (
	partnerHiddenTypes  = []string{"Staff", "StaffConnection", "StaffEdge"}
	partnerHiddenFields = []string{"OrgUnit.parent", "OrgUnit.children", "OrgUnit.staff"}
	partnerLeftToFields = []string{"PartnerClient.salesperson"}
)

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = PartnerHidden{}

// ExtensionName names the extension for gqlgen.
func (PartnerHidden) ExtensionName() string { return "PartnerHidden" }

// Validate has nothing to check in the schema.
func (PartnerHidden) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext refuses a partner's operation that selects a hidden type.
func (PartnerHidden) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	p := identity.PrincipalFrom(ctx)
	if p == nil || p.Kind != identity.KindPartner || rc.Operation == nil {
		return nil
	}
	field := hiddenSelection(rc.Operation.SelectionSet, map[string]bool{})
	if field == "" {
		return nil
	}
	return codedError(ctx, apperr.E("graph.partnerHidden", apperr.Forbidden).With("field", field).
		Explain("合作方客户端不能查询承运方的员工和组织", "Partner clients cannot select the carrier's staff or organisation"))
}

// hiddenSelection is the first field of set (fragments followed, each once) that returns
// or belongs to a hidden type or is a hidden field, as "Type.field" (a fragment on a
// hidden type as the type's name), or "" when there is none.
func hiddenSelection(set ast.SelectionSet, seen map[string]bool) string {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Definition == nil || s.ObjectDefinition == nil {
				continue
			}
			name := s.ObjectDefinition.Name + "." + s.Name
			if slices.Contains(partnerLeftToFields, name) {
				continue
			}
			if slices.Contains(partnerHiddenTypes, s.Definition.Type.Name()) || slices.Contains(partnerHiddenTypes, s.ObjectDefinition.Name) ||
				slices.Contains(partnerHiddenFields, name) {
				return name
			}
			if f := hiddenSelection(s.SelectionSet, seen); f != "" {
				return f
			}
		case *ast.InlineFragment:
			if slices.Contains(partnerHiddenTypes, s.TypeCondition) {
				return s.TypeCondition
			}
			if f := hiddenSelection(s.SelectionSet, seen); f != "" {
				return f
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if slices.Contains(partnerHiddenTypes, s.Definition.TypeCondition) {
				return s.Definition.TypeCondition
			}
			if f := hiddenSelection(s.Definition.SelectionSet, seen); f != "" {
				return f
			}
		}
	}
	return ""
}
