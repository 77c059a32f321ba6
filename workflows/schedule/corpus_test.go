package schedule

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Every cron akkaflow ever shipped in an example file parses; 6-field ones warn.
func TestAkkaflowCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "akkaflow")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Skipf("akkaflow corpus not found at %s", dir)
	}
	// <depend-list cron="…"> (E2+) and <cron config="…"/> (2017).
	attr := regexp.MustCompile(`<(?:depend-list|cron)\b[^>]*?\b(?:cron|config)\s*=\s*"([^"]*)"`)
	seen := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range attr.FindAllStringSubmatch(string(data), -1) {
			spec := m[1]
			seen++
			_, warnings, err := Parse(spec, time.UTC)
			if err != nil {
				t.Errorf("%s: %q: %v", filepath.Base(f), spec, err)
				continue
			}
			if six := len(strings.Fields(spec)) == 6; six != (len(warnings) == 1) {
				t.Errorf("%s: %q: warnings %q", filepath.Base(f), spec, warnings)
			}
		}
	}
	if seen == 0 {
		t.Fatalf("no cron attribute found in %d corpus files", len(files))
	}
	t.Logf("%d schedules from %d files", seen, len(files))
}
