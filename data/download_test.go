package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// testDataset is a one-file dataset served by srv.
func testDataset(srv *httptest.Server, body []byte) *Dataset {
	f := File{Path: "t/x.dat", URL: srv.URL + "/x.dat", SHA256: sha256Hex(body), Size: int64(len(body))}
	return &Dataset{Name: "t", Files: []File{f}}
}

func noPartials(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(dir, "t"))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".download-") {
			t.Errorf("partial download %s left in the cache", e.Name())
		}
	}
}

// Issue 18 item 4: a stalled body or stalled headers time out (instead of
// hanging), the partial file is removed, transient failures are retried
// with back-off, and the downloaded file is 0644 less the umask.
func TestDownloadTimeoutsRetries(t *testing.T) {
	body := []byte(strings.Repeat("0123456789", 100))
	var hits atomic.Int32
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		switch r.URL.Query().Get("mode") {
		case "stall-body":
			w.Header().Set("Content-Length", "1000")
			w.Write(body[:100])
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		case "stall-headers":
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		case "flaky":
			if n%2 == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
		case "404":
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()
	fast := func(dir string) *Cache {
		return &Cache{Dir: dir, ConnectTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond,
			FileTimeout: 3 * time.Second, Attempts: 2, Backoff: 10 * time.Millisecond}
	}
	for _, mode := range []string{"stall-body", "stall-headers"} {
		dir := t.TempDir()
		ds := testDataset(srv, body)
		ds.Files[0].URL += "?mode=" + mode
		hits.Store(0)
		start := time.Now()
		err := fast(dir).Fetch(context.Background(), ds)
		if el := time.Since(start); err == nil || el > 2*time.Second {
			t.Errorf("%s: err = %v after %v, want a timeout within 2 s", mode, err, el)
		}
		if hits.Load() != 2 {
			t.Errorf("%s: %d attempts, want 2", mode, hits.Load())
		}
		if err != nil && !strings.Contains(err.Error(), "ngnmm data fetch t") {
			t.Errorf("%s: error %q does not say how to proceed", mode, err)
		}
		noPartials(t, dir)
	}
	// the total deadline bounds all attempts
	{
		dir := t.TempDir()
		ds := testDataset(srv, body)
		ds.Files[0].URL += "?mode=stall-body"
		c := fast(dir)
		c.ReadTimeout, c.FileTimeout, c.Attempts = time.Minute, 300*time.Millisecond, 5
		start := time.Now()
		if err := c.Fetch(context.Background(), ds); err == nil || time.Since(start) > 2*time.Second {
			t.Errorf("total deadline: err = %v after %v", err, time.Since(start))
		}
		noPartials(t, dir)
	}
	// a transient 503 is retried; a 404 is not
	hits.Store(0)
	dir := t.TempDir()
	ds := testDataset(srv, body)
	ds.Files[0].URL += "?mode=flaky"
	if err := fast(dir).Fetch(context.Background(), ds); err != nil || hits.Load() != 2 {
		t.Errorf("flaky: err = %v after %d attempts, want success after 2", err, hits.Load())
	}
	ref := filepath.Join(t.TempDir(), "ref")
	fh, _ := os.OpenFile(ref, os.O_CREATE|os.O_WRONLY, 0o644)
	fh.Close()
	rst, _ := os.Stat(ref)
	if st, err := os.Stat(filepath.Join(dir, "t", "x.dat")); err != nil || st.Mode().Perm() != rst.Mode().Perm() {
		t.Errorf("downloaded file mode %v, want %v (0644 less the umask)", st.Mode().Perm(), rst.Mode().Perm())
	}
	hits.Store(0)
	ds = testDataset(srv, body)
	ds.Files[0].URL += "?mode=404"
	if err := fast(t.TempDir()).Fetch(context.Background(), ds); err == nil || hits.Load() != 1 {
		t.Errorf("404: err = %v after %d attempts, want failure after 1", err, hits.Load())
	}
}

// Issue 18 item 4: partial downloads left by a killed process are removed
// by the next fetch once they are stale; fresh ones (a concurrent fetch) are
// kept.
func TestStalePartialsRemoved(t *testing.T) {
	body := []byte("hello")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "t"), 0o755)
	old := filepath.Join(dir, "t", ".download-123")
	fresh := filepath.Join(dir, "t", ".download-456")
	os.WriteFile(old, []byte("partial"), 0o644)
	os.WriteFile(fresh, []byte("partial"), 0o644)
	past := time.Now().Add(-time.Hour)
	os.Chtimes(old, past, past)
	if err := (&Cache{Dir: dir}).Fetch(context.Background(), testDataset(srv, body)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale partial download kept: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh partial download removed: %v", err)
	}
}

// Issue 18 item 6: a FIFO or a symbolic link to /dev/zero in place of a
// cached file is refused at once (it used to hang the hashing).
func TestVerifyRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	f := File{Path: "t/x.dat", SHA256: sha256Hex([]byte("x")), Size: 1}
	p := filepath.Join(dir, "t", "x.dat")
	os.MkdirAll(filepath.Dir(p), 0o755)
	for name, mk := range map[string]func() error{
		"fifo":    func() error { return syscall.Mkfifo(p, 0o644) },
		"devzero": func() error { return os.Symlink("/dev/zero", p) },
		"size":    func() error { return os.WriteFile(p, []byte("xy"), 0o644) },
	} {
		os.Remove(p)
		if err := mk(); err != nil {
			t.Skipf("%s: %v", name, err)
		}
		done := make(chan error, 1)
		go func() { done <- (&Cache{Dir: dir}).Fetch(context.Background(), &Dataset{Name: "t", Files: []File{f}}) }()
		select {
		case err := <-done:
			if err == nil || !errors.Is(err, ErrNotRegular) && !errors.Is(err, ErrChecksum) {
				t.Errorf("%s: err = %v, want ErrNotRegular or ErrChecksum", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: verification hangs", name)
		}
	}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
