package executors

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// MaxOutputSize caps the ACTORFLOW_OUTPUT file. Outputs become parameters of later nodes
// and travel in cluster messages; anything bigger is a mistake, not data.
const MaxOutputSize = 64 << 10

// readOutputs parses the file at path. No file means no outputs. A file over MaxOutputSize
// is an error rather than a silent truncation: downstream nodes would run on partial values.
// Malformed lines are skipped and reported in the note.
func readOutputs(path string) (outputs map[string]string, note string, err error) {
	// Open first and stat the descriptor: one call when the task wrote no outputs (most
	// tasks), and no window between the check and the read. O_NONBLOCK so that opening a
	// FIFO put there by the task cannot block, O_NOCTTY so that a terminal cannot become
	// the worker's; either is refused just below. (The task runs as the worker's user, so
	// opening what it points at gives it nothing it could not open itself.)
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("cannot read ACTORFLOW_OUTPUT: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("cannot read ACTORFLOW_OUTPUT: %w", err)
	}
	// A FIFO or device would block or never end; only regular files are read.
	if !info.Mode().IsRegular() {
		return nil, "", fmt.Errorf("ACTORFLOW_OUTPUT %s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxOutputSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("cannot read ACTORFLOW_OUTPUT: %w", err)
	}
	if len(data) > MaxOutputSize {
		return nil, "", fmt.Errorf("ACTORFLOW_OUTPUT is larger than the %d-byte limit (%d bytes); no outputs were taken",
			MaxOutputSize, max(info.Size(), int64(len(data))))
	}
	outputs, bad := ParseOutputs(string(data))
	if len(bad) > 0 {
		note = fmt.Sprintf("ACTORFLOW_OUTPUT: skipped %d malformed line(s) (want key=value), first at line %d",
			len(bad), bad[0])
	}
	return outputs, note, nil
}

// ParseOutputs reads key=value lines: blank lines and lines starting with '#' (after
// spaces) are ignored, the key is trimmed, the value is kept verbatim up to the line end
// ("\n" or "\r\n"), and a later key wins. Lines without '=' or with an empty key are
// returned, 1-based, in bad. Invalid UTF-8 is replaced by U+FFFD because outputs end up in
// protobuf strings, which must be valid UTF-8. The map is nil when there is no pair.
func ParseOutputs(text string) (outputs map[string]string, bad []int) {
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			bad = append(bad, n+1)
			continue
		}
		if outputs == nil {
			outputs = map[string]string{}
		}
		outputs[strings.ToValidUTF8(k, "\uFFFD")] = strings.ToValidUTF8(v, "\uFFFD")
	}
	return outputs, bad
}
