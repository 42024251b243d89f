package graph

import (
	"regexp"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/expresscs/cs/internal/apperr"
)

// The GraphQL engine explains a document that does not fit the schema in English. For a
// zh-CN caller these sentences are given in Chinese: each pattern below is one sentence the
// validator (github.com/vektah/gqlparser/v2/validator) writes, with its names kept. A
// sentence not listed stays in English after the Chinese summary.
var zhValidation = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^Cannot query field "([^"]*)" on type "([^"]*)"\.`), `类型 "$2" 没有字段 "$1"。`},
	{regexp.MustCompile(`^Unknown argument "([^"]*)" on field "([^"]*)"\.`), `字段 "$2" 没有参数 "$1"。`},
	{regexp.MustCompile(`^Unknown argument "([^"]*)" on directive "([^"]*)"\.`), `指令 "$2" 没有参数 "$1"。`},
	{regexp.MustCompile(`^Field "([^"]*)" argument "([^"]*)" of type "([^"]*)" is required, but it was not provided\.`), `字段 "$1" 缺少必填参数 "$2"(类型 "$3")。`},
	{regexp.MustCompile(`^Directive "([^"]*)" argument "([^"]*)" of type "([^"]*)" is required, but it was not provided\.`), `指令 "$1" 缺少必填参数 "$2"(类型 "$3")。`},
	{regexp.MustCompile(`^Field "([^"]*)" of type "([^"]*)" must have a selection of subfields\.`), `字段 "$1"(类型 "$2")须选择子字段。`},
	{regexp.MustCompile(`^Field "([^"]*)" must not have a selection since type "([^"]*)" has no subfields\.`), `字段 "$1" 的类型 "$2" 没有子字段,不能再选择。`},
	{regexp.MustCompile(`^Variable "([^"]*)" is never used(?: in operation "([^"]*)")?\.`), `变量 "$1" 未被使用。`},
	{regexp.MustCompile(`^Variable "([^"]*)" is not defined(?: by operation "([^"]*)")?\.`), `变量 "$1" 未定义。`},
	{regexp.MustCompile(`^Variable "([^"]*)" of type "([^"]*)" used in position expecting type "([^"]*)"\.`), `变量 "$1" 的类型 "$2" 与此处要求的类型 "$3" 不符。`},
	{regexp.MustCompile(`^Variable "([^"]*)" cannot be non-input type "([^"]*)"\.`), `变量 "$1" 不能是非输入类型 "$2"。`},
	{regexp.MustCompile(`^Unknown type "([^"]*)"\.`), `未知类型 "$1"。`},
	{regexp.MustCompile(`^Unknown fragment "([^"]*)"\.`), `未知片段 "$1"。`},
	{regexp.MustCompile(`^Fragment "([^"]*)" is never used\.`), `片段 "$1" 未被使用。`},
	{regexp.MustCompile(`^Unknown directive "([^"]*)"\.`), `未知指令 "$1"。`},
	{regexp.MustCompile(`^There can be only one (argument|fragment|input field|operation|variable) named "([^"]*)"\.`), `名称 "$2" 重复。`},
	{regexp.MustCompile(`^This anonymous operation must be the only defined operation\.`), `匿名操作必须是文档中唯一的操作。`},
	{regexp.MustCompile(`^Expected value of type "([^"]*)", found (.*)\.$`), `此处需要 "$1" 类型的值,实际为 $2。`},
	{regexp.MustCompile(`^Enum "([^"]*)" cannot represent non-enum value: (.*)\.$`), `枚举 "$1" 没有取值 $2。`},
	{regexp.MustCompile(`^Int cannot represent non 32-bit signed integer value: (.*)$`), `Int 须为 32 位有符号整数,实际为 $1`},
	{regexp.MustCompile(`^Int cannot represent non-integer value: (.*)$`), `Int 须为整数,实际为 $1`},
	{regexp.MustCompile(`^Float cannot represent non numeric value: (.*)$`), `Float 须为数字,实际为 $1`},
	{regexp.MustCompile(`^String cannot represent a non string value: (.*)$`), `String 须为字符串,实际为 $1`},
	{regexp.MustCompile(`^Boolean cannot represent a non boolean value: (.*)$`), `Boolean 须为 true 或 false,实际为 $1`},
	{regexp.MustCompile(`^ID cannot represent a non-string and non-integer value: (.*)$`), `ID 须为字符串或整数,实际为 $1`},
	{regexp.MustCompile(`^Fragment "([^"]*)" cannot be spread here as objects of type "([^"]*)" can never be of type "([^"]*)"\.`), `片段 "$1" 不能用在这里:类型 "$2" 不可能是 "$3"。`},
	{regexp.MustCompile(`^Anonymous Subscription must select only one top level field\.`), `匿名订阅只能选择一个顶层字段。`},
	{regexp.MustCompile(`^Subscription "([^"]*)" must select only one top level field\.`), `订阅 "$1" 只能选择一个顶层字段。`},
	{regexp.MustCompile(`^Anonymous Subscription must not select an introspection top level field\.`), `匿名订阅不能选择内省字段作为顶层字段。`},
	{regexp.MustCompile(`^Subscription "([^"]*)" must not select an introspection top level field\.`), `订阅 "$1" 不能选择内省字段作为顶层字段。`},
	{regexp.MustCompile(`^Field "([^"]*)" is not defined by type "([^"]*)"\.`), `类型 "$2" 没有字段 "$1"。`},
	{regexp.MustCompile(`^Field "([^"]*)" of required type "([^"]*)" was not provided\.`), `缺少必填字段 "$1"(类型 "$2")。`},
	{regexp.MustCompile(`^Field "([^"]*)" must be non-null\.`), `字段 "$1" 不能为 null。`},
	{regexp.MustCompile(`^Fields "([^"]*)" conflict because .*\. Use different aliases on the fields to fetch both if this was intentional\.`), `字段 "$1" 相互冲突:同一名称下的字段须相同,否则请用不同的别名。`},
	{regexp.MustCompile(`^Value "([^"]*)" does not exist in "([^"]*)" enum\.`), `枚举 "$2" 没有取值 "$1"。`},
	{regexp.MustCompile(`^Directive "([^"]*)" may not be used on (\S+)\.`), `指令 "$1" 不能用在 $2 上。`},
	{regexp.MustCompile(`^The directive "([^"]*)" can only be used once at this location\.`), `指令 "$1" 在此处只能使用一次。`},
	{regexp.MustCompile(`^Cannot spread fragment "([^"]*)" within itself.*\.$`), `片段 "$1" 不能(直接或间接)展开自身。`},
	{regexp.MustCompile(`^Fragment cannot be spread here as objects of type "([^"]*)" can never be of type "([^"]*)"\.`), `片段不能用在这里:类型 "$1" 不可能是 "$2"。`},
	{regexp.MustCompile(`^OneOf Input Object "([^"]*)" must specify exactly one key\.`), `输入类型 "$1" 须恰好提供一个字段。`},
	{regexp.MustCompile(`^Variable "([^"]*)" is of type "([^"]*)" but must be non-nullable to be used for OneOf Input Object "([^"]*)"\.`), `变量 "$1" 的类型 "$2" 须为非空,才能用于输入类型 "$3"。`},
	{regexp.MustCompile(`^Schema does not support operation type "([^"]*)"`), `接口不支持 "$1" 类型的操作`},
	{regexp.MustCompile(`^Maximum introspection depth exceeded`), `内省查询嵌套过深`},
	// Variable values (gqlparser's validator/vars.go): the variable is named by the path.
	{regexp.MustCompile(`^must be defined$`), `必须提供`},
	{regexp.MustCompile(`^cannot be null$`), `不能为 null`},
	{regexp.MustCompile(`^unknown field$`), `没有这个字段`},
	{regexp.MustCompile(`^cannot use (\S+) as (\S+)$`), `不能把 $1 当作 $2 使用`},
	{regexp.MustCompile(`^cannot use value (\S+) as (\S+)$`), `不能把 $1 当作 $2 使用`},
	{regexp.MustCompile(`^must be a (\S+), not a (\S+)$`), `须为 $1,而不是 $2`},
	{regexp.MustCompile(`^(.*) is not a valid (\S+)$`), `$1 不是有效的 $2`},
	// Numbers among the variables (graph/request's CheckVariables, before the engine's).
	{regexp.MustCompile(`^(Int|Float) cannot represent a string; send the number without quotes$`), `$1 须为数字,不能是字符串(请去掉引号)`},
	{regexp.MustCompile(`^Int cannot represent a non-integer number$`), `Int 须为整数`},
	{regexp.MustCompile(`^Int cannot represent a number outside the 32-bit signed range \((\S+) to (\S+)\)$`), `Int 须为 32 位有符号整数($1 至 $2)`},
	{regexp.MustCompile(`^Float cannot represent a number beyond (\S+)$`), `Float 超出可表示的范围($1)`},
	{regexp.MustCompile(`^Boolean cannot represent a number$`), `Boolean 须为 true 或 false,不能是数字`},
	{regexp.MustCompile(`^String cannot represent a number; send the text in quotes$`), `String 须为字符串,不能是数字(请加引号)`},
	{regexp.MustCompile(`^ID cannot represent a number that is not an integer; send it as a string$`), `ID 须为字符串或整数`},
	{regexp.MustCompile(`^not a value of (\S+); see the schema for its values$`), `不是 $1 的取值(取值见接口定义)`},
	{regexp.MustCompile(`^not a value of (\S+): (.*)$`), `不是 $1 的取值,可选:$2`},
}

