package order_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/expresscs/cs/internal/order"
)

func TestAnAddressChangeRemarkShowsNoStreetAddress(t *testing.T) {
	after := order.Party{Name: "刘女士", Phone: "13987654321", Province: "浙江省", City: "杭州市", District: "西湖区", Detail: "文三路 200 号 3 幢 501"}
	raw, _ := json.Marshal(after)
	// A remark written before remarks were masked named the street address in full.
	h := &order.HistoryEntry{Kind: order.HistAddressChange, AfterJSON: string(raw),
		Remark: "客户要求修改收件信息,新地址为:浙江省杭州市西湖区文三路 200 号 3 幢 501 刘女士 13987654321,已改单 — 2026-11-23 张伟"}
	got := h.MaskedRemark()
	if strings.Contains(got, "文三路") || strings.Contains(got, "13987654321") {
		t.Fatalf("the remark still shows the street or the phone: %s", got)
	}
	if !strings.Contains(got, "浙江省杭州市西湖区****") || !strings.Contains(got, "139****4321") || !strings.Contains(got, "2026-11-23 张伟") {
		t.Errorf("the remark lost what everyone may read: %s", got)
	}
	other := &order.HistoryEntry{Kind: order.HistCancel, Remark: "客户要求取消订单(原因:不要了),已作废运单 — 2026-11-23 张伟"}
	if other.MaskedRemark() != other.Remark {
		t.Error("a remark without an address changed")
	}
}
