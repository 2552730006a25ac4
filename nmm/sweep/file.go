package sweep

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/ngnmm/ngnmm/nmm/progress"
)

// MaxLine bounds the length of one line of a sweep file (1 MiB).
const MaxLine = 1 << 20

// Format describes the files of one sweep: JSON lines, first a header (the
// JSON object of Header, plus "shard": {"index", "count"} in a shard file),
// then one result per line (the JSON of R, which must carry the job's
// index and inputs). A complete file has its results sorted by index; a
// partial file (still running or interrupted) has them in completion order.
//
// Reading a file validates every line: the header must equal Header, each
// result must decode into R and re-encode to exactly the same bytes, belong
// to the file's shard, occur once, and pass Check (the job's inputs written
// in the line must be those of its index). A last line without its newline
// that does not decode (an interrupted write) is dropped; any other bad
// line is an error naming the line. So a hand-edited or foreign line is
// rejected, not merged.
type Format[H, R any] struct {
	Header H                        // identifies the sweep (a struct without a "shard" field)
	Size   int                      // number of jobs
	Index  func(r R) int            // job index of a result
	Check  func(idx int, r R) error // validates a result's inputs (nil: none)
}

// header returns the JSON of the header (with the shard if it is not the
// whole sweep), without newline.
func (f *Format[H, R]) header(sh Shard) ([]byte, error) {
	b, err := json.Marshal(f.Header)
	if err != nil {
		return nil, err
	}
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return nil, errors.New("sweep: header is not a JSON object")
	}
	if sh.Whole() {
		return b, nil
	}
	s, _ := json.Marshal(sh)
	if len(b) > 2 {
		b = append(b[:len(b)-1], ',')
	} else {
		b = b[:1]
	}
	b = append(b, `"shard":`...)
	b = append(b, s...)
	return append(b, '}'), nil
}

// line returns the JSON line of a result (with newline).
func (f *Format[H, R]) line(r R) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Write writes a complete (or partial, sorted) file of shard sh: the header
// and the results sorted by index.
func (f *Format[H, R]) Write(w io.Writer, sh Shard, rs []R) error {
	h, err := f.header(sh)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(h)
	bw.WriteByte('\n')
	s := slices.Clone(rs)
	slices.SortStableFunc(s, func(a, b R) int { return cmp.Compare(f.Index(a), f.Index(b)) })
	for _, r := range s {
		b, err := f.line(r)
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	return bw.Flush()
}

// Append writes one result line (one write call, for incremental output).
func (f *Format[H, R]) Append(w io.Writer, r R) error {
	b, err := f.line(r)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// HeaderLine is the header line of a sweep file, split into the shard and
// the rest.
type HeaderLine struct {
	Raw   json.RawMessage // the header object as written
	Shard Shard
}

// ReadHeader reads the first line of a sweep file (to find which sweep it
// belongs to, e.g. for a generic merge).
func ReadHeader(r io.Reader) (HeaderLine, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	b, err := readLine(br)
	if err != nil && !(errors.Is(err, io.EOF) && len(b) > 0) {
		if errors.Is(err, io.EOF) {
			return HeaderLine{}, errors.New("sweep: empty file")
		}
		return HeaderLine{}, err
	}
	return parseHeader(bytes.TrimSuffix(b, []byte("\n")))
}

func parseHeader(b []byte) (HeaderLine, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return HeaderLine{}, fmt.Errorf("sweep: line 1: not a sweep header (want a JSON object)")
	}
	h := HeaderLine{Raw: slices.Clone(b)}
	if s, ok := m["shard"]; ok {
		if err := json.Unmarshal(s, &h.Shard); err != nil {
			return h, fmt.Errorf("sweep: line 1: shard: %v", err)
		}
		if err := h.Shard.Validate(); err != nil {
			return h, fmt.Errorf("sweep: line 1: %v", err)
		}
		if h.Shard.Whole() {
			return h, errors.New("sweep: line 1: shard of count ≤ 1 written explicitly")
		}
	}
	return h, nil
}

// readLine reads one line of at most MaxLine bytes (with its newline, if
// any).
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		line = append(line, frag...)
		if len(line) > MaxLine {
			return nil, fmt.Errorf("sweep: line longer than %d bytes", MaxLine)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, err
	}
}

