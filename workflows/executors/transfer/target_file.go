package transfer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/actorflow/actorflow/workflows/filelink"
)

// fileTarget writes rows to a delimited file through a file-link. The file is written
// beside its final path and renamed over it only when every row is written (Create/Close
// of filelink.FS), so readers see the old file or the whole new one, never a part.
type fileTarget struct {
	fs     filelink.FS
	path   string
	delim  string
	header bool
	preDel bool
	logf   func(format string, args ...any)
}

func (t *fileTarget) run(ctx context.Context, src []column, f *feed) (int64, error) {
	if t.preDel {
		// is-pre-del (ignored by akkaflow): the old file goes before the transfer, so a failed
		// run leaves no stale file behind.
		if err := t.fs.Remove(ctx, t.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("removing %s (is-pre-del): %w", t.path, err)
		}
	}
	w, err := t.fs.Create(ctx, t.path)
	if err != nil {
		return 0, err
	}
	defer w.Abort() // a no-op after Close
	dw := newDelimitedWriter(w, t.delim)
	if t.header && len(src) > 0 {
		hdr := make([]any, len(src))
		for i, c := range src {
			hdr[i] = c.Name
		}
		if err := dw.Write(hdr); err != nil {
			return 0, fmt.Errorf("writing %s: %w", t.path, err)
		}
	}
	var n int64
	text := make([]any, len(src))
	for {
		b, ok, err := f.next(ctx)
		if !ok {
			if err != nil {
				return n, err
			}
			break
		}
		for _, row := range b.rows {
			for i, v := range row {
				text[i] = fileValue(v)
			}
			if err := dw.Write(text[:len(row)]); err != nil {
				return n, fmt.Errorf("writing %s: %w", t.path, err)
			}
		}
		n += int64(len(b.rows))
	}
	if err := dw.Flush(); err != nil {
		return n, fmt.Errorf("writing %s: %w", t.path, err)
	}
	if err := w.Close(); err != nil {
		return n, err
	}
	return n, nil
}

// fileValue is a value as a file holds it: binary as PostgreSQL's \x hex form, which
// PostgreSQL reads back into bytea.
func fileValue(v any) any {
	if b, ok := v.([]byte); ok {
		return `\x` + fmt.Sprintf("%x", b)
	}
	return v
}
