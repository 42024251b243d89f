// Package order owns orders (订单/运单): intake with the checks users expect (mainland
// phone formats, address parts, positive weight and volume, declared value when insured
// and under the configured cap, a required arrival within the horizon, every free-text
// field through internal/text), the dangerous-goods catalogue each organisation keeps
// (prohibited items refused naming the rule, restricted ones flagged for verification),
// waybill numbers with a UPU S10 check digit and the one-typo suggestions a staff miss
// offers, verification of each element before release, changes whose effect depends on
// the stage (edit, reprint, cancel a printed order once its slips are back, retrieve and
// relabel, after-sales ticket once shipped), the fixed-form remark and full history every
// change leaves, and who may see which order and in how much detail.
package order
