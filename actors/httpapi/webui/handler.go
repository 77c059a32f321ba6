package webui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

// Prefix is where the UI lives.
const Prefix = "/ui/"

//go:embed assets
var assetsFS embed.FS

// asset is one file ready to serve.
type asset struct {
	body        []byte
	contentType string
	immutable   bool // every asset but index.html: served under its hashed name only
	gzipOnce    sync.Once
	gz          []byte // nil: not worth compressing
}

// site is every asset by the path it is served under (relative to Prefix).
type site struct {
	files map[string]*asset
	index *asset
}

var (
	siteOnce sync.Once
	theSite  *site
)

// Handler serves the UI; mount it at Prefix (and, optionally, at / for the redirect).
func Handler() http.Handler {
	siteOnce.Do(func() { theSite = build() })
	return theSite
}

// build reads the embedded assets, names each under its content hash as well, and rewrites
// index.html's references ("{{asset name}}") to the hashed names.
func build() *site {
	s := &site{files: map[string]*asset{}}
	hashed := map[string]string{}
	err := fs.WalkDir(assetsFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "assets/index.html" {
			return err
		}
		body, err := assetsFS.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "assets/")
		sum := sha256.Sum256(body)
		ext := path.Ext(rel)
		name := strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		hashed[rel] = name
		s.files[name] = &asset{body: body, contentType: typeOf(rel), immutable: true}
		return nil
	})
	if err != nil {
		panic("webui: reading the embedded assets: " + err.Error()) // the build embeds them
	}
	index, err := assetsFS.ReadFile("assets/index.html")
	if err != nil {
		panic("webui: the embedded assets lack index.html")
	}
	for rel, name := range hashed {
		index = bytes.ReplaceAll(index, []byte("{{asset "+rel+"}}"), []byte(Prefix+name))
	}
	s.index = &asset{body: index, contentType: "text/html; charset=utf-8"}
	return s
}

func typeOf(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".html":
		return "text/html; charset=utf-8"
	case "":
		return "text/plain; charset=utf-8" // LICENSE files
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "/" || p == strings.TrimSuffix(Prefix, "/") {
		http.Redirect(w, r, Prefix, http.StatusFound)
		return
	}
	rel, ok := strings.CutPrefix(p, Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if a := s.files[rel]; a != nil {
		s.serve(w, r, a)
		return
	}
	if strings.Contains(path.Base(rel), ".") && rel != "" {
		http.NotFound(w, r) // a missing asset, not a client route
		return
	}
	s.serve(w, r, s.index)
}

func (s *site) serve(w http.ResponseWriter, r *http.Request, a *asset) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if a.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if a == s.index {
		// The page runs only its own scripts; the API is same-origin.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
		h.Set("Referrer-Policy", "same-origin")
	}
	h.Add("Vary", "Accept-Encoding")
	body := a.body
	if gz := a.compressed(); gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = gz
	}
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(body))
}

// compressed returns the gzip form of a text asset, made once; nil when not worth it.
func (a *asset) compressed() []byte {
	a.gzipOnce.Do(func() {
		if len(a.body) < 1024 || !(strings.HasPrefix(a.contentType, "text/") || strings.HasPrefix(a.contentType, "image/svg")) {
			return
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(a.body)
		_ = zw.Close()
		if b.Len() < len(a.body) {
			a.gz = b.Bytes()
		}
	})
	return a.gz
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
