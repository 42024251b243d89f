package main

import "testing"

// Retention through the API: an organisation's admins read and set how long tracking
// history and audit rows are kept (null: forever, the default; 180 to 36,500 days),
// versioned; a manager is refused.
func TestRetentionSettingsThroughTheAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		admin, _ := s.login("CS9001")
		manager, _ := s.login("CS3001")
		r := s.post(`{ retentionSettings { version historyDays } }`, nil, withToken(admin)).must(t)
		if r.path("retentionSettings", "historyDays") != nil {
			t.Fatalf("default: %s", r.Raw)
		}
		v := r.path("retentionSettings", "version")
		const set = `mutation($v: Int!, $d: Int) { updateRetentionSettings(input: {version: $v, historyDays: $d}) { settings { version historyDays } } }`
		if r := s.post(set, map[string]any{"v": v, "d": 365}, withToken(manager)); r.Code() != "FORBIDDEN" {
			t.Fatalf("a manager set the retention: %s", r.Raw)
		}
		if r := s.post(set, map[string]any{"v": v, "d": 179}, withToken(admin)); r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("179 days were accepted: %s", r.Raw)
		}
		r = s.post(set, map[string]any{"v": v, "d": 365}, withToken(admin)).must(t)
		if r.path("updateRetentionSettings", "settings", "historyDays") != float64(365) {
			t.Fatalf("update: %s", r.Raw)
		}
		if r := s.post(set, map[string]any{"v": v, "d": 200}, withToken(admin)); r.Code() != "CONFLICT" {
			t.Fatalf("a stale version was not refused: %s", r.Raw)
		}
		r = s.post(`{ retentionSettings { version historyDays } }`, nil, withToken(admin)).must(t)
		if r.path("retentionSettings", "historyDays") != float64(365) {
			t.Fatalf("read back: %s", r.Raw)
		}
	})
}
