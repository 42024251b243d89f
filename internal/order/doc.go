// Package order owns orders (订单/运单): intake with the checks users expect (mainland
// phone formats, address parts, positive weight and volume, declared value when
// insured, dangerous goods refused), waybill numbers with a UPU S10 check digit,
// verification of each element before release, changes whose effect depends on the
// stage (edit, reprint, retrieve and relabel, after-sales), the fixed-form remark and
// full history every change leaves, and who may see which order and in how much detail.
package order
