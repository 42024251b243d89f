// Package reconcile owns the month-end reconciliation with consignment stations (托运站
// 对账): stations with their contract rates, each hand-over of an order to a station and
// the charge it should cost, the charges the station bills per waybill (imported from a
// CSV or its API, idempotently), the comparison per station and month (mismatches over
// the station's tolerance, missing receipts, unknown waybills), the agents' decisions on
// each anomaly (accepted, disputed with a reason the station can read, corrected), the
// supervisor's sign-off that freezes the month exactly as signed, and the statement CSV.
package reconcile
