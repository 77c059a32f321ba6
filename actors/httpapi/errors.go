package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// statusOf is the only place a workflows.Code becomes an HTTP status. A code missing here
// (a future one) is answered as internal, which is safe: it hides nothing from the log.
var statusOf = map[workflows.Code]int{
	workflows.CodeInvalid:      http.StatusBadRequest,
	workflows.CodeUnauthorized: http.StatusUnauthorized,
	workflows.CodeNotFound:     http.StatusNotFound,
	workflows.CodeConflict:     http.StatusConflict,
	workflows.CodeUnsupported:  http.StatusNotImplemented,
	workflows.CodeInternal:     http.StatusInternalServerError,
	workflows.CodeUnavailable:  http.StatusServiceUnavailable,
	workflows.CodeTimeout:      http.StatusGatewayTimeout,
}

// internalMessage replaces the text of internal errors: it may name files, addresses or
// stack details that a client must not see. The full error goes to the log.
const internalMessage = "internal error; the server log has the details"

// failure is an error resolved into what a client is told.
type failure struct {
	status   int
	body     apiv1.Error
	internal bool     // log the cause: the client only sees internalMessage
	allow    []string // methods for a 405
}

// methodNotAllowed is what the ServeMux decided for a path served under other methods.
type methodNotAllowed struct {
	method string
	path   string
	allow  []string
}

func (e *methodNotAllowed) Error() string {
	return fmt.Sprintf("method %s is not allowed on %s", e.method, e.path)
}

// resolve classifies any error. Transport-level causes (body too large, method not allowed,
// deadlines) are recognised first; everything else goes by its workflows.Code.
func resolve(err error) failure {
	var (
		tooLarge *http.MaxBytesError
		method   *methodNotAllowed
		domain   *workflows.Error
	)
	switch {
	case errors.As(err, &tooLarge):
		return failure{status: http.StatusRequestEntityTooLarge, body: apiv1.Error{
			Code:    string(workflows.CodeInvalid),
			Message: fmt.Sprintf("the request body exceeds the limit of %d bytes", tooLarge.Limit)}}
	case errors.As(err, &method):
		return failure{status: http.StatusMethodNotAllowed, allow: method.allow, body: apiv1.Error{
			Code: string(workflows.CodeInvalid), Message: method.Error()}}
	case errors.As(err, &domain):
		return fromDomain(domain, err)
	case errors.Is(err, context.DeadlineExceeded):
		return fromDomain(workflows.Errorf(workflows.CodeTimeout, "the operation did not finish in time"), err)
	case errors.Is(err, context.Canceled):
		return fromDomain(workflows.Errorf(workflows.CodeUnavailable, "the request was cancelled"), err)
	}
	return fromDomain(&workflows.Error{Code: workflows.CodeInternal}, err)
}

func fromDomain(e *workflows.Error, cause error) failure {
	status, known := statusOf[e.Code]
	if !known || e.Code == workflows.CodeInternal {
		return failure{status: http.StatusInternalServerError, internal: true, body: apiv1.Error{
			Code: string(workflows.CodeInternal), Message: internalMessage}}
	}
	msg := e.Message
	if msg == "" {
		msg = cause.Error()
	}
	return failure{status: status, body: apiv1.Error{Code: string(e.Code), Message: msg,
		Problems: apiv1.ProblemsOf(e.Problems)}}
}

// invalidf is the error for a malformed request.
func invalidf(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeInvalid, format, args...)
}

// notFoundf is the error for a route or resource that does not exist.
func notFoundf(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeNotFound, format, args...)
}
