package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DataEnv is the environment variable naming the data cache directory.
const DataEnv = "NGNMM_DATA"

// ErrChecksum reports a file whose SHA-256 differs from the registry's.
var ErrChecksum = errors.New("data: checksum mismatch")

// CacheDir returns the data cache directory: $NGNMM_DATA if set, else
// os.UserCacheDir()/ngnmm.
func CacheDir() (string, error) {
	if d := os.Getenv(DataEnv); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("data: no cache directory (set %s): %w", DataEnv, err)
	}
	return filepath.Join(d, "ngnmm"), nil
}

// Download limits used when the corresponding [Cache] field is zero.
const (
	DefaultConnectTimeout = 15 * time.Second // TCP connect, TLS handshake, response headers
	DefaultReadTimeout    = 30 * time.Second // longest wait for the next bytes of a body
	DefaultFileTimeout    = 5 * time.Minute  // total deadline of one file, all attempts included
	DefaultAttempts       = 3                // attempts per file
	DefaultBackoff        = time.Second      // wait before the 2nd attempt, doubled after each failure
)

// staleDownload is the age after which a leftover partial download
// (.download-* in the cache) is removed: no live download is that old.
const staleDownload = 2 * DefaultFileTimeout

// Cache is a directory of downloaded dataset files, laid out as
// File.Path below Dir.
//
// Downloads are bounded: a connection that cannot be set up within
// ConnectTimeout, a body that yields nothing for ReadTimeout, or a file not
// complete within FileTimeout fails; a failed attempt (network error, HTTP
// 5xx or 429, short body) is retried up to Attempts in total, waiting
// Backoff, 2·Backoff, … in between. Zero fields take the Default values.
// A partial download is removed when it fails, and partial downloads older
// than 10 minutes (left by a killed process) are removed by the next Fetch.
type Cache struct {
	Dir    string       // root directory
	Client *http.Client // HTTP client (nil: one with ConnectTimeout on dial, TLS and headers)

	ConnectTimeout time.Duration
	ReadTimeout    time.Duration
	FileTimeout    time.Duration
	Attempts       int
	Backoff        time.Duration
}

func orDefault[T time.Duration | int](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

func (c *Cache) client() *http.Client {
	if c.Client != nil {
		return c.Client
	}
	ct := orDefault(c.ConnectTimeout, DefaultConnectTimeout)
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: ct, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   ct,
		ResponseHeaderTimeout: ct,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: tr}
}

// DefaultCache returns the cache at [CacheDir].
func DefaultCache() (*Cache, error) {
	d, err := CacheDir()
	if err != nil {
		return nil, err
	}
	return &Cache{Dir: d}, nil
}

// Path returns the local path of f in the cache.
func (c *Cache) Path(f File) string {
	return filepath.Join(c.Dir, filepath.FromSlash(f.Path))
}

// Fetch makes sure every file of ds is in the cache with the right
// checksum, downloading missing files from their URLs. A cached file with a
// wrong checksum is an error wrapping [ErrChecksum] and is left as it is.
func (c *Cache) Fetch(ctx context.Context, ds *Dataset) error {
	for _, f := range ds.Files {
		if err := c.fetchFile(ctx, f); err != nil {
			if _, serr := os.Stat(c.Path(f)); errors.Is(serr, os.ErrNotExist) {
				// Not in the cache and not downloadable: say how to proceed.
				return fmt.Errorf("data: dataset %q: %w (not in the cache %s=%s: run `ngnmm data fetch %s` where the network is reachable, or set %s to a folder that holds the dataset)",
					ds.Name, err, DataEnv, c.Dir, ds.Name, DataEnv)
			}
			return fmt.Errorf("data: dataset %q: %w", ds.Name, err)
		}
	}
	return nil
}

// Load fetches ds and reads it. ds must come from the registry ([Lookup],
// [Datasets]); its Files may be edited (e.g. URLs pointing at a mirror).
func (c *Cache) Load(ctx context.Context, ds *Dataset) (*Connectome, error) {
	if ds.read == nil {
		return nil, fmt.Errorf("data: dataset %q has no reader: use one from data.Lookup", ds.Name)
	}
	if err := c.Fetch(ctx, ds); err != nil {
		return nil, err
	}
	open := func(p string) (*os.File, error) { return os.Open(filepath.Join(c.Dir, filepath.FromSlash(p))) }
	con, err := ds.read(open)
	if err != nil {
		return nil, fmt.Errorf("data: dataset %q: %w", ds.Name, err)
	}
	con.Name = ds.Name
	if err := con.Validate(); err != nil {
		return nil, err
	}
	return con, nil
}

