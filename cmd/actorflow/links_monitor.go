package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/dblink"
	"github.com/actorflow/actorflow/workflows/executors/monitor"
	"github.com/actorflow/actorflow/workflows/filelink"
)

// dbQuerier answers a data-monitor's SQL probes through the db-link registry.
type dbQuerier struct{ links *dblink.Registry }

// QueryFloat runs query on the link and reads the first column of the first row. The value
// is scanned as whatever the driver returns (integers, floats, NUMERIC as text or bytes), so
// count(*), sum(numeric) and avg() all work on every database.
func (q dbQuerier) QueryFloat(ctx context.Context, ref workflows.DBLinkRef, query string) (float64, error) {
	conn, err := q.links.OpenRef(ctx, ref)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	// akkaflow users end statements with ';', which not every driver accepts in a query.
	query = strings.TrimRight(strings.TrimSpace(query), "; \t\r\n")
	rows, err := conn.DB.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("the query returned no row")
	}
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return 0, err
	}
	return toFloat(vals[0])
}

// toFloat converts a scanned value to a number, or says what it was.
func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case nil:
		return 0, fmt.Errorf("the query returned NULL")
	case int64:
		return float64(x), nil
	case float64:
		return x, nil
	case float32:
		return float64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case []byte:
		return parseFloatText(string(x))
	case string:
		return parseFloatText(x)
	case time.Time:
		return 0, fmt.Errorf("the query returned a time (%s), not a number", x.Format(time.RFC3339))
	case fmt.Stringer: // e.g. a driver's decimal type
		return parseFloatText(x.String())
	}
	return 0, fmt.Errorf("the query returned a %T, not a number", v)
}

func parseFloatText(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		if len(s) > 80 {
			s = s[:80] + "…"
		}
		return 0, fmt.Errorf("the query returned %q, not a number", s)
	}
	return f, nil
}

// linkGlob lists files for a file-monitor on a file-link, opening the link at each listing so
// a link that is down or changed is retried by the monitor's polling rather than cached.
type linkGlob struct {
	links *filelink.Registry
	name  string
}

func (g linkGlob) Glob(ctx context.Context, pattern string) ([]monitor.FileInfo, error) {
	fsys, err := g.links.Open(ctx, g.name)
	if err != nil {
		return nil, err
	}
	infos, err := fsys.Glob(ctx, pattern)
	if err != nil {
		return nil, err
	}
	out := make([]monitor.FileInfo, 0, len(infos))
	for _, i := range infos {
		if i.IsDir { // a monitor counts files
			continue
		}
		out = append(out, monitor.FileInfo{Name: i.Path, Size: i.Size, ModTime: i.ModTime})
	}
	return out, nil
}
