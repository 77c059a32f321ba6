package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/actorflow/actorflow"

// rule is one layering constraint: packages under dir may not import what forbidden matches.
type rule struct {
	dir       string // module-relative package directory ("" matches every package)
	recursive bool   // also the packages below dir
	why       string
	forbidden func(imp string) bool
}

// httpClientPackages may import net/http: the http action is an HTTP client, which is what
// it adapts. The rule below keeps servers and the API out of the domain, not this.
var httpClientPackages = map[string]bool{module + "/workflows/executors/httpcall": true}

var rules = []rule{
	{dir: "workflows", why: "the pure domain imports only the standard library",
		forbidden: func(imp string) bool { return !isStdlib(imp) }},
	{dir: "workflows", recursive: true, why: "domain packages never reach actors, cluster, gossip or HTTP",
		forbidden: func(imp string) bool {
			return hasPrefix(imp, module+"/actors", module+"/cluster", module+"/cmd",
				"github.com/asynkron/protoactor-go", "github.com/hashicorp/memberlist",
				"github.com/hashicorp/raft") || imp == "net/http"
		}},
	{dir: "cluster", recursive: true, why: "cluster never imports actors",
		forbidden: func(imp string) bool { return hasPrefix(imp, module+"/actors", module+"/cmd") }},
	{dir: "", recursive: true, why: "nothing imports the composition root",
		forbidden: func(imp string) bool { return hasPrefix(imp, module+"/cmd") }},
}

func TestImportRules(t *testing.T) {
	root := moduleRoot(t)
	imports := packageImports(t, root)
	if len(imports) == 0 {
		t.Fatal("found no Go packages; the walk is broken")
	}
	if _, ok := imports["workflows"]; !ok {
		t.Fatal("package workflows not found; the walk is broken")
	}
	for pkg, imps := range imports {
		for _, r := range rules {
			if !r.applies(pkg) {
				continue
			}
			for _, imp := range imps {
				if r.forbidden(imp) && !(imp == "net/http" && httpClientPackages[module+"/"+pkg]) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
			}
		}
	}
}

// TestRulesBite proves each rule rejects what it is meant to, so the test above cannot pass
// vacuously.
func TestRulesBite(t *testing.T) {
	cases := []struct {
		pkg, imp string
	}{
		{"workflows", "github.com/beevik/etree"},
		{"workflows/xmlspec", "net/http"},
		{"workflows/store", module + "/actors/master"},
		{"cluster/raftgroup", module + "/actors"},
		{"actors/master", module + "/cmd/actorflow"},
	}
	for _, c := range cases {
		bitten := false
		for _, r := range rules {
			if r.applies(c.pkg) && r.forbidden(c.imp) {
				bitten = true
			}
		}
		if !bitten {
			t.Errorf("no rule forbids %s importing %s", c.pkg, c.imp)
		}
	}
}

func (r rule) applies(pkg string) bool {
	if r.dir == "" {
		return true
	}
	return pkg == r.dir || (r.recursive && strings.HasPrefix(pkg, r.dir+"/"))
}

// packageImports maps each module-relative package directory to the imports of its non-test files.
func packageImports(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if _, ok := out[rel]; !ok {
			out[rel] = nil
		}
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			out[rel] = append(out[rel], imp)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func isStdlib(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

func hasPrefix(imp string, prefixes ...string) bool {
	for _, p := range prefixes {
		if imp == p || strings.HasPrefix(imp, p+"/") {
			return true
		}
	}
	return false
}
