package webui

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, method, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, r)
	return rec
}

// TestIndexAndAssets: every asset index.html names is served under its hashed name, with its
// type and an immutable cache; nothing is left unresolved.
func TestIndexAndAssets(t *testing.T) {
	rec := get(t, "GET", "/ui/")
	page := rec.Body.String()
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" ||
		rec.Header().Get("Cache-Control") != "no-cache" || rec.Header().Get("Content-Security-Policy") == "" {
		t.Fatalf("index = %d %v", rec.Code, rec.Header())
	}
	if strings.Contains(page, "{{asset") {
		t.Fatalf("unresolved asset reference in index.html:\n%s", page)
	}
	refs := regexp.MustCompile(`(?:src|href)="(/ui/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 3 {
		t.Fatalf("index.html refers to %d assets, want app.css, dagre and app.js: %q", len(refs), refs)
	}
	types := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
	for _, m := range refs {
		a := get(t, "GET", m[1])
		ext := m[1][strings.LastIndexByte(m[1], '.'):]
		if a.Code != 200 || a.Header().Get("Content-Type") != types[ext] || a.Body.Len() == 0 ||
			a.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
			a.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s = %d %v", m[1], a.Code, a.Header())
		}
		if !regexp.MustCompile(`\.[0-9a-f]{8}\.(js|css)$`).MatchString(m[1]) {
			t.Errorf("%s is not a hashed name", m[1])
		}
	}
}

func TestGzip(t *testing.T) {
	page := get(t, "GET", "/ui/").Body.String()
	js := regexp.MustCompile(`src="(/ui/app\.[0-9a-f]+\.js)"`).FindStringSubmatch(page)[1]
	plain := get(t, "GET", js)
	rec := get(t, "GET", js, "Accept-Encoding", "br, gzip;q=0.8")
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: %v, %d bytes vs %d", rec.Header(), rec.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if string(body) != plain.Body.String() {
		t.Error("the gzip body does not decompress to the asset")
	}
	if rec := get(t, "GET", js, "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
}

func TestRoutes(t *testing.T) {
	for _, c := range []struct {
		method, target string
		code           int
		location       string
	}{
		{"GET", "/", http.StatusFound, "/ui/"},
		{"GET", "/ui", http.StatusFound, "/ui/"},
		{"GET", "/ui/workflows/etl/daily", http.StatusOK, ""}, // a client route
		{"GET", "/ui/instances/01HX", http.StatusOK, ""},
		{"HEAD", "/ui/", http.StatusOK, ""},
		{"GET", "/ui/app.js", http.StatusNotFound, ""}, // unhashed names are not served
		{"GET", "/ui/missing.css", http.StatusNotFound, ""},
		{"GET", "/elsewhere", http.StatusNotFound, ""},
		{"POST", "/ui/", http.StatusMethodNotAllowed, ""},
	} {
		rec := get(t, c.method, c.target)
		if rec.Code != c.code || rec.Header().Get("Location") != c.location {
			t.Errorf("%s %s = %d %q, want %d %q", c.method, c.target, rec.Code, rec.Header().Get("Location"), c.code, c.location)
		}
	}
}
