package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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

// Cache is a directory of downloaded dataset files, laid out as
// File.Path below Dir. The zero Client means http.DefaultClient.
type Cache struct {
	Dir    string       // root directory
	Client *http.Client // HTTP client for downloads (nil: http.DefaultClient)
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
	if _, err := os.Stat(p); err == nil {
		return verify(p, f)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if f.URL == "" {
		return fmt.Errorf("%s: not in the cache and no download URL", f.Path)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".download-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = download(ctx, c.Client, f, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := verify(tmp.Name(), f); err != nil {
		return err
	}
	// never replace a file that appeared meanwhile
	if err := os.Link(tmp.Name(), p); err != nil {
		if _, serr := os.Stat(p); serr == nil {
			return verify(p, f)
		}
		return os.Rename(tmp.Name(), p)
	}
	return nil
}

func download(ctx context.Context, client *http.Client, f File, w io.Writer) error {
	if client == nil {
		client = http.DefaultClient
	}
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: download: %w", f.Path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: download from %s: %s", f.Path, f.URL, resp.Status)
	}
	limit := f.Size
	if limit <= 0 {
		limit = maxMAT
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("%s: download: %w", f.Path, err)
	}
	if f.Size > 0 && n != f.Size {
		return fmt.Errorf("%s: downloaded %d bytes, want %d", f.Path, n, f.Size)
	}
	return nil
}

func verify(p string, f File) error {
	fh, err := os.Open(p)
	if err != nil {
		return err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
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
