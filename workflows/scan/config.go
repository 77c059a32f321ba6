package scan

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

// Defaults for the zero values of Config.
const (
	DefaultRescan   = 30 * time.Second
	DefaultDebounce = 200 * time.Millisecond
)

// MaxFileSize bounds what is read of one file. A workflow is a few KiB; anything this large
// is a mistake (a dump named .xml) and must not be loaded into the master's memory.
const MaxFileSize = 16 << 20

// Config says what to watch and how. Zero values mean the defaults.
type Config struct {
	// Dir is the xmlconfig directory. It must exist: New does not create it.
	Dir string
	// Rescan is the period of the full safety rescan (default 30 s). It catches what the
	// watcher missed: file systems without inotify, overflowed queues, failed watches.
	Rescan time.Duration
	// Debounce is how long a path must be quiet after an event before it is read
	// (default 200 ms): editors write, truncate and rename in quick bursts.
	Debounce time.Duration
	// Load parses one file (default xmlspec.Load). It is called from several goroutines.
	Load func(source string, data []byte) *workflows.Definition
	// Logger receives watch failures and one line per batch (default slog.Default()).
	Logger *slog.Logger
	// PollOnly disables fsnotify: changes are found by the periodic rescan alone. For file
	// systems where inotify sees nothing (NFS, SMB, FUSE), and for tests of the rescan.
	PollOnly bool
	// Workers bounds how many files are read and parsed at once (default GOMAXPROCS).
	Workers int
}

// New checks the directory and returns a Scanner that has not looked at any file yet.
// A missing Dir is an error naming the path (errors.Is(err, fs.ErrNotExist) holds).
func New(cfg Config) (*Scanner, error) {
	if cfg.Dir == "" {
		return nil, errors.New("scan: Config.Dir is empty")
	}
	abs, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("scan: workflow directory %q: %w", cfg.Dir, err)
	}
	// Resolve a symlinked root once: WalkDir does not descend into a link, and fsnotify
	// reports events under the path it was given, which must be the one we walk.
	dir, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("scan: workflow directory %q: %w", abs, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("scan: workflow directory %q: %w", abs, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("scan: workflow directory %q is not a directory", abs)
	}
	if cfg.Rescan <= 0 {
		cfg.Rescan = DefaultRescan
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.Load == nil {
		cfg.Load = xmlspec.Load
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	return &Scanner{
		cfg:   cfg,
		dir:   dir,
		log:   cfg.Logger.With("component", "scan", "dir", dir),
		kick:  make(chan struct{}, 1),
		known: map[string]entry{},
	}, nil
}
