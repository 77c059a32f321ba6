package webui

import "time"

// zeroTime makes ServeContent skip Last-Modified: assets change with the binary, and hashed
// names (not dates) are what caches key on.
var zeroTime time.Time
