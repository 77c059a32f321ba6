package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
)

// MaxBodyBytes caps every request body. The largest legitimate body is a workflow definition;
// akkaflow's biggest shipped file is a few KiB, so 8 MiB only stops accidents and abuse.
const MaxBodyBytes = 8 << 20

// readJSON decodes the request body into dst. An empty body leaves dst at its defaults, so
// `curl -X POST …/trigger` works; unknown fields and trailing data are rejected, because a
// misspelt field silently ignored would run something other than what was asked.
func readJSON(r *http.Request, dst any) error {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return invalidf("the request body is not the expected JSON: %v", err)
	}
	if dec.More() {
		return invalidf("the request body has data after the JSON value")
	}
	return nil
}

// definitionXML returns the workflow XML of a request: the first non-empty form field of
// fields for a form post (url-encoded or multipart, where a file part counts too), else the
// raw body.
func definitionXML(r *http.Request, fields ...string) ([]byte, error) {
	var (
		xml []byte
		err error
	)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded", "multipart/form-data":
		xml, err = formField(r, mt, fields)
	default:
		xml, err = io.ReadAll(r.Body)
		if err != nil {
			err = bodyError(err)
		}
	}
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(xml)) == 0 {
		return nil, invalidf("the request carries no workflow XML: send it as the body or as form field %q", fields[0])
	}
	return xml, nil
}

func formField(r *http.Request, mediaType string, fields []string) ([]byte, error) {
	var err error
	if mediaType == "multipart/form-data" {
		err = r.ParseMultipartForm(MaxBodyBytes)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return nil, bodyError(err)
	}
	for _, f := range fields {
		if v := r.PostForm.Get(f); v != "" {
			return []byte(v), nil
		}
		if r.MultipartForm == nil || len(r.MultipartForm.File[f]) == 0 {
			continue
		}
		file, err := r.MultipartForm.File[f][0].Open()
		if err != nil {
			return nil, bodyError(err)
		}
		b, err := io.ReadAll(file)
		_ = file.Close()
		if err != nil {
			return nil, bodyError(err)
		}
		return b, nil
	}
	return nil, nil
}

// bodyError keeps "too large" recognisable (413) and calls anything else a malformed body.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return tooLarge
	}
	return invalidf("cannot read the request body: %v", err)
}
