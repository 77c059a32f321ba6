package main

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/executors/fileexec"
	"github.com/actorflow/actorflow/workflows/executors/httpcall"
	"github.com/actorflow/actorflow/workflows/executors/mail"
	"github.com/actorflow/actorflow/workflows/executors/monitor"
	"github.com/actorflow/actorflow/workflows/executors/remote"
	"github.com/actorflow/actorflow/workflows/executors/sqlexec"
	"github.com/actorflow/actorflow/workflows/executors/transfer"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// Names of akkaflow's connection files in the conf directory (--conf-dir).
const (
	dbLinksFile   = "db_links.xml"
	fileLinksFile = "file_links.xml"
)

// buildExecutors builds the registry a worker runs attempts with: script and shell, plus every
// action type of issue 5 (sql, metadata, transfer, data-monitor, file-monitor, email,
// file-executor, http, ssh). Attempts work under <home>/work. Connections come from
// <conf-dir>/db_links.xml and <conf-dir>/file_links.xml; a missing file means no links of that
// kind, a file with any problem is a startup error listing each one as file:line:col (an
// *inputError: exit code 2). SFTP host keys first seen are pinned in <home>/ssh/known_hosts.
// The returned func closes the connection pools; call it once the worker has drained.
func buildExecutors(cfg serverConfig, home string, log *slog.Logger) (*executors.Registry, func(), error) {
	reg, _, closeAll, err := buildExecutorsAndLinks(cfg, home, log)
	return reg, closeAll, err
}

// connLinks are the connection registries the executors use; the API serves them in
// standalone mode (linksBackend).
type connLinks struct {
	db    *dblink.Registry
	files *filelink.Registry
}

// buildExecutorsAndLinks is buildExecutors that also hands out the registries.
func buildExecutorsAndLinks(cfg serverConfig, home string, log *slog.Logger) (*executors.Registry, connLinks, func(), error) {
	dbLinks, err := loadDBLinks(filepath.Join(cfg.ConfDir, dbLinksFile))
	if err != nil {
		return nil, connLinks{}, nil, invalidf("%v", err)
	}
	fileLinks, err := loadFileLinks(filepath.Join(cfg.ConfDir, fileLinksFile), filepath.Join(home, "ssh"), log)
	if err != nil {
		dbLinks.Close()
		return nil, connLinks{}, nil, invalidf("%v", err)
	}
	log.Info("connections", "conf_dir", cfg.ConfDir, "db_links", len(dbLinks.List()),
		"file_links", len(fileLinks.List()), "mail", mailState(cfg.Mail))

	execCfg := executors.Config{WorkRoot: filepath.Join(home, "work"), KillGrace: cfg.KillGrace}
	reg := executors.DefaultRegistry(execCfg)
	sqlexec.Register(reg, dbLinks)
	transfer.Register(reg, dbLinks, fileLinks)
	monitor.Register(reg, monitor.Deps{
		Querier:    dbQuerier{links: dbLinks},
		FileSystem: func(link string) (monitor.FS, error) { return linkGlob{links: fileLinks, name: link}, nil },
		Exec:       execCfg,
	})
	mail.Register(reg, mail.NewMailer(cfg.Mail))
	fileexec.Register(reg, execCfg)
	httpcall.Register(reg, httpcall.Options{})
	remote.Register(reg, fileLinks)

	closeAll := func() {
		if err := errors.Join(dbLinks.Close(), fileLinks.Close()); err != nil {
			log.Warn("closing connections", "err", err)
		}
	}
	return reg, connLinks{db: dbLinks, files: fileLinks}, closeAll, nil
}

// loadDBLinks reads path into a registry; no file means an empty one.
func loadDBLinks(path string) (*dblink.Registry, error) {
	var links []dblink.Link
	if _, err := os.Stat(path); err == nil {
		if links, err = dblink.ParseFile(path); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	reg, err := dblink.NewRegistry(links...)
	if err != nil {
		return nil, err
	}
	return reg, nil
}

// loadFileLinks reads path into a registry; no file leaves only the built-in local link.
func loadFileLinks(path, knownHostsDir string, log *slog.Logger) (*filelink.Registry, error) {
	reg := filelink.NewRegistry(filelink.Options{KnownHostsDir: knownHostsDir, Logger: log.With("part", "file-links")})
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return reg, nil
		}
		reg.Close()
		return nil, err
	}
	if err := reg.LoadFile(path); err != nil {
		reg.Close()
		return nil, err
	}
	return reg, nil
}

func mailState(c mail.Config) string {
	if !c.Enabled() {
		return "off (no mail.host)"
	}
	return c.String()
}

// notifierOnce holds the process's one mail Notifier: a controller builds a new master.Config
// each time it gains leadership, and every master of the process shares the same queue.
var notifierOnce struct {
	sync.Once
	n master.Notifier
}

// processNotifier returns the Notifier sending completion mails and retry alerts through the
// mail.* settings, or nil (no mails) when mail.host is not set. It lives as long as the
// process: mails still queued at exit are lost, as a stopping master's would be anyway.
func processNotifier(cfg serverConfig, log *slog.Logger) master.Notifier {
	notifierOnce.Do(func() {
		if !cfg.Mail.Enabled() {
			return
		}
		opt := mail.NotifierOptionsFrom(cfg.Mail)
		opt.Logger = log.With("part", "mail")
		notifierOnce.n = mail.NewNotifier(mail.NewMailer(cfg.Mail), opt)
	})
	return notifierOnce.n
}
