// Package roster owns working time: attendance punches today; shift types, duty rosters,
// swaps, leave and holidays as the workforce capability grows.
package roster
