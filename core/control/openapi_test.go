package control

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// openAPI is the part of docs/openapi.yaml the tests check.
type openAPI struct {
	Paths map[string]map[string]operation
}

type operation struct {
	Responses map[string]any `yaml:"responses"`
}

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "docs", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	doc := openAPI{Paths: map[string]map[string]operation{}}
	for path, items := range raw.Paths {
		doc.Paths[path] = map[string]operation{}
		for key, n := range items {
			if !httpMethods[key] {
				continue // path-level parameters
			}
			var op operation
			if err := n.Decode(&op); err != nil {
				t.Fatalf("docs/openapi.yaml %s %s: %v", key, path, err)
			}
			doc.Paths[path][key] = op
		}
	}
	return doc
}

var httpMethods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true}

// The OpenAPI file and the real router name the same endpoints, no more, no fewer.
func TestOpenAPIMatchesTheRouter(t *testing.T) {
	doc := loadOpenAPI(t)
	var documented []string
	for path, ops := range doc.Paths {
		for m := range ops {
			if httpMethods[m] {
				documented = append(documented, strings.ToUpper(m)+" "+path)
			}
		}
	}
	routes := (&Server{}).Routes()
	sort.Strings(documented)
	sort.Strings(routes)
	if strings.Join(documented, "\n") != strings.Join(routes, "\n") {
		t.Fatalf("docs/openapi.yaml and the router differ:\ndocumented:\n  %s\nrouted:\n  %s",
			strings.Join(documented, "\n  "), strings.Join(routes, "\n  "))
	}
}

// documentedStatus says whether the OpenAPI file lists status for the operation that a request
// with this method and URL path reaches.
func documentedStatus(doc openAPI, method, urlPath string, status int) bool {
	urlPath, _, _ = strings.Cut(urlPath, "?")
	segs := strings.Split(urlPath, "/")
	for tmpl, ops := range doc.Paths {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		match := true
		for i := range ts {
			if !strings.HasPrefix(ts[i], "{") && ts[i] != segs[i] {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if op, ok := ops[strings.ToLower(method)]; ok {
			_, ok := op.Responses[strconv.Itoa(status)]
			return ok
		}
	}
	return false
}
