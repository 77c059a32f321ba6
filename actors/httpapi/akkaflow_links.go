package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/actorflow/actorflow/actors/httpapi/apiv1"
	"github.com/actorflow/actorflow/workflows"
)

// akkaflow's connection routes (spec §9.2 rows 17–20), over the LinksBackend the REST routes
// use (/api/v1/db-links, /api/v1/file-links); a backend without it fails them as unsupported.
// Fields come from the query or the form body, as akkaflow read them:
//
//	/akkaflow/db-link[/{name}]?action=add     name, dbtype, jdbcUrl, username, password, desc,
//	                                          properties ("k=v&k2=v2"); adds or replaces
//	/akkaflow/db-link/{name}?action=update    the same fields; the link must exist (replaced whole)
//	/akkaflow/db-link/{name}?action=del
//	/akkaflow/file-link[/{name}]?action=add   name, fstype, host, port (an integer), username,
//	                                          password, desc, and actorflow's keyFile, knownHosts
//	/akkaflow/file-link/{name}?action=update|del  as for db-links
//
// data is the link's name. The name in the path wins; a different name in the form is a
// mistake, answered as such. update replaces the whole link, as akkaflow did: a field left out
// is empty afterwards (the password too: lists never return it, so it cannot be kept).
// akkaflow's add and update were both upserts; actorflow's update fails on a link that does not
// exist, because an update of a misspelt name would otherwise create a second link.

// linkKind names the two registries in messages and routes.
type linkKind string

const (
	dbLinkKind   linkKind = "db-link"
	fileLinkKind linkKind = "file-link"
)

// akkaLinkActions serves /akkaflow/db-link[/{name}] and /akkaflow/file-link[/{name}].
func (s *server) akkaLinkActions(kind linkKind) map[string]akkaAction {
	return map[string]akkaAction{
		"add":    {mutates: true, run: func(r *http.Request) (string, any, error) { return s.akkaPutLink(r, kind, false) }},
		"update": {mutates: true, run: func(r *http.Request) (string, any, error) { return s.akkaPutLink(r, kind, true) }},
		"del":    {mutates: true, run: func(r *http.Request) (string, any, error) { return s.akkaDeleteLink(r, kind) }},
	}
}

func (s *server) akkaPutLink(r *http.Request, kind linkKind, update bool) (string, any, error) {
	lb, name, err := s.akkaLinkTarget(r, kind)
	if err != nil {
		return "", nil, err
	}
	if update {
		if err := linkExists(r, lb, kind, name); err != nil {
			return "", nil, err
		}
	}
	var created bool
	switch kind {
	case dbLinkKind:
		props, perr := akkaProperties(r.FormValue("properties"))
		if perr != nil {
			return "", nil, perr
		}
		created, err = lb.PutDBLink(r.Context(), apiv1.DBLink{Name: name, Type: r.FormValue("dbtype"),
			JDBCURL: r.FormValue("jdbcUrl"), Username: r.FormValue("username"), Password: r.FormValue("password"),
			Desc: r.FormValue("desc"), Properties: props})
	case fileLinkKind:
		port, perr := akkaPort(r.FormValue("port"))
		if perr != nil {
			return "", nil, perr
		}
		created, err = lb.PutFileLink(r.Context(), apiv1.FileLink{Name: name, Type: r.FormValue("fstype"),
			Host: r.FormValue("host"), Port: port, Username: r.FormValue("username"),
			Password: r.FormValue("password"), KeyFile: r.FormValue("keyFile"),
			KnownHosts: r.FormValue("knownHosts"), Desc: r.FormValue("desc")})
	}
	if err != nil {
		return "", nil, err
	}
	verb := "replaced"
	switch {
	case update:
		verb = "updated"
	case created:
		verb = "added"
	}
	return fmt.Sprintf("%s %s %s", verb, kind, name), name, nil
}

func (s *server) akkaDeleteLink(r *http.Request, kind linkKind) (string, any, error) {
	lb, name, err := s.akkaLinkTarget(r, kind)
	if err != nil {
		return "", nil, err
	}
	if kind == dbLinkKind {
		err = lb.DeleteDBLink(r.Context(), name)
	} else {
		err = lb.DeleteFileLink(r.Context(), name)
	}
	if err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("deleted %s %s", kind, name), name, nil
}

// akkaLinkTarget is the registries and the name of the link a request is about.
func (s *server) akkaLinkTarget(r *http.Request, kind linkKind) (LinksBackend, string, error) {
	lb, err := s.links()
	if err != nil {
		return nil, "", err
	}
	name, err := akkaLinkName(r, kind)
	return lb, name, err
}

// akkaLinkName is the link a request is about: {name} in the path, else form field name.
func akkaLinkName(r *http.Request, kind linkKind) (string, error) {
	path, field := r.PathValue("name"), strings.TrimSpace(r.FormValue("name"))
	switch {
	case path != "" && field != "" && field != path:
		return "", invalidf("the form names %s %q but the path names %q", kind, field, path)
	case path != "":
		return path, nil
	case field != "":
		return field, nil
	}
	return "", invalidf("no %s named: put the name in the path (/akkaflow/%s/NAME) or in form field name", kind, kind)
}

// linkExists fails with not_found when the registry has no link called name.
func linkExists(r *http.Request, lb LinksBackend, kind linkKind, name string) error {
	var names []string
	var err error
	if kind == dbLinkKind {
		names, err = linkNames(r.Context(), lb, dbLinks)
	} else {
		names, err = linkNames(r.Context(), lb, fileLinks)
	}
	if err != nil {
		return err
	}
	if slices.Contains(names, name) {
		return nil
	}
	return workflows.Errorf(workflows.CodeNotFound, "%s %q does not exist, so it cannot be updated: add it with action=add", kind, name)
}

// akkaPort reads akkaflow's port field: empty means the type's default (0), anything else
// must be a port number ("端口port不为整数" in akkaflow).
func akkaPort(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, invalidf("port %q is not an integer", s)
	}
	if n < 1 || n > 65535 {
		return 0, invalidf("port %d is not a port number (1-65535)", n)
	}
	return n, nil
}

// akkaProperties reads akkaflow's properties field "k=v&k2=v2" (inside the form value, so not
// URL-decoded again: a value may hold '+' or '%'). Empty items are skipped; an item without
// '=' or with an empty key is a mistake.
func akkaProperties(s string) ([]apiv1.LinkOption, error) {
	var out []apiv1.LinkOption
	for item := range strings.SplitSeq(s, "&") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if k = strings.TrimSpace(k); !ok || k == "" {
			return nil, invalidf("property %q is not name=value (properties are \"k=v&k2=v2\")", item)
		}
		out = append(out, apiv1.LinkOption{Name: k, Value: v})
	}
	return out, nil
}
