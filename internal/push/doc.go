// Package push owns Web Push to staff phones with the app closed: the application
// server's VAPID keys (RFC 8292), each person's browser subscriptions per device, and the
// delivery of notifications (a swap to answer, an approval needed, a decision on one's
// own request, a ticket assigned or handed over, an escalation, a roster change) as
// aes128gcm-encrypted messages (RFC 8291) posted to the push service (RFC 8030).
//
// Deliveries are River jobs inserted in the transaction of the change they announce: a
// fan-out job per notification finds the person's devices and when they may be
// disturbed (quiet hours outside their shifts for anything not urgent) and inserts one
// delivery job per device, retried with backoff. A push service answering 404 or 410
// says the subscription is gone, and it is removed.
package push
