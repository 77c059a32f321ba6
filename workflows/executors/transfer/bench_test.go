package transfer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"

	"github.com/actorflow/actorflow/internal/testenv"
)

// The benchmarks move benchRows() rows (ACTORFLOW_BENCH_ROWS, default 100,000) and report
// rows/s beside the floor: the database's own bulk load of the same rows. The 1M case:
//
//	ACTORFLOW_BENCH_ROWS=1000000 go test -run '^$' -bench . -benchtime 1x -count 3 ./workflows/executors/transfer
//
// and take the median of the three. Without servers they skip (testenv).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("ACTORFLOW_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// writeBenchFile writes n rows (id, name, amount, created) as TAB-separated text.
func writeBenchFile(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(w, "%d\tname-%d ünï\t%d.%02d\t%s\n", i, i, i%100000, i%100, t0.Add(time.Duration(i)*time.Second).Format("2006-01-02 15:04:05"))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

const benchDDL = "CREATE TABLE %s (id BIGINT, name VARCHAR(64), amount DECIMAL(12,2), created TIMESTAMP NULL)"

func BenchmarkFileToPostgres(b *testing.B) {
	e := newEnv(b)
	pgDB := testenv.Postgres(b)
	pg := e.link(pgLink("pg", pgDB))
	n := benchRows()
	path := e.dir + "/bench.tsv"
	writeBenchFile(b, path, n)
	if _, err := pg.Exec(fmt.Sprintf(benchDDL, "t") + "; " + fmt.Sprintf(benchDDL, "floor")); err != nil {
		b.Fatal(err)
	}
	b.Run("transfer", func(b *testing.B) {
		for b.Loop() {
			tg := dbTgt("pg", "t")
			tg.PreTruncate = true
			start := time.Now()
			e.mustSucceed(fileSrc(path, "", false), tg)
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		}
	})
	b.Run("floor-copy", func(b *testing.B) {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, pgDB.PostgresDSN())
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		for b.Loop() {
			f, _ := os.Open(path)
			start := time.Now()
			tx, _ := conn.Begin(ctx)
			_, _ = tx.Exec(ctx, "TRUNCATE floor")
			if _, err := conn.PgConn().CopyFrom(ctx, f, "COPY floor FROM STDIN"); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(ctx); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
			f.Close()
		}
	})
}

func BenchmarkPostgresToMariaDB(b *testing.B) {
	e := newEnv(b)
	pg := e.link(pgLink("pg", testenv.Postgres(b)))
	myDB := testenv.MariaDB(b)
	my := e.link(myLink("my", myDB))
	n := benchRows()
	path := e.dir + "/bench.tsv"
	writeBenchFile(b, path, n)
	if _, err := pg.Exec(fmt.Sprintf(benchDDL, "src")); err != nil {
		b.Fatal(err)
	}
	e.mustSucceed(fileSrc(path, "", false), dbTgt("pg", "src"))
	for _, table := range []string{"t", "floor"} {
		if _, err := my.Exec(fmt.Sprintf(benchDDL, table) + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"); err != nil {
			b.Fatal(err)
		}
	}
	for _, writers := range []int{1, 4} {
		b.Run(fmt.Sprintf("transfer/task-num=%d", writers), func(b *testing.B) {
			for b.Loop() {
				tg := dbTgt("my", "t")
				tg.PreTruncate, tg.TaskNum = true, writers
				start := time.Now()
				e.mustSucceed(dbSrc("pg", "src"), tg)
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
			}
		})
	}
	b.Run("floor-load-data", func(b *testing.B) {
		for b.Loop() {
			f, _ := os.Open(path)
			mysql.RegisterReaderHandler("bench", func() io.Reader { return f })
			start := time.Now()
			tx, _ := my.Begin()
			_, _ = tx.Exec("DELETE FROM floor")
			if _, err := tx.Exec("LOAD DATA LOCAL INFILE 'Reader::bench' INTO TABLE floor CHARACTER SET utf8mb4"); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
			mysql.DeregisterReaderHandler("bench")
		}
	})
}
