// Package identity owns the organisation (group → region → branch → depot), staff and
// their roles and reporting chain, partner API clients, passwords (and the bound on
// password checks running at once), the login throttle, signing keys, access and refresh
// tokens, the staff's session versions that end every token of a deactivated person, the
// caller's Principal carried in the request context with its organisational Reach
// (computed from the token and an in-memory snapshot of the organisation tree, see OrgTree
// and Org), the questions capabilities ask about the tree and its people (ancestors,
// depots under a unit, staff with a role, the next managers up), and the audit logs of
// personal-data reveals (ContactReveals) and staff deactivations.
package identity
