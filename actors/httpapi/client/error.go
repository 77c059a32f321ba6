package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// Error is a failed call: the server's {"error":{...}} body, or a transport failure (Status 0).
type Error struct {
	Status   int             // HTTP status; 0 when no response arrived
	Code     string          // from the workflows.Code set as sent; see Classify
	Message  string          // human text, already explaining what went wrong
	Problems []apiv1.Problem // every finding, for invalid definitions
	cause    error
}

func (e *Error) Error() string {
	if e.Message != "" {
		return e.Message
	}
	if e.Status != 0 {
		return fmt.Sprintf("%s (HTTP %d)", e.Code, e.Status)
	}
	return e.Code
}

// Unwrap exposes the transport error behind a Status-0 Error.
func (e *Error) Unwrap() error { return e.cause }

// maxErrorBody bounds how much of an error response is read; an error body is small.
const maxErrorBody = 1 << 20

// decodeError builds the *Error for a non-2xx response. A body that is not the JSON envelope
// (a proxy's HTML page, a plain-text 404) still yields a classifiable error from the status.
func decodeError(resp *http.Response) *Error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &Error{Status: resp.StatusCode}
	var body apiv1.ErrorBody
	if json.Unmarshal(raw, &body) == nil {
		e.Code, e.Message, e.Problems = body.Error.Code, body.Error.Message, body.Error.Problems
	}
	if e.Code == "" {
		e.Code = string(codeForStatus(resp.StatusCode))
	}
	if e.Message == "" {
		e.Message = fallbackMessage(resp.StatusCode, raw)
	}
	return e
}

// fallbackMessage says what a non-JSON error response said, on one line.
func fallbackMessage(status int, raw []byte) string {
	msg := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	text := strings.TrimSpace(string(raw))
	if line, _, _ := strings.Cut(text, "\n"); line != "" && !strings.HasPrefix(line, "<") {
		if len(line) > 200 {
			line = line[:200] + "…"
		}
		msg += ": " + line
	}
	return msg
}

// codeForStatus classifies a response whose body carried no code.
func codeForStatus(status int) workflows.Code {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge,
		http.StatusUnsupportedMediaType:
		return workflows.CodeInvalid
	case http.StatusUnauthorized, http.StatusForbidden:
		return workflows.CodeUnauthorized
	case http.StatusNotFound, http.StatusGone:
		return workflows.CodeNotFound
	case http.StatusConflict, http.StatusPreconditionFailed:
		return workflows.CodeConflict
	case http.StatusRequestTimeout, http.StatusGatewayTimeout:
		return workflows.CodeTimeout
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable:
		return workflows.CodeUnavailable
	case http.StatusNotImplemented:
		return workflows.CodeUnsupported
	}
	return workflows.CodeInternal
}

// knownCodes is the set Classify passes through unchanged.
var knownCodes = map[workflows.Code]bool{
	workflows.CodeInvalid: true, workflows.CodeNotFound: true, workflows.CodeConflict: true,
	workflows.CodeUnavailable: true, workflows.CodeUnauthorized: true, workflows.CodeInternal: true,
	workflows.CodeTimeout: true, workflows.CodeUnsupported: true,
}

// Classify returns the code of err: an *Error's code when it is one of the workflows.Code set,
// otherwise the code its HTTP status implies (a newer server may send codes this client does
// not know); CodeInternal for any other error and "" for nil.
func Classify(err error) workflows.Code {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		return workflows.CodeInternal
	}
	if c := workflows.Code(e.Code); knownCodes[c] {
		return c
	}
	if e.Status != 0 {
		return codeForStatus(e.Status)
	}
	return workflows.CodeInternal
}

// IsNotFound reports whether the named workflow, instance or route does not exist.
func IsNotFound(err error) bool { return Classify(err) == workflows.CodeNotFound }

// IsInvalid reports whether the request itself was wrong (Problems may say where).
func IsInvalid(err error) bool { return Classify(err) == workflows.CodeInvalid }

// IsConflict reports whether the request contradicts the current state.
func IsConflict(err error) bool { return Classify(err) == workflows.CodeConflict }

// IsUnavailable reports whether trying again later may succeed: the server is unreachable, has
// no leader, is shutting down, or did not answer in time.
func IsUnavailable(err error) bool {
	c := Classify(err)
	return c == workflows.CodeUnavailable || c == workflows.CodeTimeout
}

// IsUnauthorized reports whether a credential is missing or wrong.
func IsUnauthorized(err error) bool { return Classify(err) == workflows.CodeUnauthorized }
