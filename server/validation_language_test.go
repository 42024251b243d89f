package main

import (
	"testing"

	"github.com/expresscs/cs/internal/db/dbtest"
)

// TestValidationMessagesSpeakTheCallersLanguage: a document or variables that do not fit
// the schema are explained in Chinese to a zh-CN caller (names kept), in English to an
// English one, and a variable's error names the variable.
func TestValidationMessagesSpeakTheCallersLanguage(t *testing.T) {
	s := newTestServer(t, dbtest.SQLite(t))
	access, _ := s.login("CS1001")
	cases := []struct {
		query  string
		vars   map[string]any
		zh, en string
	}{
		{`{ me { nmae } }`, nil,
			`查询不符合接口定义: 类型 "Staff" 没有字段 "nmae"。是否想用 "name"?`,
			`The query does not match the schema: Cannot query field "nmae" on type "Staff". Did you mean "name"?`},
		{`{ orders(frist: 1) { totalCount } }`, nil,
			`查询不符合接口定义: 字段 "Query.orders" 没有参数 "frist"。是否想用 "first" 或 "last"?`,
			`The query does not match the schema: Unknown argument "frist" on field "Query.orders". Did you mean "first" or "last"?`},
		{`{ orderByWaybill { id } }`, nil,
			`查询不符合接口定义: 字段 "orderByWaybill" 缺少必填参数 "waybillNo"(类型 "String!")。`,
			`The query does not match the schema: Field "orderByWaybill" argument "waybillNo" of type "String!" is required, but it was not provided.`},
		{`{ me }`, nil,
			`查询不符合接口定义: 字段 "me"(类型 "Staff!")须选择子字段。是否想用 "me { ... }"?`,
			`The query does not match the schema: Field "me" of type "Staff!" must have a selection of subfields. Did you mean "me { ... }"?`},
		{`query($w: String!) { orderByWaybill(waybillNo: $w) { id } }`, nil,
			`查询不符合接口定义: 变量 w: 必须提供`,
			`The query does not match the schema: variable w: must be defined`},
		{`query($n: Int) { orders(first: $n) { totalCount } }`, map[string]any{"n": "x"},
			`查询不符合接口定义: 变量 n: Int 须为数字,不能是字符串(请去掉引号)`,
			`The query does not match the schema: variable n: Int cannot represent a string; send the number without quotes`},
		{`query($n: Int) { orders(first: $n) { totalCount } }`, map[string]any{"n": 2.5},
			`查询不符合接口定义: 变量 n: Int 须为整数`,
			`The query does not match the schema: variable n: Int cannot represent a non-integer number`},
		{`query($b: Boolean) { orders(first: 1, lateOnly: $b) { totalCount } }`, map[string]any{"b": 1},
			`查询不符合接口定义: 变量 b: Boolean 须为 true 或 false,不能是数字`,
			`The query does not match the schema: variable b: Boolean cannot represent a number`},
		{`query($b: Boolean) { orders(first: 1, lateOnly: $b) { totalCount } }`, map[string]any{"b": "true"},
			`查询不符合接口定义: 变量 b: 不能把 string 当作 Boolean 使用`,
			`The query does not match the schema: variable b: cannot use string as Boolean`},
		{`query($w: String!) { orderByWaybill(waybillNo: $w) { id } }`, map[string]any{"w": 123},
			`查询不符合接口定义: 变量 w: String 须为字符串,不能是数字(请加引号)`,
			`The query does not match the schema: variable w: String cannot represent a number; send the text in quotes`},
		{`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": 1.5},
			`查询不符合接口定义: 变量 id: ID 须为字符串或整数`,
			`The query does not match the schema: variable id: ID cannot represent a number that is not an integer; send it as a string`},
		{`query($s: OrderState) { orders(first: 1, state: $s) { totalCount } }`, map[string]any{"s": "released"},
			`查询不符合接口定义: 变量 s: 不是 OrderState 的取值,可选:PENDING_VERIFICATION, RELEASED, CANCELLED`,
			`The query does not match the schema: variable s: not a value of OrderState: PENDING_VERIFICATION, RELEASED, CANCELLED`},
		{`query($s: OrderState) { orders(first: 1, state: $s) { totalCount } }`, map[string]any{"s": "\u202eRELEASED"},
			`查询不符合接口定义: 变量 s: 不是 OrderState 的取值,可选:PENDING_VERIFICATION, RELEASED, CANCELLED`,
			`The query does not match the schema: variable s: not a value of OrderState: PENDING_VERIFICATION, RELEASED, CANCELLED`},
		{`mutation($in: IntakeOrderInput!) { intakeOrder(input: $in) { order { id } } }`, map[string]any{"in": map[string]any{"bogus": 1}},
			`查询不符合接口定义: 变量 in.bogus: 没有这个字段`,
			`The query does not match the schema: variable in.bogus: unknown field`},
		{`{ orders(first: "x") { totalCount } }`, nil,
			`查询不符合接口定义: Int 须为整数,实际为 "x"`,
			`The query does not match the schema: Int cannot represent non-integer value: "x"`},
		{`subscription { __typename }`, nil,
			`查询不符合接口定义: 匿名订阅不能选择内省字段作为顶层字段。`,
			`The query does not match the schema: Anonymous Subscription must not select an introspection top level field.`},
		{`subscription Live { __typename }`, nil,
			`查询不符合接口定义: 订阅 "Live" 不能选择内省字段作为顶层字段。`,
			`The query does not match the schema: Subscription "Live" must not select an introspection top level field.`},
		{`mutation { logout(input: {bogus: 1}) { revoked } }`, nil,
			`查询不符合接口定义: 类型 "LogoutInput" 没有字段 "bogus"。`,
			`The query does not match the schema: Field "bogus" is not defined by type "LogoutInput".`},
		{`mutation { intakeOrder(input: {}) { order { id } } }`, nil,
			`查询不符合接口定义: 缺少必填字段 "IntakeOrderInput.idempotencyKey"(类型 "String!")。`,
			`The query does not match the schema: Field "IntakeOrderInput.idempotencyKey" of required type "String!" was not provided.`},
		{`{ orders(first: 1, state: released) { totalCount } }`, nil,
			`查询不符合接口定义: 枚举 "OrderState" 没有取值 "released"。是否想用 "RELEASED"?`,
			`The query does not match the schema: Value "released" does not exist in "OrderState" enum. Did you mean the enum value "RELEASED"?`},
		{`{ me { x: name x: id } }`, nil,
			`查询不符合接口定义: 字段 "x" 相互冲突:同一名称下的字段须相同,否则请用不同的别名。`,
			`The query does not match the schema: Fields "x" conflict because "name" and "id" are different fields. Use different aliases on the fields to fetch both if this was intentional.`},
		{`{ me @include(if: true) @include(if: true) { name } }`, nil,
			`查询不符合接口定义: 指令 "@include" 在此处只能使用一次。`,
			`The query does not match the schema: The directive "@include" can only be used once at this location.`},
		{`{ me { ...F } }`, nil,
			`查询不符合接口定义: 未知片段 "F"。`,
			`The query does not match the schema: Unknown fragment "F".`},
	}
	for _, c := range cases {
		for lang, want := range map[string]string{"zh-CN": c.zh, "en": c.en} {
			r := s.post(c.query, c.vars, withToken(access), withHeader("Accept-Language", lang))
			if r.Code() != "GRAPHQL_VALIDATION_FAILED" || r.Errors[0].Message != want {
				t.Errorf("%s (%s):\n got %s %q\nwant %q", c.query, lang, r.Code(), firstMessage(r), want)
			}
		}
	}
}

func firstMessage(r *gqlResult) string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// TestCustomScalarsNameTheirSpecifications: Time, Date and Upload say by @specifiedBy which
// specification their values follow, so generic clients can parse them.
func TestCustomScalarsNameTheirSpecifications(t *testing.T) {
	s := newTestServer(t, dbtest.SQLite(t))
	r := s.post(`{ time: __type(name: "Time") { specifiedByURL } date: __type(name: "Date") { specifiedByURL } upload: __type(name: "Upload") { specifiedByURL } }`, nil).must(t)
	for alias, want := range map[string]string{
		"time":   "https://scalars.graphql.org/andimarek/date-time.html",
		"date":   "https://ibm.github.io/graphql-specs/custom-scalars/date.html",
		"upload": "https://github.com/jaydenseric/graphql-multipart-request-spec",
	} {
		if got := r.path(alias, "specifiedByURL"); got != want {
			t.Errorf("%s: specifiedByURL = %v, want %s", alias, got, want)
		}
	}
}
