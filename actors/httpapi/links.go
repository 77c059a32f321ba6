package httpapi

import (
	"context"
	"net/http"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// LinksBackend serves the db-link and file-link registries (/api/v1/db-links,
// /api/v1/file-links). It is optional: a Backend that does not implement it answers those
// routes with 501 (CodeUnsupported). Lists never carry a literal password (see apiv1.DBLink).
// Put replaces a link of the same name and reports whether it was new; Delete of an unknown
// name is CodeNotFound.
type LinksBackend interface {
	ListDBLinks(ctx context.Context) (apiv1.List[apiv1.DBLink], error)
	PutDBLink(ctx context.Context, l apiv1.DBLink) (created bool, err error)
	DeleteDBLink(ctx context.Context, name string) error
	ListFileLinks(ctx context.Context) (apiv1.List[apiv1.FileLink], error)
	PutFileLink(ctx context.Context, l apiv1.FileLink) (created bool, err error)
	DeleteFileLink(ctx context.Context, name string) error
}

func (s *server) links() (LinksBackend, error) {
	if lb, ok := s.b.(LinksBackend); ok {
		return lb, nil
	}
	return nil, workflows.Errorf(workflows.CodeUnsupported, "this node does not manage connection links")
}

func (s *server) listDBLinks(w http.ResponseWriter, r *http.Request) {
	lb, err := s.links()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := lb.ListDBLinks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}

func (s *server) putDBLink(w http.ResponseWriter, r *http.Request) {
	var l apiv1.DBLink
	if err := s.readLink(r, &l, &l.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	lb, err := s.links()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := lb.PutDBLink(r.Context(), l)
	s.linkStored(w, r, created, err)
}

func (s *server) deleteDBLink(w http.ResponseWriter, r *http.Request) {
	lb, err := s.links()
	if err == nil {
		err = lb.DeleteDBLink(r.Context(), r.PathValue("name"))
	}
	s.noContent(w, r, err)
}

func (s *server) listFileLinks(w http.ResponseWriter, r *http.Request) {
	lb, err := s.links()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := lb.ListFileLinks(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, items(list))
}

func (s *server) putFileLink(w http.ResponseWriter, r *http.Request) {
	var l apiv1.FileLink
	if err := s.readLink(r, &l, &l.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	lb, err := s.links()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := lb.PutFileLink(r.Context(), l)
	s.linkStored(w, r, created, err)
}

func (s *server) deleteFileLink(w http.ResponseWriter, r *http.Request) {
	lb, err := s.links()
	if err == nil {
		err = lb.DeleteFileLink(r.Context(), r.PathValue("name"))
	}
	s.noContent(w, r, err)
}

// readLink decodes a link body; the name in the path wins, and a different one in the body is
// a mistake worth reporting rather than guessing which was meant.
func (s *server) readLink(r *http.Request, dst any, name *string) error {
	if err := readJSON(r, dst); err != nil {
		return err
	}
	path := r.PathValue("name")
	if *name != "" && *name != path {
		return workflows.Errorf(workflows.CodeInvalid, "the body names link %q but the path names %q", *name, path)
	}
	*name = path
	return nil
}

// linkStored answers a PUT: 201 for a new link, 204 for a replaced one.
func (s *server) linkStored(w http.ResponseWriter, r *http.Request, created bool, err error) {
	switch {
	case err != nil:
		s.fail(w, r, err)
	case created:
		w.WriteHeader(http.StatusCreated)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}
