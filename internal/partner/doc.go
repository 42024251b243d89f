// Package partner owns the third-party API's clients beyond their credentials (which
// identity checks): administration (create, rotate the secret, revoke, scopes, budget),
// admission of partner requests (a revoked client's tokens stop working; a per-client
// cost budget that refills over time), persisted operations, and signed webhooks with
// durable, retried, replayable deliveries.
package partner
