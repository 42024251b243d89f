// Package roster owns working time: shift types per depot, the monthly duty roster
// (draft, published, copied from last month, assigned in bulk), who is on duty, the
// organisation's holiday calendar (China's public holidays and 调休 working days loaded
// by default; IsWorkingDay applies them for capabilities that schedule by working days),
// shift swaps and leave with their rules (each refusal a stable code with a Chinese and
// English explanation, limits configurable per organisation), withdrawing a pending swap
// or leave request, the colleagues who could cover a shift by a swap, open shifts that
// colleagues claim and a supervisor fills (openshifts.go), level-by-level
// leave approval with delegates, the approvals inbox, roster notifications, and
// attendance punches compared with the roster (late arrival, early leave, absence,
// approved leave).
//
// Rules are plain functions over facts loaded in a fixed number of queries (rules.go),
// so a dry run, a request, an approval and a whole inbox check them the same way.
package roster