func (c *Cache) fetchFile(ctx context.Context, f File) error {
	p := c.Path(f)
	if _, err := os.Lstat(p); err == nil {
		return verify(p, f)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if f.URL == "" {
		return fmt.Errorf("%s: not in the cache and no download URL", f.Path)
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	removeStale(dir, time.Now())
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, orDefault(c.FileTimeout, DefaultFileTimeout))
	defer cancel()
	attempts := orDefault(c.Attempts, DefaultAttempts)
	wait := orDefault(c.Backoff, DefaultBackoff)
	var err error
	for a := 1; ; a++ {
		var retry bool
		retry, err = c.attempt(ctx, f, p)
		if err == nil || !retry || a >= attempts {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (gave up after %d attempts: %v)", err, a, ctx.Err())
		case <-time.After(wait):
		}
		wait *= 2
	}
	return err
}

// attempt downloads f once into a fresh partial file next to p, verifies
// it and moves it to p. It reports whether a failure may be transient.
func (c *Cache) attempt(ctx context.Context, f File, p string) (retry bool, err error) {
	tmp, err := createTemp(filepath.Dir(p), ".download-", 0o644)
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name())
	retry, err = c.download(ctx, f, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return retry, err
	}
	if err := verify(tmp.Name(), f); err != nil {
		return false, err
	}
	// never replace a file that appeared meanwhile
	if err := os.Link(tmp.Name(), p); err != nil {
		if _, serr := os.Lstat(p); serr == nil {
			return false, verify(p, f)
		}
		return false, os.Rename(tmp.Name(), p)
	}
	return false, nil
}

// createTemp creates a new file dir/prefix<random> with permissions perm
// (less the umask), unlike os.CreateTemp's 0600, so that a shared cache is
// readable by its group and others as the umask allows.
func createTemp(dir, prefix string, perm os.FileMode) (*os.File, error) {
	for i := 0; ; i++ {
		var rnd [8]byte
		if _, err := rand.Read(rnd[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, prefix+hex.EncodeToString(rnd[:]))
		fh, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if err == nil || !errors.Is(err, os.ErrExist) || i >= 100 {
			return fh, err
		}
	}
}

// removeStale removes partial downloads in dir older than staleDownload.
func removeStale(dir string, now time.Time) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".download-") || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleDownload {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func (c *Cache) download(ctx context.Context, f File, w io.Writer) (retry bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return false, err
	}
	resp, err := c.client().Do(req)
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && cause != ctx.Err() {
			err = cause
		}
		return true, fmt.Errorf("%s: download: %w", f.Path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		return retry, fmt.Errorf("%s: download from %s: %s", f.Path, f.URL, resp.Status)
	}
	limit := f.Size
	if limit <= 0 {
		limit = maxMAT
	}
	rt := orDefault(c.ReadTimeout, DefaultReadTimeout)
	stall := fmt.Errorf("no data for %v", rt)
	timer := time.AfterFunc(rt, func() { cancel(stall) })
	defer timer.Stop()
	body := &progressReader{r: io.LimitReader(resp.Body, limit+1), progress: func() { timer.Reset(rt) }}
	n, err := io.Copy(w, body)
	if err != nil {
		if cause := context.Cause(ctx); cause != nil {
			err = cause
		}
		return true, fmt.Errorf("%s: download after %d bytes: %w", f.Path, n, err)
	}
	if f.Size > 0 && n != f.Size {
		return n < f.Size, fmt.Errorf("%s: downloaded %d bytes, want %d", f.Path, n, f.Size)
	}
	return false, nil
}

// progressReader calls progress after every read that returned data.
type progressReader struct {
	r        io.Reader
	progress func()
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.progress()
	}
	return n, err
}

// ErrNotRegular reports a cache entry that is not a regular file (a FIFO,
// a device, a directory, or a symbolic link to one).
var ErrNotRegular = errors.New("data: not a regular file")

// verify checks that p is a regular file of f.Size bytes (if known) with
// SHA-256 f.SHA256. It never reads more than f.Size bytes, and never opens
// anything but a regular file (a FIFO would block, /dev/zero never end).
func verify(p string, f File) error {
	st, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is a %v (remove it to download the file again)", ErrNotRegular, p, st.Mode().Type())
	}
	if f.Size > 0 && st.Size() != f.Size {
		return fmt.Errorf("%w: %s has %d bytes, want %d (remove the file to download it again)", ErrChecksum, p, st.Size(), f.Size)
	}
	fh, err := os.Open(p)
	if err != nil {
		return err
	}
	defer fh.Close()
	if st2, err := fh.Stat(); err != nil || !os.SameFile(st, st2) {
		return fmt.Errorf("%w: %s changed while it was opened", ErrNotRegular, p)
	}
	h := sha256.New()
	limit := f.Size
	if limit <= 0 {
		limit = maxMAT
	}
	if _, err := io.Copy(h, io.LimitReader(fh, limit)); err != nil {
		return err
	}
	got := hex.EncodeToString(h.Sum(nil))
	if !strings.EqualFold(got, f.SHA256) {
		return fmt.Errorf("%w: %s has SHA-256 %s, want %s (remove the file to download it again)", ErrChecksum, p, got, f.SHA256)
	}
	return nil
}

// Load returns the registered dataset name (see [Datasets]) from the
// default cache, downloading its files on first use.
func Load(ctx context.Context, name string) (*Connectome, error) {
	ds, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	c, err := DefaultCache()
	if err != nil {
		return nil, err
	}
	return c.Load(ctx, ds)
}

// Fetch makes sure the files of the registered dataset name are in the
// default cache and returns their local paths.
func Fetch(ctx context.Context, name string) ([]string, error) {
	ds, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	c, err := DefaultCache()
	if err != nil {
		return nil, err
	}
	if err := c.Fetch(ctx, ds); err != nil {
		return nil, err
	}
	var ps []string
	for _, f := range ds.Files {
		ps = append(ps, c.Path(f))
	}
	return ps, nil
}
