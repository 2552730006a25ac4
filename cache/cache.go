// Package cache keeps results of long computations on disk so that a later
// notebook cell, or a re-run, reuses them instead of recomputing.
//
// Every GoNB cell is a new program, so nothing survives between cells in
// memory. [Do] runs a computation once for a given set of inputs and stores
// its result under the user's cache directory; the next call with the same
// inputs reads it back, bit for bit:
//
//	d, err := cache.Do("04 bifurcation ε=0", struct{ IEMin, IEMax, G float64 }{IEMin, IEMax, 0},
//		func() (*cycle.Diagram, error) { return cycle.BifurcationDiagram(family(0), y0, IEMin, IEMax, nil) })
//
// The key is content-addressed: a SHA-256 of the name, the inputs (every
// field, exported or not, floats bit for bit), the result type and the
// library version (a hash of the library's Go sources and go.sum, so any code
// change recomputes). Any change of the inputs is a different key, never a
// stale hit. Each call prints one line saying whether it hit or computed,
// so reuse is never silent.
//
// Results are stored with encoding/gob: T must be gob-encodable (exported
// fields). Files live in $NGNMM_CACHE, else os.UserCacheDir()/ngnmm/results;
// [Clear] (or `make clean`) removes them.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"
)

// Env is the environment variable that overrides the cache directory.
const Env = "NGNMM_CACHE"

// Disabled, if true, makes Do always compute and store nothing.
var Disabled bool

// Logf prints Do's one-line report (hit or computed); set it to a no-op
// function to silence it.
var Logf = func(format string, args ...any) { fmt.Printf(format, args...) }

// Dir returns the cache directory: $NGNMM_CACHE, else
// os.UserCacheDir()/ngnmm/results.
func Dir() (string, error) {
	if d := os.Getenv(Env); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: no cache directory (set %s): %w", Env, err)
	}
	return filepath.Join(d, "ngnmm", "results"), nil
}

// Clear removes every cached result.
func Clear() error {
	d, err := Dir()
	if err != nil {
		return err
	}
	if err := os.RemoveAll(d); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// Info describes one call of Do.
type Info struct {
	Hit  bool          // the result was read from the cache
	Key  string        // hex SHA-256 of name, inputs, result type and library version
	Path string        // the file of the result
	Took time.Duration // time to read (hit) or to compute and store (miss)
}

// Do returns compute()'s result for these inputs, from the cache if it was
// computed before with the same name, inputs, result type and library
// version, else by calling compute and storing the result. inputs must hold
// everything the result depends on (parameters, settings, seeds); it may be
// any value without (non-nil) functions or channels. An error from compute is
// returned and nothing is stored. A cache that cannot be read or written
// is reported and the result computed.
func Do[T any](name string, inputs any, compute func() (T, error)) (T, error) {
	v, _, err := DoInfo(name, inputs, compute)
	return v, err
}

// DoInfo is Do that also says whether the result came from the cache.
func DoInfo[T any](name string, inputs any, compute func() (T, error)) (T, Info, error) {
	var zero T
	t0 := time.Now()
	key, err := Key(name, inputs, reflect.TypeFor[T]())
	if err != nil {
		return zero, Info{}, err
	}
	info := Info{Key: key}
	dir, derr := Dir()
	if derr == nil && !Disabled {
		info.Path = filepath.Join(dir, slug(name)+"-"+key[:32]+".gob")
		if b, err := os.ReadFile(info.Path); err == nil {
			var v T
			if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&v); err == nil {
				info.Hit, info.Took = true, time.Since(t0)
				Logf("cache: %s: reused the stored result (key %s…, %s)\n", name, key[:12], info.Took.Round(time.Millisecond))
				return v, info, nil
			}
			Logf("cache: %s: stored result unreadable, recomputing\n", name)
		}
	}
	v, err := compute()
	if err != nil {
		return zero, info, err
	}
	info.Took = time.Since(t0)
	stored := ""
	if derr != nil || Disabled {
		stored = ", not stored"
	} else if err := store(info.Path, v); err != nil {
		stored = ", not stored: " + err.Error()
	}
	Logf("cache: %s: computed in %s (key %s…%s)\n", name, info.Took.Round(time.Millisecond), key[:12], stored)
	return v, info, nil
}

