package data

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A dataset that is neither cached nor downloadable: the error names the
// file, the cause, and both ways to get the data (NGNMM_DATA, ngnmm data fetch).
func TestFetchErrorSaysHowToGetData(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	ds, err := Lookup("aal90")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds.Files {
		ds.Files[i].URL = srv.URL + "/" + ds.Files[i].Path
	}
	dir := t.TempDir()
	err = (&Cache{Dir: dir, Client: srv.Client()}).Fetch(context.Background(), ds)
	if err == nil {
		t.Fatal("no error for an unreachable dataset")
	}
	msg := err.Error()
	for _, want := range []string{`dataset "aal90"`, ds.Files[0].Path, "404", "NGNMM_DATA=" + dir, "`ngnmm data fetch aal90`"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
}
