package httpapi

import (
	"math"
	"net/url"
)

// xmlFileStatuses are the file statuses a client may filter on, with "ok" for loaded (the
// word the UI and akkaflow users reach for).
var xmlFileStatuses = map[string]string{"loaded": "loaded", "ok": "loaded", "error": "error", "disabled": "disabled"}

// xmlFileQueryOf reads GET /api/v1/xmlconfig's parameters: limit and offset as every list
// (limit 1…MaxLimit, offset ≥ 0), except that no limit means every file, as the list
// answered before it had pages (the CLI's "workflow files" and scripts rely on it); status
// filters on loaded (ok), error or disabled.
func xmlFileQueryOf(q url.Values) (XMLFileQuery, error) {
	var out XMLFileQuery
	var err error
	if out.Limit, err = intParam(q, "limit", 0, 1, MaxLimit); err != nil {
		return out, err
	}
	if out.Offset, err = intParam(q, "offset", 0, 0, math.MaxInt); err != nil {
		return out, err
	}
	if s := q.Get("status"); s != "" {
		st, ok := xmlFileStatuses[s]
		if !ok {
			return out, invalidf("status=%q: want loaded (or ok), error or disabled", s)
		}
		out.Status = st
	}
	return out, nil
}
