package params_test

import (
	"reflect"
	"testing"

	"github.com/actorflow/actorflow/workflows/params"
)

func TestReferenced(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"no params ${HOME}", nil},
		{"${param:a} ${ param : b } ${param:a} ${param:-x} ${param:} ${PARAM:c} ${DIR:-${param:d}}", []string{"a", "b", "d"}},
		{"${param:a", nil},
	}
	for _, c := range cases {
		if got := params.Referenced(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Referenced(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOutputRefs(t *testing.T) {
	cases := []struct {
		in   string
		want [][2]string
	}{
		{"${param:a} ${HOME}", nil},
		{"${output:n.k} ${ output : n.k } ${output:m.x.y} ${output:bad} ${output:-d} ${output:.k}",
			[][2]string{{"n", "k"}, {"m", "x.y"}}},
	}
	for _, c := range cases {
		if got := params.OutputRefs(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("OutputRefs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
