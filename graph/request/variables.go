package request

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CheckVariables coerces the numbers among an operation's variable values as the GraphQL
// spec does, before the engine's own coercion (gqlparser's validator.VariableValues and
// gqlgen's scalars), which is lenient and misleading in both directions: it reads the
// string "100" as the Int 100, and it refuses a nested 1.5 with "cannot use string as Int"
// because a JSON number decoded with UseNumber is a json.Number, a string to reflection.
//
// Against the type each variable is declared with (input objects and lists followed):
//   - Int takes a JSON number that is an integer from -2147483648 to 2147483647. A whole
//     number written with a fraction or an exponent (100.0, 1e2) is that integer, as
//     JavaScript reads it, and is rewritten as one in vars for the engine. A string, a
//     fraction (1.5) or a number out of range (1e308, 2^63) is refused, saying which.
//   - Float takes a JSON number within float64's range; a string, or 1e400, is refused.
//   - Boolean refused a number as "cannot use string"; it is refused as a number.
//   - String takes a JSON string only; the engine took a number (123 became "123").
//   - ID takes a JSON string or an integer (a number without a fraction or an exponent);
//     the engine passed 1.5 on as the ID "1.5".
//   - An enum takes one of its values as a JSON string, spelled exactly: the engine
//     matched "released" to RELEASED, and its refusal quoted the value sent, bidi
//     overrides and all. The refusal names the enum and, for twelve values or fewer,
//     lists them.
//
// Everything else (null where null is not allowed, unknown fields, custom scalars) is
// left to the engine, which says it well, as are types the schema does not have
// (validation names them). A refusal is GRAPHQL_VALIDATION_FAILED, as the engine's are,
// with the variable's path (variable.i.amountFen) and a message that does not quote the
// value.
func CheckVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	if schema == nil || op == nil || len(vars) == 0 {
		return nil
	}
	c := varChecker{schema: schema, path: make([]step, 0, 8)}
	for _, def := range op.VariableDefinitions {
		v, ok := vars[def.Variable]
		if !ok || v == nil || def.Type == nil {
			continue
		}
		c.path = append(c.path[:0], step{name: def.Variable})
		nv, err := c.value(def.Type, v)
		if err != nil {
			return err
		}
		vars[def.Variable] = nv
	}
	return nil
}

type varChecker struct {
	schema *ast.Schema
	path   []step // made into an ast.Path only for a refusal: boxing each name costs
}

// step is a field's name, or (name "") a list's index.
type step struct {
	name  string
	index int
}

// value checks v against typ and returns it, an Int written as a whole float rewritten.
func (c *varChecker) value(typ *ast.Type, v any) (any, *gqlerror.Error) {
	if v == nil {
		return nil, nil
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return c.value(typ.Elem, v) // one value stands for a list of one
		}
		n := len(c.path)
		for i, e := range list {
			c.path = append(c.path[:n], step{index: i})
			ne, err := c.value(typ.Elem, e)
			if err != nil {
				return v, err
			}
			list[i] = ne
		}
		c.path = c.path[:n]
		return list, nil
	}
	def := c.schema.Types[typ.NamedType]
	if def == nil {
		return v, nil
	}
	switch def.Kind {
	case ast.Scalar:
		switch def.Name {
		case "Int":
			return c.intValue(v)
		case "Float":
			return v, c.floatValue(v)
		case "Boolean":
			if isNumber(v) {
				return v, c.refuse(msgBooleanNumber)
			}
		case "String":
			if isNumber(v) {
				return v, c.refuse(msgStringNumber)
			}
		case "ID":
			return v, c.idValue(v)
		}
	case ast.Enum:
		if s, ok := v.(string); !ok || def.EnumValues.ForName(s) == nil {
			return v, c.refuse(enumMessage(def))
		}
	case ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		n := len(c.path)
		for _, f := range def.Fields {
			fv, ok := m[f.Name]
			if !ok || fv == nil {
				continue
			}
			c.path = append(c.path[:n], step{name: f.Name})
			nv, err := c.value(f.Type, fv)
			if err != nil {
				return v, err
			}
			m[f.Name] = nv
		}
		c.path = c.path[:n]
	}
	return v, nil
}

