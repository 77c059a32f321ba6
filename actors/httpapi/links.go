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

// linkRegistry is one registry's half of LinksBackend, so that db-links and file-links are
// served by the same handlers. name points at a link's Name field.
type linkRegistry[L any] struct {
	list func(LinksBackend, context.Context) (apiv1.List[L], error)
	put  func(LinksBackend, context.Context, L) (bool, error)
	del  func(LinksBackend, context.Context, string) error
	name func(*L) *string
}

var (
	dbLinks = linkRegistry[apiv1.DBLink]{LinksBackend.ListDBLinks, LinksBackend.PutDBLink,
		LinksBackend.DeleteDBLink, func(l *apiv1.DBLink) *string { return &l.Name }}
	fileLinks = linkRegistry[apiv1.FileLink]{LinksBackend.ListFileLinks, LinksBackend.PutFileLink,
		LinksBackend.DeleteFileLink, func(l *apiv1.FileLink) *string { return &l.Name }}
)

func (s *server) links() (LinksBackend, error) {
	if lb, ok := s.b.(LinksBackend); ok {
		return lb, nil
	}
	return nil, workflows.Errorf(workflows.CodeUnsupported, "this node does not manage connection links")
}

// listLinks serves GET /api/v1/{db,file}-links.
func listLinks[L any](s *server, reg linkRegistry[L]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lb, err := s.links()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		list, err := reg.list(lb, r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.writeJSON(w, r, http.StatusOK, items(list))
	}
}

// putLink serves PUT /api/v1/{db,file}-links/{name}: 201 for a new link, 204 for a replaced
// one.
func putLink[L any](s *server, reg linkRegistry[L]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var l L
		if err := readLink(r, &l, reg.name(&l)); err != nil {
			s.fail(w, r, err)
			return
		}
		lb, err := s.links()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		created, err := reg.put(lb, r.Context(), l)
		switch {
		case err != nil:
			s.fail(w, r, err)
		case created:
			w.WriteHeader(http.StatusCreated)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}
}

// deleteLink serves DELETE /api/v1/{db,file}-links/{name}.
func deleteLink[L any](s *server, reg linkRegistry[L]) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		lb, err := s.links()
		if err == nil {
			err = reg.del(lb, r.Context(), r.PathValue("name"))
		}
		s.noContent(w, r, err)
	}
}

// linkNames lists the names of the links in one registry.
func linkNames[L any](ctx context.Context, lb LinksBackend, reg linkRegistry[L]) ([]string, error) {
	list, err := reg.list(lb, ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(list.Items))
	for i := range list.Items {
		names[i] = *reg.name(&list.Items[i])
	}
	return names, nil
}

// readLink decodes a link body; the name in the path wins, and a different one in the body is
// a mistake worth reporting rather than guessing which was meant.
func readLink(r *http.Request, dst any, name *string) error {
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