func store(path string, v any) error {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return fmt.Errorf("cache: encoding: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b.Bytes())
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
	}
	return werr
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Key returns the hex SHA-256 key of a computation: its name, its inputs
// (encoded exactly, see Do), the result type and LibraryVersion.
func Key(name string, inputs any, result reflect.Type) (string, error) {
	h := sha256.New()
	var e enc
	e.str("ngnmm-cache-v1")
	e.str(LibraryVersion())
	e.str(name)
	e.str(fmt.Sprint(result))
	if err := e.value(reflect.ValueOf(inputs), 0); err != nil {
		return "", fmt.Errorf("cache: %s: inputs: %w", name, err)
	}
	h.Write(e.b)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// enc is an exact, deterministic encoding of Go values: type names, every
// struct field, floats bit for bit, maps in sorted key order.
type enc struct{ b []byte }

func (e *enc) str(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *enc) u64(u uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, u) }

func (e *enc) value(v reflect.Value, depth int) error {
	if depth > 64 {
		return errors.New("nested more than 64 levels (a cycle?)")
	}
	if !v.IsValid() {
		e.str("nil")
		return nil
	}
	e.str(v.Type().String())
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			e.u64(1)
		} else {
			e.u64(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		e.u64(math.Float64bits(real(v.Complex())))
		e.u64(math.Float64bits(imag(v.Complex())))
	case reflect.String:
		e.str(v.String())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			e.str("nil")
			return nil
		}
		e.u64(uint64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			if err := e.value(v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		type kv struct {
			k []byte
			v reflect.Value
		}
		var items []kv
		it := v.MapRange()
		for it.Next() {
			var ke enc
			if err := ke.value(it.Key(), depth+1); err != nil {
				return err
			}
			items = append(items, kv{ke.b, it.Value()})
		}
		sort.Slice(items, func(i, j int) bool { return bytes.Compare(items[i].k, items[j].k) < 0 })
		e.u64(uint64(len(items)))
		for _, x := range items {
			e.b = append(e.b, x.k...)
			if err := e.value(x.v, depth+1); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			e.str(t.Field(i).Name)
			if err := e.value(v.Field(i), depth+1); err != nil {
				return fmt.Errorf("%s.%s: %w", t, t.Field(i).Name, err)
			}
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			e.str("nil")
			return nil
		}
		return e.value(v.Elem(), depth+1)
	case reflect.Func, reflect.Chan:
		// A nil callback (e.g. no progress report) is fine; a set one could
		// change the result in ways the key cannot see.
		if v.IsNil() {
			e.str("nil")
			return nil
		}
		return fmt.Errorf("a non-nil %s cannot be a cache input", v.Kind())
	default: // unsafe pointer
		return fmt.Errorf("a %s cannot be a cache input", v.Kind())
	}
	return nil
}

var (
	versionOnce sync.Once
	version     string
)

// LibraryVersion identifies the library's code: a hash of the module's Go
// sources (without tests) and go.sum when they are on this machine (the
// notebooks' case), else the module version and VCS revision of the build.
func LibraryVersion() string {
	versionOnce.Do(func() { version = computeVersion() })
	return version
}

func computeVersion() string {
	if _, file, _, ok := runtime.Caller(0); ok {
		root := filepath.Dir(filepath.Dir(file))
		if h, err := hashSources(root); err == nil {
			return "src:" + h
		}
	}
	v := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Path + "@" + bi.Main.Version
		for _, d := range bi.Deps {
			if d.Path == "github.com/ngnmm/ngnmm" {
				v = d.Path + "@" + d.Version + " " + d.Sum
			}
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Key + "=" + s.Value
			}
		}
	}
	return "build:" + v
}

// hashSources hashes go.sum and every non-test .go file under root, skipping
// testdata, hidden folders and nested modules.
func hashSources(root string) (string, error) {
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", err
	}
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || name == "notebooks") {
				return filepath.SkipDir
			}
			if p != root {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !(strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) && !(p == filepath.Join(root, "go.sum")) {
			return nil
		}
		if n++; n > 5000 {
			return errors.New("more than 5000 source files")
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}
