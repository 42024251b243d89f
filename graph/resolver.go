// Package graph adapts the domain to GraphQL: thin resolvers (decode, call one service
// method, map), Relay ids, per-request dataloaders, the @hasRole directive, the error
// presenter that turns domain errors into coded, localised GraphQL errors, and the
// request limits.
package graph

import (
	"time"

	"github.com/expresscs/cs/internal/checklist"
	"github.com/expresscs/cs/internal/event"
	"github.com/expresscs/cs/internal/identity"
	"github.com/expresscs/cs/internal/media"
	"github.com/expresscs/cs/internal/order"
	"github.com/expresscs/cs/internal/partner"
	"github.com/expresscs/cs/internal/phrase"
	"github.com/expresscs/cs/internal/push"
	"github.com/expresscs/cs/internal/reconcile"
	"github.com/expresscs/cs/internal/retention"
	"github.com/expresscs/cs/internal/roster"
	"github.com/expresscs/cs/internal/tariff"
	"github.com/expresscs/cs/internal/ticket"
	"github.com/expresscs/cs/internal/today"
	"github.com/expresscs/cs/internal/tracking"
)

// Resolver holds the services resolvers call. It is built once at start-up.
type Resolver struct {
	Identity      *identity.Service
	Roster        *roster.Service
	OrderService  *order.Service
	Tracking      *tracking.Service
	TicketService *ticket.Service
	Checklist     *checklist.Service
	Media         *media.Service
	Partners      *partner.Service
	Push          *push.Service
	Today         *today.Service
	Tariffs       *tariff.Service
	Reconcile     *reconcile.Service
	Phrases       *phrase.Service
	Retention     *retention.Service
	// Events delivers the announcements subscriptions wait for.
	Events event.Bus
	// LoaderWait is how long each request's loaders collect keys before they query; zero
	// means the default (2 ms). Tests that count statements set a long wait so a loaded
	// machine cannot split a level into two batches.
	LoaderWait time.Duration
}
