package filelink_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows/filelink"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func localFS(t *testing.T) filelink.FS {
	t.Helper()
	fsys, err := newRegistry(t).Open(context.Background(), filelink.LocalName)
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func paths(infos []filelink.FileInfo, root string) []string {
	var out []string
	for _, i := range infos {
		out = append(out, strings.TrimPrefix(i.Path, root+"/"))
	}
	return out
}

// testFS runs the same behaviour checks on any FS rooted at dir (LOCAL here, SFTP against
// the real sshd in sftp_test.go). put creates a file by some other means than fsys.
func testFS(t *testing.T, fsys filelink.FS, dir string) {
	ctx := context.Background()
	t.Run("glob", func(t *testing.T) {
		for _, f := range []string{"in/a.csv", "in/b.csv", "in/c.txt", "in/sub/d.csv", "in2/e.csv", "in/.h.csv"} {
			wr(t, fsys, dir+"/"+f, f)
		}
		got, err := fsys.Glob(ctx, dir+"/in/*.csv")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"in/.h.csv", "in/a.csv", "in/b.csv"}; !slices.Equal(paths(got, dir), want) {
			t.Errorf("Glob = %v, want %v", paths(got, dir), want)
		}
		if got[1].Size != int64(len("in/a.csv")) || got[1].ModTime.IsZero() || got[1].IsDir {
			t.Errorf("FileInfo = %+v", got[1])
		}
		got, err = fsys.Glob(ctx, dir+"/in*/*.csv")
		if want := []string{"in/.h.csv", "in/a.csv", "in/b.csv", "in2/e.csv"}; err != nil || !slices.Equal(paths(got, dir), want) {
			t.Errorf("Glob with a wildcard directory = %v, %v; want %v", paths(got, dir), err, want)
		}
		got, err = fsys.Glob(ctx, dir+"/in/*.xls")
		if err != nil || len(got) != 0 {
			t.Errorf("no match must be empty without error, got %v, %v", got, err)
		}
		_, err = fsys.Glob(ctx, dir+"/missing/*.csv")
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing") {
			t.Errorf("missing directory: %v", err)
		}
		_, err = fsys.Glob(ctx, dir+"/in/[.csv")
		if err == nil || !strings.Contains(err.Error(), "syntax error in pattern") {
			t.Errorf("bad pattern: %v", err)
		}
		got, err = fsys.Glob(ctx, dir+"/in/a.csv")
		if err != nil || len(got) != 1 {
			t.Errorf("literal pattern: %v, %v", got, err)
		}
	})
	t.Run("create is atomic", func(t *testing.T) {
		target := dir + "/atomic/out.txt"
		if err := fsys.MkdirAll(ctx, dir+"/atomic"); err != nil {
			t.Fatal(err)
		}
		wr(t, fsys, target, "old")
		w, err := fsys.Create(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, "new content"); err != nil {
			t.Fatal(err)
		}
		if got := rd(t, fsys, target); got != "old" {
			t.Errorf("target changed before Close: %q", got)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.Abort(); err != nil {
			t.Errorf("Abort after Close: %v", err)
		}
		if got := rd(t, fsys, target); got != "new content" {
			t.Errorf("after Close: %q", got)
		}
		w, err = fsys.Create(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(w, "half")
		if err := w.Abort(); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err == nil {
			t.Error("Close after Abort succeeded")
		}
		if got := rd(t, fsys, target); got != "new content" {
			t.Errorf("Abort changed the target: %q", got)
		}
		left, err := fsys.Glob(ctx, dir+"/atomic/*")
		if err != nil || len(left) != 1 {
			t.Errorf("temporary files left behind: %v, %v", paths(left, dir), err)
		}
		// A Close that cannot publish (the target is a non-empty directory) fails and
		// leaves nothing behind either.
		wr(t, fsys, dir+"/atomic/busy/inside", "x")
		w, err = fsys.Create(ctx, dir+"/atomic/busy")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(w, "data")
		if err := w.Close(); err == nil {
			t.Error("Close over a non-empty directory succeeded")
		}
		left, err = fsys.Glob(ctx, dir+"/atomic/*")
		if want := []string{"atomic/busy", "atomic/out.txt"}; err != nil || !slices.Equal(paths(left, dir), want) {
			t.Errorf("after a failed Close: %v, %v; want %v", paths(left, dir), err, want)
		}
		_, err = fsys.Create(ctx, dir+"/no-such-dir/x")
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Create in a missing directory: %v", err)
		}
	})
	t.Run("rename remove stat", func(t *testing.T) {
		wr(t, fsys, dir+"/r/a", "A")
		wr(t, fsys, dir+"/r/b", "B")
		if err := fsys.Rename(ctx, dir+"/r/a", dir+"/r/b"); err != nil {
			t.Fatalf("Rename over an existing file: %v", err)
		}
		if got := rd(t, fsys, dir+"/r/b"); got != "A" {
			t.Errorf("after rename b = %q", got)
		}
		if _, err := fsys.Stat(ctx, dir+"/r/a"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat of the renamed file: %v", err)
		}
		info, err := fsys.Stat(ctx, dir+"/r")
		if err != nil || !info.IsDir {
			t.Errorf("Stat(dir) = %+v, %v", info, err)
		}
		if err := fsys.Remove(ctx, dir+"/r/b"); err != nil {
			t.Fatal(err)
		}
		if err := fsys.Remove(ctx, dir+"/r/b"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Remove of a missing file: %v", err)
		}
		if err := fsys.Remove(ctx, dir+"/r"); err != nil {
			t.Errorf("Remove of an empty directory: %v", err)
		}
		if err := fsys.MkdirAll(ctx, dir+"/m/n/o"); err != nil {
			t.Fatal(err)
		}
		if err := fsys.MkdirAll(ctx, dir+"/m/n/o"); err != nil {
			t.Errorf("MkdirAll of an existing directory: %v", err)
		}
	})
}