// Read reads and validates a file of this sweep (see [Format]); it returns
// the file's shard and its results in file order.
func (f *Format[H, R]) Read(r io.Reader) (Shard, []R, error) {
	want, err := f.header(Shard{})
	if err != nil {
		return Shard{}, nil, err
	}
	br := bufio.NewReaderSize(r, 64*1024)
	first, err := readLine(br)
	if err != nil && !errors.Is(err, io.EOF) {
		return Shard{}, nil, err
	}
	if len(first) == 0 {
		return Shard{}, nil, errors.New("sweep: empty file")
	}
	h, err := parseHeader(bytes.TrimSuffix(first, []byte("\n")))
	if err != nil {
		return Shard{}, nil, err
	}
	if again, _ := f.header(h.Shard); !bytes.Equal(again, h.Raw) {
		return h.Shard, nil, fmt.Errorf("sweep: line 1: header %.200s is a different sweep (want %.200s)", h.Raw, want)
	}
	var rs []R
	seen := map[int]bool{}
	for n := 2; ; n++ {
		b, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return h.Shard, nil, fmt.Errorf("sweep: line %d: %v", n, err)
		}
		if len(b) == 0 {
			break
		}
		last := !bytes.HasSuffix(b, []byte("\n"))
		res, lerr := f.parseLine(b, h.Shard, seen)
		if lerr != nil {
			if last && errors.Is(lerr, errDecode) {
				break // interrupted write
			}
			return h.Shard, nil, fmt.Errorf("sweep: line %d: %w", n, lerr)
		}
		rs = append(rs, res)
		if last {
			break
		}
	}
	return h.Shard, rs, nil
}

var errDecode = errors.New("not a result")

func (f *Format[H, R]) parseLine(b []byte, sh Shard, seen map[int]bool) (R, error) {
	var r R
	body := bytes.TrimSuffix(b, []byte("\n"))
	if err := json.Unmarshal(body, &r); err != nil {
		return r, fmt.Errorf("%w (%v)", errDecode, err)
	}
	again, err := json.Marshal(r)
	if err != nil || !bytes.Equal(again, body) {
		return r, errors.New("result is not as this sweep writes it (edited, or fields of another version)")
	}
	idx := f.Index(r)
	switch {
	case idx < 0 || idx >= f.Size:
		return r, fmt.Errorf("job index %d outside the sweep of %d jobs", idx, f.Size)
	case !sh.Has(idx):
		return r, fmt.Errorf("job %d does not belong to shard %s", idx, sh)
	case seen[idx]:
		return r, fmt.Errorf("job %d occurs twice", idx)
	}
	if f.Check != nil {
		if err := f.Check(idx, r); err != nil {
			return r, fmt.Errorf("job %d: %v", idx, err)
		}
	}
	seen[idx] = true
	return r, nil
}

// Merge joins the results of shard files (as returned by Read) into the
// results of the whole sweep, sorted by index; missing is the number of jobs
// without a result. The same job in two parts must have identical results.
func (f *Format[H, R]) Merge(parts ...[]R) (rs []R, missing int, err error) {
	byIdx := map[int]R{}
	lines := map[int][]byte{}
	for k, p := range parts {
		for _, r := range p {
			idx := f.Index(r)
			if idx < 0 || idx >= f.Size {
				return nil, 0, fmt.Errorf("sweep: part %d: job index %d outside the sweep of %d jobs", k+1, idx, f.Size)
			}
			b, err := f.line(r)
			if err != nil {
				return nil, 0, err
			}
			if old, dup := lines[idx]; dup {
				if !bytes.Equal(old, b) {
					return nil, 0, fmt.Errorf("sweep: part %d: job %d differs from another part", k+1, idx)
				}
				continue
			}
			byIdx[idx], lines[idx] = r, b
		}
	}
	rs = make([]R, 0, len(byIdx))
	for _, r := range byIdx {
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b R) int { return cmp.Compare(f.Index(a), f.Index(b)) })
	return rs, f.Size - len(rs), nil
}