var (
	didYouMeanFragment = regexp.MustCompile(`\s*Did you mean to use an inline fragment on (.*)\?$`)
	didYouMean         = regexp.MustCompile(`\s*Did you mean (.*)\?$`)
)

// validationMessage is the engine's explanation of a validation error in the caller's
// language; a variable's error names the variable, which the engine puts only in its path.
func validationMessage(e *gqlerror.Error, loc apperr.Locale) string {
	msg := e.Message
	prefix := ""
	if len(e.Path) > 0 && e.Path[0] == ast.PathName("variable") {
		prefix = strings.TrimPrefix(e.Path.String(), "variable.")
	}
	if loc != apperr.ZH {
		if prefix != "" {
			return "variable " + prefix + ": " + msg
		}
		return msg
	}
	hint := ""
	if m := didYouMeanFragment.FindStringSubmatch(msg); m != nil {
		hint = "是否要在 " + strings.ReplaceAll(m[1], " or ", " 或 ") + " 上使用内联片段?"
		msg = msg[:len(msg)-len(m[0])]
	} else if m := didYouMean.FindStringSubmatch(msg); m != nil {
		hint = "是否想用 " + strings.ReplaceAll(strings.TrimPrefix(m[1], "the enum value "), " or ", " 或 ") + "?"
		msg = msg[:len(msg)-len(m[0])]
	}
	for _, t := range zhValidation {
		if t.re.MatchString(msg) {
			msg = t.re.ReplaceAllString(msg, t.zh)
			break
		}
	}
	if prefix != "" {
		return "变量 " + prefix + ": " + msg + hint
	}
	return msg + hint
}
