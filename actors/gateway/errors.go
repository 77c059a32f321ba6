package gateway

import (
	"context"
	"errors"
	"fmt"

	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
)

// mapErr gives every error leaving the gateway a workflows.Code, so the HTTP layer maps it
// once. Errors that already carry one (the master's answers, our own) pass unchanged; a
// context's end is a timeout or an unavailability; a closed store means the node is going
// down (try another); anything else is internal, wrapped with what we were doing so the log
// says where it happened (the client only sees "internal error").
func mapErr(err error, doing string) error {
	var coded *workflows.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &coded):
		return err
	case errors.Is(err, context.DeadlineExceeded):
		return &workflows.Error{Code: workflows.CodeTimeout, Message: doing + ": the operation did not finish in time"}
	case errors.Is(err, context.Canceled):
		return &workflows.Error{Code: workflows.CodeUnavailable, Message: doing + ": the request was cancelled"}
	case errors.Is(err, store.ErrClosed):
		return &workflows.Error{Code: workflows.CodeUnavailable,
			Message: doing + ": the state store is closed (this node is shutting down)"}
	}
	return fmt.Errorf("gateway: %s: %w", doing, err)
}

func notFoundf(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeNotFound, format, args...)
}

func invalidf(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeInvalid, format, args...)
}

func unavailablef(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeUnavailable, format, args...)
}

func unsupportedf(format string, args ...any) error {
	return workflows.Errorf(workflows.CodeUnsupported, format, args...)
}
