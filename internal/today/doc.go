// Package today owns what the Today screen and the tab bar's badges say waits for the
// person: swap requests to answer, approvals (swaps, leave, claims), unread notices and
// notifications, tickets due soon. It reads the tables of the roster, ticket and
// checklist capabilities in one statement, with the same rules their inboxes apply, so a
// badge never disagrees with the list it leads to.
package today
