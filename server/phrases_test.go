package main

import (
	"slices"
	"testing"
)

const createPhraseMutation = `mutation($k: String!) { createPhrase(input: {idempotencyKey: $k, situation: APOLOGY, textZh: "非常抱歉给您带来不便。", textEn: "We are sorry for the inconvenience.", order: 10}) { phrase { id version } } }`

// phrases has the Shanghai branch's manager add a phrase for the branch.
func (f *reachFixture) phrases(t *testing.T) {
	t.Helper()
	r := f.q(t, "CS3001", createPhraseMutation, map[string]any{"k": key()})
	f.id["phrase"] = r.path("createPhrase", "phrase", "id").(string)
}

// A reply built from a phrase is counted for the depot's supervisor with the reply, once
// however often the phone retries it, and the app gets the forbidden openings to check
// replies offline.
func TestAReplyFromAPhraseIsCountedForCoaching(t *testing.T) {
	eachServer(t, func(t *testing.T, s *testServer) {
		f := newReachFixture(t, s)
		book := f.q(t, "CS1001", `{ phraseBook { phrases { id situation textZh canEdit } forbiddenOpenings politeOpenings } }`, nil)
		phrases := book.path("phraseBook", "phrases").([]any)
		if len(phrases) != 1 || phrases[0].(map[string]any)["id"] != f.id["phrase"] || phrases[0].(map[string]any)["canEdit"] != false {
			t.Fatalf("the agent's phrase book: %s", book.Raw)
		}
		if book.Statements > 1 {
			t.Errorf("the phrase book ran %d statements, want 1", book.Statements)
		}
		openings := book.path("phraseBook", "forbiddenOpenings").([]any)
		for _, o := range []string{"不行", "没办法", "不知道", "不清楚", "这不归我管", "你自己看"} {
			if !slices.Contains(openings, any(o)) {
				t.Errorf("%s is not among the forbidden openings", o)
			}
		}
		comment := `mutation($k: String!, $t: ID!, $p: ID) { addTicketComment(input: {idempotencyKey: $k, ticketId: $t, body: "非常抱歉给您带来不便。我们马上核实", phraseId: $p}) { replayed } }`
		vars := map[string]any{"k": key(), "t": f.id["ticket"], "p": f.id["phrase"]}
		f.q(t, "CS1001", comment, vars)
		if r := f.q(t, "CS1001", comment, vars); r.path("addTicketComment", "replayed") != true {
			t.Fatalf("the retry was not a replay: %s", r.Raw)
		}
		r := s.post(comment, map[string]any{"k": key(), "t": f.id["ticket"], "p": GlobalIDForTest("Phrase", "none")}, withToken(f.tok["CS1001"]))
		if r.Code() != "NOT_FOUND" {
			t.Fatalf("an unknown phrase: %s", r.Raw)
		}
		usage := f.q(t, "CS2001", `query($d: ID!, $m: String!) { phraseUsage(depotId: $d, month: $m) { employeeNo forbiddenOpenings phrases { uses phrase { id } } } }`,
			map[string]any{"d": f.id["depot"], "m": f.month})
		if usage.Statements > 3 {
			t.Errorf("the usage report ran %d statements, want at most 3 (uses, staff, phrases)", usage.Statements)
		}
		rows := usage.path("phraseUsage").([]any)
		if len(rows) != 1 {
			t.Fatalf("usage: %s", usage.Raw)
		}
		row := rows[0].(map[string]any)
		uses := row["phrases"].([]any)
		if row["employeeNo"] != "CS1001" || len(uses) != 1 || uses[0].(map[string]any)["uses"] != float64(1) {
			t.Fatalf("usage: %s", usage.Raw)
		}
	})
}
