// Package tariff owns what the company charges and promises (收费标准/时效标准): tariffs
// published by managers with an effective date, zones by origin and destination, first
// and continued weight prices per service, chargeable (volumetric) weight, minimum
// charges, surcharges, value-added services, transit-time standards counted on the
// organisation's holiday calendar, and the quotes agents give customers from them.
//
// The rules (Price, Arrival, Recommend) are plain Go over a Tariff document; the Service
// stores published tariffs (immutable: a rate change is a new tariff from a later date,
// announced by a 运价调整 notice that links to it) and quotes, which intake turns into
// orders at the quoted price and arrival.
package tariff
