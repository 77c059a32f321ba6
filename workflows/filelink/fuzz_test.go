package filelink_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows/filelink"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(`<file-links><link name="a" type="SFTP" host="h" port="22" username="u" password="p" key-file="k" known-hosts="kh"/></file-links>`))
	f.Add([]byte(`<file-links><link name="a" type="x" a="1" a="2"><b/></link></file-links>`))
	f.Add([]byte("<file-links>\n<link name='é' type='LOCAL'/>\n<!-- c --><![CDATA[x]]></file-links>"))
	f.Add([]byte(`<?xml version="1.0" encoding="latin1"?><file-links/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		links, err := filelink.Parse("f.xml", data)
		if err != nil {
			if links != nil {
				t.Fatalf("links with an error: %+v", links)
			}
			var pe *filelink.ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error is not a non-empty *ParseError: %v", err)
			}
			for _, p := range pe.Problems {
				if p.File != "f.xml" || p.Line < 0 || p.Col < 0 || p.Msg == "" || strings.Contains(p.Msg, "internal error") {
					t.Fatalf("bad problem %+v", p)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, l := range links {
			if err := l.Validate(); err != nil {
				t.Fatalf("Parse returned an invalid link %+v: %v", l, err)
			}
			if seen[l.Name] {
				t.Fatalf("duplicate name %q", l.Name)
			}
			seen[l.Name] = true
		}
	})
}
