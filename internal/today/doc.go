// Package today owns what the Today screen and the tab bar's badges say waits for the
// person: swap requests to answer, approvals (swaps, leave, claims), unread notices and
// notifications, tickets due soon. It owns no table: the roster, ticket and checklist
// capabilities each hand it COUNT subqueries over their own tables, written beside
// their inboxes so a badge never disagrees with the list it leads to, and it runs them
// as one statement.
package today
