// Package identity owns the organisation (group → region → branch → depot), staff and
// their roles and reporting chain, partner API clients, passwords, signing keys, access
// and refresh tokens, the caller's Principal carried in the request context, and the
// audit log of personal-data reveals.
package identity
