package scan

import "testing"

func TestIsCandidate(t *testing.T) {
	for name, want := range map[string]bool{
		"wf.xml":       true,
		"WF.XML":       true,
		"a.Xml":        true,
		"统计.xml":       true,
		".xml":         false, // hidden, and nothing before the extension
		".hidden.xml":  false,
		".#wf.xml":     false, // emacs lock
		"wf.xml~":      false, // backup
		"wf.xml.swp":   false, // vim swap
		".wf.xml.swp":  false,
		"wf.xml.bak":   false,
		"wf.bak":       false,
		"wf.xml.tmp":   false,
		"db_links.txt": false,
		"xml":          false,
	} {
		if got := isCandidate(name); got != want {
			t.Errorf("isCandidate(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestHiddenPath(t *testing.T) {
	for rel, want := range map[string]bool{
		"a/b.xml":        false,
		".git/x.xml":     true,
		"a/.cache/b.xml": true,
		"a/b/.c.xml":     true,
	} {
		if got := hiddenPath(rel); got != want {
			t.Errorf("hiddenPath(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestUnder(t *testing.T) {
	for _, c := range []struct {
		rel, dir string
		want     bool
	}{
		{"a/b.xml", "a", true},
		{"a/b/c.xml", "a", true},
		{"ab/c.xml", "a", false},
		{"a", "a", true},
		{"x.xml", ".", true},
	} {
		if got := under(c.rel, c.dir); got != c.want {
			t.Errorf("under(%q, %q) = %v, want %v", c.rel, c.dir, got, c.want)
		}
	}
}
