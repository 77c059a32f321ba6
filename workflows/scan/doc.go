// Package scan watches the xmlconfig directory and reports which workflow files were added,
// modified or removed, each with its bytes, its sha256 and its parsed Definition.
//
//	s, err := scan.New(scan.Config{Dir: "xmlconfig"})  // fails if Dir is missing
//	go s.Run(ctx, func(c scan.Change) { … })          // or RunBatches: one call per batch
//	s.RescanNow()                                       // "workflow reload": full rescan now
//	changes := s.ScanOnce()                             // tools and tests, without watching
//
// One Run at a time per Scanner (a second gets ErrRunning). Run calls out on its own
// goroutine; out should hand the changes over (to the master's mailbox) and return.
//
// It fixes akkaflow's XmlLoader (spec §8): files are keyed by their path relative to Dir (not
// by base name), changes are found by content hash (not by mtime), deleted files are
// reported, and a file that fails to load is reported every time its bytes change.
//
// Invariants:
//   - A Change is reported only when what the scanner can say about a path changed: its bytes
//     (by sha256), its existence, or the reason it could not be read. Rewriting the same
//     bytes, touching a file or changing its mode reports nothing.
//   - Every path is reported at most once per batch, and a batch is sorted by Path, so the
//     same tree always yields the same sequence whatever the worker pool did.
//   - The first scan of a Scanner reports every file as Added. The consumer (the master)
//     compares hashes with what its store has, so an unchanged file causes no write there.
//   - A file that cannot be read or parsed still yields a Change: Definition carries the
//     problems (code CodeReadError for I/O), Data and Hash are empty when nothing was read.
//     The consumer keeps the version it already loaded.
//   - Parsing (Config.Load) happens in the scanner's workers, never on the consumer's
//     goroutine; Load must be safe for concurrent use. A panicking Load becomes a problem.
//   - Removed is reported only for a file that is really gone: a Dir that vanishes or a
//     sub-directory that cannot be listed is an outage, and the files known below it are kept
//     as they were until it can be read again (an unmounted share must not disable every
//     schedule).
//   - The scanner never writes to Dir and never creates it: New fails, naming the path,
//     when it is missing, so that the server decides what to do.
//
// Decisions:
//   - Candidates: regular files whose name ends in ".xml" in any case. Hidden files and
//     directories (a leading dot) are skipped, which also skips editor litter such as
//     ".#x.xml" and ".x.xml.swp"; "x.xml~", "x.xml.swp" and "x.bak" do not end in ".xml".
//   - Symbolic links: a link to a file is followed (its target's bytes are read, the link's
//     own path is reported). A link to a directory is not recursed into, so that a link
//     back up the tree cannot loop. A change to a link's target outside Dir causes no event
//     there and is seen by the periodic rescan. Dir itself may be a link; it is resolved once
//     by New. A dangling link, a FIFO or device named *.xml, and a file over MaxFileSize are
//     read errors (a FIFO would block the reader forever).
//   - fsnotify is not recursive: every directory gets its own watch, added before the
//     directory is listed so that a file created meanwhile still causes an event. A directory
//     that appears later is walked and watched at once, and every file already in it is
//     examined. A directory moved away loses its watches (inotify would keep reporting its
//     old path). Watches that fail (fs.inotify.max_user_watches) are logged; the periodic
//     rescan covers those directories.
//   - Events are debounced per path: a path is examined once it has been quiet for Debounce,
//     or at the latest 10×Debounce after its first event, so that a file written
//     continuously is still picked up. Editors that save by writing a temporary file and
//     renaming it over the original produce one Modified.
//   - A rename is a Removed for the old path and an Added for the new one, with equal hashes;
//     matching them (if wanted) is the consumer's business.
//   - The periodic rescan (default 30 s) trusts an unchanged size and mtime and only reads
//     the other files; an event-driven check always reads and hashes. A file that could not
//     be read is re-read on every rescan, since fixing its mode changes neither.
//   - PollOnly turns fsnotify off (NFS, SMB, FUSE, where inotify sees nothing). If the
//     watcher cannot be created at all, Run logs it and falls back to polling.
//   - fsnotify queue overflow triggers an immediate full rescan.
package scan