// ReadFile reads and validates a sweep file.
func (f *Format[H, R]) ReadFile(path string) (Shard, []R, error) {
	fh, err := os.Open(path)
	if err != nil {
		return Shard{}, nil, err
	}
	defer fh.Close()
	return f.Read(fh)
}

// WriteFile writes a sorted file atomically (see [WriteAtomic]).
func (f *Format[H, R]) WriteFile(path string, sh Shard, rs []R) error {
	return WriteAtomic(path, func(w io.Writer) error { return f.Write(w, sh, rs) })
}

// CheckOutput returns an error if path exists and is not a regular file
// (a directory, device or pipe is never replaced), or if its directory does
// not exist.
func CheckOutput(path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", path)
	case err == nil:
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	d, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return err
	}
	if !d.IsDir() {
		return fmt.Errorf("%s is not a directory", filepath.Dir(path))
	}
	return nil
}

// WriteAtomic writes path through write into a temporary file of the same
// directory which is synced, made mode 0644 and renamed over path; path
// must not exist or be a regular file. Readers see the old or the new file,
// never a part.
func WriteAtomic(path string, write func(io.Writer) error) error {
	if err := CheckOutput(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := write(tmp); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// ErrExists is returned by [Format.RunFile] when the output file exists and
// Resume is not set.
var ErrExists = errors.New("exists")

// ErrLocked is returned by [Format.RunFile] when another process (or
// another RunFile of this one) is writing the same output file.
var ErrLocked = errors.New("is being written by another process")

// LockPath is the lock file of the output path: ".NAME.lock" in its
// directory. It is created when needed and never removed (removing it would
// let a third writer lock a new file while the second still holds the old).
func LockPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// Lock takes the exclusive writer's lock of the output path (an flock on
// [LockPath], released by closing the returned file or when the process
// ends, also if it is killed). It fails at once with an [*OutputError]
// wrapping [ErrLocked] if another writer holds it.
func Lock(path string) (*os.File, error) {
	if err := CheckOutput(path); err != nil {
		return nil, &OutputError{err}
	}
	lp := LockPath(path)
	l, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, &OutputError{err}
	}
	if err := lockFile(l); err != nil {
		l.Close()
		if errors.Is(err, ErrLocked) {
			return nil, &OutputError{fmt.Errorf("%s %w (lock %s held; were two tasks given the same --shard and --out?)", path, err, lp)}
		}
		return nil, &OutputError{err}
	}
	return l, nil
}

// ErrMissing is returned by [Format.MergeFiles] when jobs are missing.
var ErrMissing = errors.New("missing")

// Options are the settings of [Format.RunFile].
type Options struct {
	Shard   Shard
	Workers int  // goroutines (≤ 0: 1)
	Resume  bool // continue an existing file of the same sweep and shard (else: ErrExists)
	// Progress receives (jobs done, jobs of the shard), counting resumed
	// jobs as done.
	Progress progress.Func
}

// Stats summarises a [Format.RunFile].
type Stats struct {
	Jobs     int // jobs of the shard
	Resumed  int // results found in the existing file
	Computed int // results computed by this run
}

// OutputError reports an output file that cannot be used (not a regular
// file, another sweep or shard, a tampered line, exists without Resume):
// an error of the caller's input, found before anything is computed.
type OutputError struct{ Err error }

// Error returns the underlying error's message.
func (e *OutputError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *OutputError) Unwrap() error { return e.Err }

// Existing checks that path can be the output of shard o.Shard (see
// [Format.RunFile]) and returns the results it already holds (none if it
// does not exist or is empty). Errors are [*OutputError]s.
func (f *Format[H, R]) Existing(path string, o Options) ([]R, error) {
	if err := o.Shard.Validate(); err != nil {
		return nil, &OutputError{err}
	}
	if err := CheckOutput(path); err != nil {
		return nil, &OutputError{err}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 {
		return nil, nil
	}
	if !o.Resume {
		return nil, &OutputError{fmt.Errorf("%s %w (resume it, or remove it)", path, ErrExists)}
	}
	sh, old, err := f.ReadFile(path)
	if err != nil {
		return nil, &OutputError{fmt.Errorf("%s cannot be resumed: %w", path, err)}
	}
	if sh != o.Shard {
		return nil, &OutputError{fmt.Errorf("%s holds shard %q, not %q", path, sh.String(), o.Shard.String())}
	}
	return old, nil
}

// RunFile runs the shard o.Shard of the sweep into the file path: it checks
// path (a new or regular file), takes its writer's lock ([Lock]: a second
// writer of the same file fails at once with [ErrLocked]), resumes it if it holds results of the same
// sweep and shard (o.Resume), rewrites it sorted (dropping an interrupted
// last line) before computing, appends each result as it is finished, and
// rewrites it sorted at the end — so that the complete file of a single run
// and the merge of the shard files are the same bytes. It returns all
// results of the shard (sorted).
func (f *Format[H, R]) RunFile(ctx context.Context, path string, o Options,
	compute func(ctx context.Context, idx int) (R, error)) ([]R, Stats, error) {
	st := Stats{Jobs: o.Shard.Jobs(f.Size)}
	if err := o.Shard.Validate(); err != nil {
		return nil, st, &OutputError{err}
	}
	lock, err := Lock(path)
	if err != nil {
		return nil, st, err
	}
	defer lock.Close()
	rs, err := f.Existing(path, o)
	if err != nil {
		return nil, st, err
	}
	done := map[int]bool{}
	for _, r := range rs {
		done[f.Index(r)] = true
	}
	st.Resumed = len(rs)
	if err := f.WriteFile(path, o.Shard, rs); err != nil {
		return nil, st, err
	}
	out, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, st, err
	}
	prog := o.Progress
	if prog != nil && st.Resumed > 0 {
		prog = func(d, t float64) { o.Progress(d+float64(st.Resumed), t+float64(st.Resumed)) }
	}
	runErr := Run(ctx, f.Size, o.Shard, o.Workers, func(i int) bool { return done[i] }, compute, func(r R) error {
		rs = append(rs, r)
		st.Computed++
		return f.Append(out, r)
	}, prog)
	if err := out.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return nil, st, runErr
	}
	if err := f.WriteFile(path, o.Shard, rs); err != nil {
		return nil, st, err
	}
	slices.SortFunc(rs, func(a, b R) int { return cmp.Compare(f.Index(a), f.Index(b)) })
	return rs, st, nil
}

// MergeFiles reads and validates the shard files parts, merges them and
// writes the whole sweep to out (atomically) unless jobs are missing and
// allowMissing is false. It returns the number of results and of missing
// jobs. Errors in the parts are [*OutputError]s.
func (f *Format[H, R]) MergeFiles(out string, parts []string, allowMissing bool) (n, missing int, err error) {
	if len(parts) == 0 {
		return 0, 0, &OutputError{errors.New("no part files")}
	}
	if err := CheckOutput(out); err != nil {
		return 0, 0, &OutputError{err}
	}
	var all [][]R
	for _, p := range parts {
		_, rs, err := f.ReadFile(p)
		if err != nil {
			return 0, 0, &OutputError{fmt.Errorf("part %s: %w", p, err)}
		}
		all = append(all, rs)
	}
	rs, missing, err := f.Merge(all...)
	if err != nil {
		return 0, 0, &OutputError{err}
	}
	if missing > 0 && !allowMissing {
		return len(rs), missing, fmt.Errorf("%d of %d jobs are %w (run the missing shards, or allow missing jobs)", missing, f.Size, ErrMissing)
	}
	return len(rs), missing, f.WriteFile(out, Shard{}, rs)
}