// The refusals, in the words of gqlparser's for a literal ("Int cannot represent
// non-integer value: 1.5"); graph/validation_messages.go gives them in Chinese.
const (
	msgIntString     = "Int cannot represent a string; send the number without quotes"
	msgFloatString   = "Float cannot represent a string; send the number without quotes"
	msgIntFraction   = "Int cannot represent a non-integer number"
	msgIntRange      = "Int cannot represent a number outside the 32-bit signed range (-2147483648 to 2147483647)"
	msgFloatRange    = "Float cannot represent a number beyond ±1.8e308"
	msgBooleanNumber = "Boolean cannot represent a number"
	msgStringNumber  = "String cannot represent a number; send the text in quotes"
	msgIDFraction    = "ID cannot represent a number that is not an integer; send it as a string"
)

// maxListedEnumValues is how many values an enum may have for its refusal to list them.
const maxListedEnumValues = 12

// enumMessage refuses a value that is not one of def's, without quoting it.
func enumMessage(def *ast.Definition) string {
	msg := "not a value of " + def.Name
	if len(def.EnumValues) > maxListedEnumValues {
		return msg + "; see the schema for its values"
	}
	names := make([]string, len(def.EnumValues))
	for i, v := range def.EnumValues {
		names[i] = v.Name
	}
	return msg + ": " + strings.Join(names, ", ")
}

// idValue refuses a number with a fraction or an exponent as an ID.
func (c *varChecker) idValue(v any) *gqlerror.Error {
	switch n := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(n), ".eE") {
			return c.refuse(msgIDFraction)
		}
	case float64:
		if n != math.Trunc(n) || math.IsInf(n, 0) {
			return c.refuse(msgIDFraction)
		}
	case float32:
		return c.idValue(float64(n))
	}
	return nil
}

func (c *varChecker) intValue(v any) (any, *gqlerror.Error) {
	switch n := v.(type) {
	case string:
		return v, c.refuse(msgIntString)
	case json.Number:
		s := string(n)
		if !strings.ContainsAny(s, ".eE") {
			if _, err := strconv.ParseInt(s, 10, 32); err != nil {
				return v, c.refuse(msgIntRange) // the decoder let only digits through
			}
			return v, nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return v, c.refuse(msgIntRange) // beyond float64: ±Inf
		}
		if err := c.wholeInt32(f); err != nil {
			return v, err
		}
		return json.Number(strconv.FormatInt(int64(f), 10)), nil
	case float64:
		return v, c.wholeInt32(n)
	case float32:
		return v, c.wholeInt32(float64(n))
	case int:
		return v, c.int32Range(int64(n))
	case int64:
		return v, c.int32Range(n)
	}
	return v, nil // bool, objects, lists: the engine's "cannot use bool as Int" is right
}

func (c *varChecker) wholeInt32(f float64) *gqlerror.Error {
	switch {
	case math.IsInf(f, 0) || f < math.MinInt32 || f > math.MaxInt32:
		return c.refuse(msgIntRange)
	case f != math.Trunc(f):
		return c.refuse(msgIntFraction)
	}
	return nil
}

func (c *varChecker) int32Range(n int64) *gqlerror.Error {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return c.refuse(msgIntRange)
	}
	return nil
}

func (c *varChecker) floatValue(v any) *gqlerror.Error {
	switch n := v.(type) {
	case string:
		return c.refuse(msgFloatString)
	case json.Number:
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return c.refuse(msgFloatRange)
		}
	}
	return nil
}

func isNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64, float32, int, int64, int32:
		return true
	}
	return false
}

func (c *varChecker) refuse(msg string) *gqlerror.Error {
	path := ast.Path{ast.PathName("variable")}
	for _, s := range c.path {
		if s.name == "" {
			path = append(path, ast.PathIndex(s.index))
		} else {
			path = append(path, ast.PathName(s.name))
		}
	}
	err := gqlerror.ErrorPathf(path, "%s", msg)
	errcode.Set(err, errcode.ValidationFailed)
	return err
}
