package scan

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitLimit bounds every wait for an event; generous for -race on a loaded CI machine.
const waitLimit = 10 * time.Second

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// workflowXML is a small valid workflow; tag varies its bytes.
func workflowXML(name, tag string) []byte {
	return fmt.Appendf(nil, `<work-flow name=%q>
  <coordinator is-enabled="false"/>
  <start name="start" to="a"/>
  <action name="a"><script><code>echo %s</code></script><ok to="end"/></action>
  <end name="end"/>
</work-flow>
`, name, tag)
}

func writeFile(t testing.TB, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func newTestScanner(t testing.TB, dir string, tweak func(*Config)) *Scanner {
	t.Helper()
	cfg := Config{Dir: dir, Logger: quiet, Debounce: 30 * time.Millisecond, Rescan: time.Hour}
	if tweak != nil {
		tweak(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// run starts s.Run and returns the channel of its changes. Cleanup stops it and checks that
// Run returned.
func run(t *testing.T, s *Scanner) <-chan Change {
	t.Helper()
	ch := make(chan Change, 1024)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(c Change) { ch <- c }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v", err)
			}
		case <-time.After(waitLimit):
			t.Error("Run did not return after its context ended")
		}
	})
	return ch
}

// collect reads changes until every path of want has been seen, and fails on any change
// that is not in want or has the wrong kind. Kinds are keyed by path.
func collect(t *testing.T, ch <-chan Change, want map[string]Kind) map[string]Change {
	t.Helper()
	got := map[string]Change{}
	deadline := time.After(waitLimit)
	for len(got) < len(want) {
		select {
		case c := <-ch:
			k, ok := want[c.Path]
			if !ok {
				t.Fatalf("unexpected change %s %s", c.Kind, c.Path)
			}
			if _, dup := got[c.Path]; dup {
				t.Fatalf("%s reported twice (second: %s)", c.Path, c.Kind)
			}
			if c.Kind != k {
				t.Fatalf("%s: got %s, want %s", c.Path, c.Kind, k)
			}
			got[c.Path] = c
		case <-deadline:
			t.Fatalf("timed out: have %v, want %v", keys(got), want)
		}
	}
	return got
}

// barrier proves a negative without sleeping: it creates a fresh file and waits for its
// Added. Events are read in order and every path is debounced alike, so a change to a path
// touched before the barrier would have been reported by then; collect fails on it.
func barrier(t *testing.T, dir string, ch <-chan Change) {
	t.Helper()
	name := fmt.Sprintf("zz_barrier_%d.xml", time.Now().UnixNano())
	writeFile(t, dir, name, workflowXML("barrier", name))
	collect(t, ch, map[string]Kind{name: Added})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// summary renders changes as "kind path" lines for compact assertions.
func summary(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%s %s\n", c.Kind, c.Path)
	}
	return b.String()
}
