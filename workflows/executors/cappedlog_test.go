package executors

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/actorflow/actorflow/workflows"
)

// maxMarkerLen bounds cutMarker's length (three 20-digit numbers and the text).
const maxMarkerLen = 200

func TestCappedLogKeepsEverythingUnderTheLimit(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "out.log")
	l := NewCappedLog(path, 10)
	for _, s := range []string{"abc", "defg", "hij"} { // exactly 10 bytes, past the head
		l.Write([]byte(s))
	}
	if got, _ := ReadLog(path); string(got) != "abcdefghij" {
		t.Errorf("live view %q", got)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "abcdefghij" {
		t.Errorf("file %q, want the whole output and no marker", got)
	}
	if _, err := os.Stat(path + TailSuffix); !os.IsNotExist(err) {
		t.Errorf("side file left behind: %v", err)
	}
}

// Whatever the write sizes, the finished file and every ReadLog view are head + marker +
// tail of the exact stream.
func TestCappedLogHeadAndTail(t *testing.T) {
	t.Parallel()
	var stream bytes.Buffer
	for i := 0; stream.Len() < 5000; i++ {
		stream.WriteString(strings.Repeat(string(rune('a'+i%26)), i%37) + "\n")
	}
	data := stream.Bytes()
	for _, limit := range []int64{2, 7, 64, 1000} {
		for _, chunk := range []int{1, 3, 100, 4096, len(data)} {
			path := filepath.Join(t.TempDir(), "x.log")
			l := NewCappedLog(path, limit)
			for off := 0; off < len(data); off += chunk {
				l.Write(data[off:min(off+chunk, len(data))])
			}
			// A follower of the file sees the head as it was written, nothing more.
			if follower, _ := os.ReadFile(path); !bytes.Equal(follower, data[:min(int64(len(data)), limit/2)]) {
				t.Fatalf("limit %d chunk %d: the open file shows %d bytes, want the %d-byte head", limit, chunk, len(follower), limit/2)
			}
			want := expectedView(data, limit)
			if live, err := ReadLog(path); err != nil || !bytes.Equal(live, want) {
				t.Fatalf("limit %d chunk %d: live view differs (err %v)\n got %q\nwant %q", limit, chunk, err, live, want)
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			file, _ := os.ReadFile(path)
			view, _ := ReadLog(path)
			if !bytes.Equal(file, want) || !bytes.Equal(view, want) {
				t.Fatalf("limit %d chunk %d: closed file differs\n got %q\nwant %q", limit, chunk, file, want)
			}
			if l.Written() != int64(len(data)) {
				t.Fatalf("Written %d, want %d", l.Written(), len(data))
			}
		}
	}
}

func expectedView(data []byte, limit int64) []byte {
	head, tail := limit/2, limit-limit/2
	n := int64(len(data))
	if n <= limit {
		return data
	}
	out := append([]byte(nil), data[:head]...)
	out = append(out, cutMarker(n-limit, n, head, tail)...)
	return append(out, data[n-tail:]...)
}

// A worker that crashed leaves the file and the side file; ReadLog still shows the tail.
func TestReadLogAfterCrash(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.log")
	l := NewCappedLog(path, 8)
	l.Write([]byte("0123456789abcdef")) // never closed
	got, err := ReadLog(path)
	if want := expectedView([]byte("0123456789abcdef"), 8); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("got %q (%v), want %q", got, err, want)
	}
	// A new log on the same path starts clean.
	l2 := NewCappedLog(path, 8)
	l2.Write([]byte("new"))
	l2.Close()
	if got, _ := ReadLog(path); string(got) != "new" {
		t.Fatalf("reopened log reads %q", got)
	}
	l.Close()
}

func TestCappedLogClosed(t *testing.T) {
	t.Parallel()
	l := NewCappedLog(filepath.Join(t.TempDir(), "x.log"), 0)
	l.Close()
	if _, err := l.Write([]byte("late")); err == nil {
		t.Fatal("write after Close succeeded")
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// 200 MB of output through the executor into capped logs: the file stays within the cap,
// ends with the real end of the output, and memory does not grow with the output.
// Not parallel, so the allocation count is this test's own.
func TestHugeOutputIsCapped(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 200 MB through a pipe")
	}
	const limit = 1 << 20
	cfg := testConfig(t)
	x := NewScript(cfg)
	task := scriptTask(`head -c 200000000 /dev/zero | tr '\0' 'x'; printf '\nTHE-END\n'`)
	logs, err := OpenAttemptLogs(filepath.Join(t.TempDir(), task.RelDir()), limit)
	if err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := x.Run(context.Background(), task, logs.IO())
	runtime.ReadMemStats(&after)
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	if r.Status != workflows.AttemptSucceeded {
		t.Fatalf("got %s %q", r.Status, r.Message)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("allocated %d bytes for 200 MB of output; memory must not follow the output size", grew)
	}

	info, err := os.Stat(logs.Stdout.Path())
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > limit+maxMarkerLen {
		t.Errorf("log is %d bytes, over the %d cap plus marker", info.Size(), limit)
	}
	got, err := ReadLog(logs.Stdout.Path())
	if err != nil {
		t.Fatal(err)
	}
	const total int64 = 200000000 + int64(len("\nTHE-END\n"))
	want := []string{
		strings.Repeat("x", limit/2),
		cutMarker(total-limit, total, limit/2, limit/2),
		strings.Repeat("x", limit/2-len("\nTHE-END\n")) + "\nTHE-END\n",
	}
	if string(got) != strings.Join(want, "") {
		t.Errorf("stitched log is not head + marker + tail; ends %q", got[max(0, len(got)-300):])
	}
}
