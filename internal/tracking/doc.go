// Package tracking owns where every parcel is: tracking events from scanners and
// partners (one or a batch of up to 1,000, idempotent by event key, accepted in any
// arrival order), the current status by milestone rules, the expected arrival per
// service revised as events arrive, late parcels as exceptions, the customer's look-up
// by waybill and phone digits (guesses counted per waybill and client address, under a
// per-waybill ceiling), the twice-daily tracking rounds of each depot, and the
// agent's arrival confirmation, and the history's tables: monthly partitions and the
// removal of expired events that retention asks for (History).
package tracking
