package xmlspec

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGoldenValid reads testdata/valid/*.xml: each must parse without errors, its model must
// match X.json, Write's output must match X.write.golden, and that output must read back as
// the same model.
func TestGoldenValid(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			def := Parse(name, data)
			if def.Problems.HasErrors() {
				t.Fatalf("errors:\n%s", strings.Join(lines(def.Problems.Errors()), "\n"))
			}
			model, err := json.MarshalIndent(def, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(file, ".xml")+".json", append(model, '\n'))
			written, err := Write(def)
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			golden(t, strings.TrimSuffix(file, ".xml")+".write.golden", written)
			roundTrip(t, name, data)
		})
	}
}

// TestGoldenInvalid reads testdata/invalid/*.xml: each must be rejected, with exactly the
// problems in X.golden (one Problem.String() per line, warnings included).
func TestGoldenInvalid(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			def := Parse(name, data)
			if !def.Problems.HasErrors() {
				t.Fatalf("accepted; problems: %v", def.Problems)
			}
			var b bytes.Buffer
			for _, p := range def.Problems {
				b.WriteString(p.String())
				b.WriteByte('\n')
			}
			golden(t, strings.TrimSuffix(file, ".xml")+".golden", b.Bytes())
		})
	}
}

// golden compares got with the file at path, or rewrites the file under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update and review the diff):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
