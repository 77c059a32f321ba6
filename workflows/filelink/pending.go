package filelink

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
)

// tempName is the temporary file a Create writes before the rename: hidden, in the same
// directory (a rename across file systems is not atomic), and unique, so that two writers
// of one path never share it.
func tempName(p string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return path.Join(path.Dir(p), "."+path.Base(p)+".tmp-"+hex.EncodeToString(b[:]))
}

// pendingFile is the bookkeeping every Writer shares, whatever the file system: the
// temporary file is either published by Close or removed by Abort, once; a failed publish
// removes it too.
type pendingFile struct {
	link        string
	tmp, target string
	remove      func(path string) error                // removes a file on the link's file system
	wrap        func(op, path string, err error) error // names the link and path in an error
	done        bool
}

// commit is Writer.Close: publish flushes and closes the temporary file and renames it over
// the target.
func (p *pendingFile) commit(publish func() error) error {
	if p.done {
		return fmt.Errorf("file-link %s: %s: already closed or aborted", p.link, p.target)
	}
	p.done = true
	if err := publish(); err != nil {
		_ = p.remove(p.tmp)
		return p.wrap("write", p.target, err)
	}
	return nil
}

// abort is Writer.Abort: closeFile closes the temporary file, whose error does not matter
// since the file is removed next.
func (p *pendingFile) abort(closeFile func() error) error {
	if p.done {
		return nil
	}
	p.done = true
	_ = closeFile()
	if err := p.remove(p.tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return p.wrap("remove temporary file", p.tmp, err)
	}
	return nil
}