// wr writes a file through fsys (creating its directory).
func wr(t *testing.T, fsys filelink.FS, p, content string) {
	t.Helper()
	ctx := context.Background()
	if err := fsys.MkdirAll(ctx, filepath.Dir(p)); err != nil {
		t.Fatal(err)
	}
	w, err := fsys.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if _, err := io.WriteString(w, content); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func rd(t *testing.T, fsys filelink.FS, p string) string {
	t.Helper()
	r, err := fsys.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLocalFS(t *testing.T) {
	testFS(t, localFS(t), t.TempDir())
}

func TestLocalGlobFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/real/data.csv", "12345")
	if err := os.Symlink(dir+"/real/data.csv", dir+"/link.csv"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir+"/nowhere", dir+"/dangling.csv"); err != nil {
		t.Fatal(err)
	}
	got, err := localFS(t).Glob(context.Background(), dir+"/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Size != 5 {
		t.Errorf("Glob = %+v; want the link with its target's size, without the dangling one", got)
	}
}

// monitorFileInfo and monitorFS mirror the interface the file-monitor executor declares;
// the adapter below is the one described in the package's API notes.
type monitorFileInfo struct {
	Name    string
	Size    int64
	ModTime interface{ IsZero() bool }
}

type monitorFS interface {
	Glob(ctx context.Context, pattern string) ([]monitorFileInfo, error)
}

type linkGlob struct{ fs filelink.FS }

func (g linkGlob) Glob(ctx context.Context, pattern string) ([]monitorFileInfo, error) {
	infos, err := g.fs.Glob(ctx, pattern)
	if err != nil {
		return nil, err
	}
	out := make([]monitorFileInfo, 0, len(infos))
	for _, i := range infos {
		if !i.IsDir {
			out = append(out, monitorFileInfo{Name: i.Path, Size: i.Size, ModTime: i.ModTime})
		}
	}
	return out, nil
}

func TestMonitorAdapter(t *testing.T) {
	dir := t.TempDir()
	write(t, dir+"/a.csv", "x")
	if err := os.Mkdir(dir+"/d.csv", 0o755); err != nil {
		t.Fatal(err)
	}
	var m monitorFS = linkGlob{localFS(t)}
	got, err := m.Glob(context.Background(), dir+"/*.csv")
	if err != nil || len(got) != 1 || got[0].Name != dir+"/a.csv" || got[0].Size != 1 {
		t.Errorf("adapter Glob = %+v, %v", got, err)
	}
}
