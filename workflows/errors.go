package workflows

import (
	"errors"
	"fmt"
)

// Code classifies an error so that each edge (HTTP status, CLI exit code, akkaflow envelope)
// maps it exactly once.
type Code string

const (
	CodeInvalid      Code = "invalid"      // the input is wrong; Problems says where
	CodeNotFound     Code = "not_found"    // the named thing does not exist
	CodeConflict     Code = "conflict"     // the request contradicts the current state
	CodeUnavailable  Code = "unavailable"  // try again later (no leader, shutting down)
	CodeUnauthorized Code = "unauthorized" // a credential is missing or wrong
	CodeInternal     Code = "internal"     // a bug or an unexpected fault
	CodeTimeout      Code = "timeout"      // the operation did not finish in time
	CodeUnsupported  Code = "unsupported"  // recognised but not implemented
)

// Error is the domain's error: a code, a human message and, for invalid input, every problem.
type Error struct {
	Code     Code
	Message  string
	Problems Problems
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of the first *Error in err's chain, CodeInternal for any other error
// and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
