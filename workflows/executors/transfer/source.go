package transfer

// source yields the rows to move. Values are nil (NULL), string, or []byte for a Binary
// column (raw bytes).
type source interface {
	Columns() []column
	// Next returns the next row, or io.EOF after the last. The row is the caller's.
	Next() ([]any, error)
	Close() error
}

// rowBytes estimates a row's size for batching.
func rowBytes(row []any) int {
	n := len(row) // a delimiter or a length byte each
	for _, v := range row {
		switch v := v.(type) {
		case string:
			n += len(v)
		case []byte:
			n += len(v)
		}
	}
	return n
}
