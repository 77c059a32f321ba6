package transfer

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
)

// batch is a run of rows handed to one writer.
type batch struct {
	rows [][]any
}

// feed carries batches from the one reader to the writers. The reader's error (nil after
// a clean end) is published before the channel closes, so a writer that sees the channel
// closed can tell the end of the data from a failed read, and must not commit on the
// latter.
type feed struct {
	ch   chan batch
	err  error
	read atomic.Int64 // rows read so far
}

func newFeed(writers int) *feed { return &feed{ch: make(chan batch, 2*writers)} }

// Err is the reader's error; valid once the channel is closed.
func (f *feed) Err() error { return f.err }

// produce reads src into batches of at most maxRows rows or about maxBytes bytes until the
// source ends, fails, or ctx is done; then closes the feed.
func (f *feed) produce(ctx context.Context, src source, maxRows, maxBytes int) {
	defer close(f.ch)
	var b batch
	size := 0
	send := func() bool {
		select {
		case f.ch <- b:
			b, size = batch{}, 0
			return true
		case <-ctx.Done():
			f.err = context.Cause(ctx)
			return false
		}
	}
	for {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			if len(b.rows) > 0 {
				send()
			}
			return
		}
		if err != nil {
			f.err = err
			return
		}
		if err := ctx.Err(); err != nil {
			f.err = context.Cause(ctx)
			return
		}
		f.read.Add(1)
		b.rows = append(b.rows, row)
		size += rowBytes(row)
		if len(b.rows) >= maxRows || size >= maxBytes {
			if !send() {
				return
			}
		}
	}
}

// next returns the next batch; ok is false when the feed has ended, and err then holds why
// it ended early (the reader's failure or ctx's cause), nil at the end of the data.
func (f *feed) next(ctx context.Context) (b batch, ok bool, err error) {
	select {
	case b, ok := <-f.ch:
		if !ok {
			return batch{}, false, f.err
		}
		return b, true, nil
	case <-ctx.Done():
		return batch{}, false, context.Cause(ctx)
	}
}

// drain empties the channel so the reader can finish after the writers gave up.
func (f *feed) drain() {
	for range f.ch {
	}
}
