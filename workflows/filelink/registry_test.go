package filelink_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/actorflow/actorflow/workflows/filelink"
)

func newRegistry(t *testing.T) *filelink.Registry {
	t.Helper()
	r := filelink.NewRegistry(filelink.Options{KnownHostsDir: t.TempDir(), Logger: quiet})
	t.Cleanup(func() { r.Close() })
	return r
}

func sftpLink(name, host string) filelink.Link {
	return filelink.Link{Name: name, Type: filelink.TypeSFTP, Host: host, Username: "u", Password: "secret-" + name}
}

func TestRegistryHasBuiltInLocal(t *testing.T) {
	r := newRegistry(t)
	for _, name := range []string{"", filelink.LocalName} {
		l, ok := r.Get(name)
		if !ok || l.Type != filelink.TypeLocal || l.Name != filelink.LocalName {
			t.Errorf("Get(%q) = %+v, %v", name, l, ok)
		}
	}
	if err := r.Delete(filelink.LocalName); !errors.Is(err, filelink.ErrBuiltIn) {
		t.Errorf("Delete(local) = %v", err)
	}
	if err := r.Put(filelink.Link{Name: filelink.LocalName, Type: filelink.TypeLocal}); !errors.Is(err, filelink.ErrBuiltIn) {
		t.Errorf("Put(local) = %v", err)
	}
	fsys, err := r.Open(context.Background(), "")
	if err != nil || fsys == nil {
		t.Fatalf("Open(local) = %v", err)
	}
}

func TestRegistryLayers(t *testing.T) {
	r := newRegistry(t)
	if err := r.SetFileLinks([]filelink.Link{sftpLink("a", "file-host"), sftpLink("b", "file-host")}); err != nil {
		t.Fatal(err)
	}
	if err := r.Put(sftpLink("a", "runtime-host")); err != nil {
		t.Fatal(err)
	}
	if l, _ := r.Get("a"); l.Host != "runtime-host" || l.Origin != filelink.OriginRuntime {
		t.Errorf("runtime link does not shadow the file link: %+v", l)
	}
	// A file reload keeps the runtime link in front.
	if err := r.SetFileLinks([]filelink.Link{sftpLink("a", "file-host2")}); err != nil {
		t.Fatal(err)
	}
	if l, _ := r.Get("a"); l.Host != "runtime-host" {
		t.Errorf("after reload: %+v", l)
	}
	if _, ok := r.Get("b"); ok {
		t.Error("b was removed from the file but is still there")
	}
	if err := r.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if l, _ := r.Get("a"); l.Host != "file-host2" {
		t.Errorf("deleting the runtime link must reveal the file link, got %+v", l)
	}
	if err := r.Delete("a"); !errors.Is(err, filelink.ErrFromFile) {
		t.Errorf("deleting a file link: %v", err)
	}
	if err := r.Delete("nope"); !errors.Is(err, filelink.ErrUnknownLink) || !strings.Contains(err.Error(), "known: a, local") {
		t.Errorf("deleting an unknown link: %v", err)
	}
	if _, err := r.Open(context.Background(), "nope"); !errors.Is(err, filelink.ErrUnknownLink) {
		t.Errorf("Open(unknown) = %v", err)
	}
}

func TestRegistryRejectsInvalidLinks(t *testing.T) {
	r := newRegistry(t)
	if err := r.Put(filelink.Link{Name: "x", Type: filelink.TypeSFTP}); err == nil || !strings.Contains(err.Error(), "no host") {
		t.Errorf("Put(invalid) = %v", err)
	}
	if err := r.SetFileLinks([]filelink.Link{sftpLink("a", "h"), sftpLink("a", "h")}); err == nil {
		t.Error("SetFileLinks with a duplicate: no error")
	}
	if _, ok := r.Get("a"); ok {
		t.Error("a failed SetFileLinks changed the registry")
	}
}

func TestRegistryListRedactsPasswords(t *testing.T) {
	r := newRegistry(t)
	if err := r.Put(sftpLink("a", "h")); err != nil {
		t.Fatal(err)
	}
	env := sftpLink("b", "h")
	env.Password = "env:B_PW"
	if err := r.Put(env); err != nil {
		t.Fatal(err)
	}
	list := r.List()
	if got := fmt.Sprint(list); strings.Contains(got, "secret-") {
		t.Errorf("List shows a password: %s", got)
	}
	if len(list) != 3 || list[0].Name != "a" || list[1].Name != "b" || list[2].Name != "local" {
		t.Fatalf("List = %+v", list)
	}
	if list[0].Password != filelink.RedactedPassword || list[1].Password != "env:B_PW" {
		t.Errorf("passwords in List: %q, %q", list[0].Password, list[1].Password)
	}
	if l, _ := r.Get("a"); l.Password != "secret-a" {
		t.Errorf("Get must return the configured password for the executors, got %q", l.Password)
	}
}

func TestHDFSOpenFailsClearly(t *testing.T) {
	r := newRegistry(t)
	if err := r.Put(filelink.Link{Name: "h", Type: filelink.TypeHDFS, Host: "nn", Port: 8020}); err != nil {
		t.Fatal(err)
	}
	_, err := r.Open(context.Background(), "h")
	if !errors.Is(err, filelink.ErrHDFSUnsupported) || !strings.Contains(err.Error(), "HDFS is not supported in this build") {
		t.Errorf("Open(HDFS) = %v", err)
	}
}

func TestRegistryConcurrentUse(t *testing.T) {
	r := newRegistry(t)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				name := fmt.Sprintf("l%d", j%5)
				switch (i + j) % 4 {
				case 0:
					_ = r.Put(sftpLink(name, fmt.Sprint("h", i)))
				case 1:
					_ = r.Delete(name)
				case 2:
					if l, ok := r.Get(name); ok && l.Name != name {
						t.Errorf("Get(%s) = %+v", name, l)
					}
				case 3:
					_ = r.List()
					_ = r.SetFileLinks([]filelink.Link{sftpLink("f", "h")})
				}
			}
		})
	}
	wg.Wait()
	if _, ok := r.Get("f"); !ok {
		t.Error("file link f lost")
	}
}
