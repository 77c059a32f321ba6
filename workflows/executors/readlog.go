package executors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadLog returns the readable view of a CappedLog file: for a closed log, the file itself;
// for a log still being written (or left by a crashed worker), the head, the marker and
// the tail stitched from the side file. A live tail can be torn by a concurrent write;
// read again for a settled view. A log with no file is empty (nil, nil): a CappedLog
// creates its file with the first byte, so a silent or not yet started stream has none.
func ReadLog(path string) ([]byte, error) {
	data, err := readLog(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

func readLog(path string) ([]byte, error) {
	// Open the side file first: if Close removes it meanwhile, the open descriptor still
	// reads the final ring, and only the head is taken from the main file, so the view
	// never shows the tail twice.
	side, err := os.Open(path + TailSuffix)
	if errors.Is(err, fs.ErrNotExist) {
		return os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	defer side.Close()
	var hdr [sideHeaderSize]byte
	if _, err := io.ReadFull(side, hdr[:]); err != nil || string(hdr[:8]) != sideMagic {
		// Just created, header not written yet: nothing is in the ring.
		return os.ReadFile(path)
	}
	headMax := int64(binary.LittleEndian.Uint64(hdr[8:]))
	tailMax := int64(binary.LittleEndian.Uint64(hdr[16:]))
	total := int64(binary.LittleEndian.Uint64(hdr[offTotal:]))
	if headMax <= 0 || tailMax <= 0 || total < headMax {
		return nil, fmt.Errorf("%s%s: corrupt header", path, TailSuffix)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, headMax))
	if err != nil {
		return nil, err
	}
	view := bytes.NewBuffer(head)
	if err := appendTail(view, side, headMax, tailMax, total); err != nil {
		return nil, err
	}
	return view.Bytes(), nil
}
