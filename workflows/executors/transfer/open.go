package transfer

import (
	"context"
	"fmt"
	"strings"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/executors"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// openSource opens the source end; from describes it for messages.
func (e *Executor) openSource(ctx context.Context, s *workflows.TransferSource) (src source, from string, closeFn func(), err error) {
	switch s.Kind {
	case workflows.EndpointDB:
		if e.dbs == nil {
			return nil, "", nil, fmt.Errorf("this worker has no db-links configured")
		}
		conn, err := e.dbs.OpenRef(ctx, s.DB)
		if err != nil {
			return nil, "", nil, fmt.Errorf("source: %w", err)
		}
		from = fmt.Sprintf("%s on %s", shorten(s.Text), conn.Describe())
		ds, err := openDBSource(ctx, conn, s.Text)
		if err != nil {
			conn.Close()
			return nil, from, nil, err
		}
		return ds, from, func() { ds.Close(); conn.Close() }, nil
	case workflows.EndpointFile:
		delim, err := ParseDelimiter(s.Delimiter)
		if err != nil {
			return nil, "", nil, fmt.Errorf("source: %w", err)
		}
		fsys, err := e.openFS(ctx, s.FileLink)
		if err != nil {
			return nil, "", nil, fmt.Errorf("source: %w", err)
		}
		path := strings.TrimSpace(s.Text)
		from = "file " + path + linkSuffix(s.FileLink)
		fsrc, err := openFileSource(ctx, fsys, path, delim, s.Header)
		if err != nil {
			return nil, from, nil, err
		}
		return fsrc, from, func() { fsrc.Close() }, nil
	}
	return nil, "", nil, fmt.Errorf("source type %q is not DB or FILE", s.Kind)
}

// openTarget opens the target end and says how many writers load it.
func (e *Executor) openTarget(ctx context.Context, t executors.Task, tio executors.TaskIO, tg *workflows.TransferTarget, log *logger) (
	tgt target, writers int, closeFn func(), err error) {
	writers = max(1, tg.TaskNum)
	switch tg.Kind {
	case workflows.EndpointDB:
		if e.dbs == nil {
			return nil, 0, nil, fmt.Errorf("this worker has no db-links configured")
		}
		conn, err := e.dbs.OpenRef(ctx, tg.DB)
		if err != nil {
			return nil, 0, nil, fmt.Errorf("target: %w", err)
		}
		for _, note := range conn.Notes {
			log.printf("target %s: %s", conn.Describe(), note)
		}
		table, err := conn.Dialect.ParseQualified(tg.Table)
		if err != nil {
			conn.Close()
			return nil, 0, nil, fmt.Errorf("target: %w", err)
		}
		if conn.Dialect.Name == "sqlite" && writers > 1 {
			// SQLite has one writer at a time; more would only wait on each other's lock.
			log.printf("task-num=%d: SQLite takes one writer at a time, so one writer loads", writers)
			writers = 1
		}
		return &dbTarget{conn: conn, d: conn.Dialect, table: table, preTruncate: tg.PreTruncate,
			pre: tg.Pre, after: tg.After, writers: writers, logf: log.printf}, writers, func() { conn.Close() }, nil
	case workflows.EndpointFile:
		delim, err := ParseDelimiter(tg.Delimiter)
		if err != nil {
			return nil, 0, nil, fmt.Errorf("target: %w", err)
		}
		fsys, err := e.openFS(ctx, tg.FileLink)
		if err != nil {
			return nil, 0, nil, fmt.Errorf("target: %w", err)
		}
		if writers > 1 {
			log.printf("task-num=%d: a file is written by one writer", writers)
		}
		return &fileTarget{fs: fsys, path: strings.TrimSpace(tg.Path), delim: delim, header: tg.Header,
			preDel: tg.PreDelete, logf: log.printf}, 1, func() {}, nil
	}
	return nil, 0, nil, fmt.Errorf("target type %q is not DB or FILE", tg.Kind)
}

// openFS opens a file-link ("" is the local disk).
func (e *Executor) openFS(ctx context.Context, link string) (filelink.FS, error) {
	if e.files == nil {
		return nil, fmt.Errorf("this worker has no file-links configured")
	}
	return e.files.Open(ctx, link)
}

// describeTarget names the target for messages before it is opened.
func describeTarget(tg *workflows.TransferTarget) string {
	if tg.Kind == workflows.EndpointFile {
		return "file " + strings.TrimSpace(tg.Path) + linkSuffix(tg.FileLink)
	}
	link := tg.DB.Name
	if link == "" && tg.DB.Inline != nil {
		link = "inline " + tg.DB.Inline.Type
	}
	return fmt.Sprintf("table %s on db-link %q", strings.TrimSpace(tg.Table), link)
}

func linkSuffix(link string) string {
	if link == "" {
		return ""
	}
	return fmt.Sprintf(" on file-link %q", link)
}
