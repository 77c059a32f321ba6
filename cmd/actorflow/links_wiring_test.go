package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

func TestBuildExecutorsRegistersEveryActionType(t *testing.T) {
	home := t.TempDir()
	reg, closeAll, err := buildExecutors(serverConfig{ConfDir: filepath.Join(home, "no-conf")}, home, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	for _, typ := range []workflows.ActionType{workflows.ActionScript, workflows.ActionShell, workflows.ActionSQL,
		workflows.ActionTransfer, workflows.ActionDataMonitor, workflows.ActionFileMonitor, workflows.ActionEmail,
		workflows.ActionFileExecutor, workflows.ActionMetadata, workflows.ActionHTTP, workflows.ActionSSH} {
		if !slices.Contains(reg.Types(), typ) {
			t.Errorf("action type %s has no executor (have %v)", typ, reg.Types())
		}
	}
}

func TestBuildExecutorsRejectsBadLinkFilesWithPositions(t *testing.T) {
	for file, content := range map[string]string{
		dbLinksFile:   "<db-links>\n  <link name=\"a\" type=\"NOPE\" jdbc-url=\"x\"/>\n</db-links>\n",
		fileLinksFile: "<file-links>\n  <link name=\"s\" type=\"SFTP\" port=\"x\"/>\n</file-links>\n",
	} {
		t.Run(file, func(t *testing.T) {
			conf := t.TempDir()
			if err := os.WriteFile(filepath.Join(conf, file), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := buildExecutors(serverConfig{ConfDir: conf}, t.TempDir(), slog.New(slog.DiscardHandler))
			want := filepath.Join(conf, file) + ":2:3"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v, want one naming %s", err, want)
			}
			if _, ok := err.(*inputError); !ok {
				t.Errorf("error is a %T, want an *inputError (exit code 2)", err)
			}
		})
	}
}

func TestMailConfigNamesTheLine(t *testing.T) {
	cf := configFile{path: "/etc/actorflow.conf", lines: map[string]int{"mail.host": 3, "mail.port": 4},
		mail: map[string]string{"mail.host": "smtp.example", "mail.port": "nope"}}
	if _, err := cf.mailConfig(); err == nil || !strings.HasPrefix(err.Error(), "/etc/actorflow.conf:4: setting mail.port") {
		t.Fatalf("error %v, want it at line 4", err)
	}
	cf.mail["mail.port"] = "2525"
	if _, err := cf.mailConfig(); err == nil || !strings.Contains(err.Error(), "mail.from") {
		t.Fatalf("error %v, want mail.from to be required with mail.host", err)
	}
	cf.mail["mail.from"] = "af@example.com"
	c, err := cf.mailConfig()
	if err != nil || !c.Enabled() || c.Port != 2525 {
		t.Fatalf("config %v, %v", c, err)
	}
}

func TestLinksBackendRedactsAndClassifies(t *testing.T) {
	home := t.TempDir()
	_, links, closeAll, err := buildExecutorsAndLinks(serverConfig{ConfDir: home}, home, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	b := linksBackend{db: links.db, files: links.files}
	ctx := t.Context()
	created, err := b.PutDBLink(ctx, apiv1.DBLink{Name: "dw", Type: "POSTGRES",
		JDBCURL: "jdbc:postgresql://db:5432/dw?password=hunter22", Username: "etl", Password: "s3cret-pw"})
	if err != nil || !created {
		t.Fatalf("put: created %v, %v", created, err)
	}
	if created, err = b.PutDBLink(ctx, apiv1.DBLink{Name: "dw", Type: "POSTGRES", JDBCURL: "jdbc:postgresql://db/dw", Password: "env:DW_PW"}); err != nil || created {
		t.Fatalf("replace: created %v, %v", created, err)
	}
	if _, err := b.PutDBLink(ctx, apiv1.DBLink{Name: "x", Type: "DB2", JDBCURL: "j"}); workflows.CodeOf(err) != workflows.CodeInvalid {
		t.Errorf("unknown type: %v, want invalid", err)
	}
	created, err = b.PutFileLink(ctx, apiv1.FileLink{Name: "s1", Type: "SFTP", Host: "h", Username: "u", Password: "s3cret-pw"})
	if err != nil || !created {
		t.Fatalf("put file-link: created %v, %v", created, err)
	}
	dbs, _ := b.ListDBLinks(ctx)
	files, _ := b.ListFileLinks(ctx)
	if len(dbs.Items) != 1 || dbs.Items[0].Password != "env:DW_PW" {
		t.Errorf("db-links %+v: want the replaced link, its password reference shown", dbs.Items)
	}
	for _, f := range files.Items {
		if strings.Contains(f.Password, "s3cret") {
			t.Errorf("file-link %s shows its password %q", f.Name, f.Password)
		}
	}
	if len(files.Items) != 2 { // local and s1
		t.Errorf("file-links %+v, want local and s1", files.Items)
	}
	if err := b.DeleteDBLink(ctx, "nope"); workflows.CodeOf(err) != workflows.CodeNotFound {
		t.Errorf("delete unknown db-link: %v", err)
	}
	if err := b.DeleteFileLink(ctx, "local"); workflows.CodeOf(err) != workflows.CodeConflict {
		t.Errorf("delete local: %v, want conflict", err)
	}
	if err := b.DeleteFileLink(ctx, "s1"); err != nil {
		t.Errorf("delete s1: %v", err)
	}
}
