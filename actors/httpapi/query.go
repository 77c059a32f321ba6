package httpapi

import (
	"math"
	"net/url"
	"strconv"

	"github.com/actorflow/actorflow/workflows"
)

// Page sizes: the default keeps a bare list fast; the maximum bounds one answer's size.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// pageOf reads limit and offset. Out-of-range values are rejected rather than clamped, so a
// script asking for 5000 learns it got at most 1000 instead of silently missing rows.
func pageOf(q url.Values) (limit, offset int, err error) {
	limit, err = intParam(q, "limit", DefaultLimit, 1, MaxLimit)
	if err != nil {
		return 0, 0, err
	}
	offset, err = intParam(q, "offset", 0, 0, math.MaxInt)
	return limit, offset, err
}

// intParam reads an integer query parameter in [lo, hi]; absent or empty gives def.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		if hi == math.MaxInt {
			return 0, invalidf("%s=%q: want an integer of at least %d", name, s, lo)
		}
		return 0, invalidf("%s=%q: want an integer from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// boolParam reads a boolean query parameter (1/0, true/false, …); absent or empty is false.
func boolParam(q url.Values, name string) (bool, error) {
	s := q.Get(name)
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, invalidf("%s=%q: want true or false (1 or 0)", name, s)
	}
	return b, nil
}

// statusParam validates an instance status filter and normalises akkaflow's aliases (W_RUNNING,
// 运行中) to the English name the backend expects; empty means every status.
func statusParam(q url.Values) (string, error) {
	s := q.Get("status")
	if s == "" {
		return "", nil
	}
	st, err := workflows.ParseInstanceStatus(s)
	if err != nil {
		return "", err
	}
	return st.String(), nil
}
