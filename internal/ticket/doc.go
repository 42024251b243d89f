// Package ticket owns what happens when something goes wrong with a parcel or a customer
// has something to say: tickets (enquiries, exceptions, complaints, suggestions) with their
// timeline, SLA clocks and breaches, the four-level escalation ladder, handover between
// shifts, the restated problem and promised plan, claims with approval limits, the
// follow-up call on closing, over/short-goods reports for the group verifier, and the
// managers' report.
//
// Who sees a ticket: staff of the ticket's depot, its assignee, managers and admins (which
// covers everyone above the depot on the escalation ladder). Partners see no tickets.
// Verifiers see over/short-goods reports, not tickets.
//
// Photos: a comment or an over/short report attaches photos its author uploaded (media
// checks that inside the write's transaction); whoever may see the ticket or report may see
// its photos.
package ticket
