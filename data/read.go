package data

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"

	"gonum.org/v1/gonum/mat"
)

// MaxRegions bounds the number of regions a reader accepts (larger
// declarations are treated as malformed input rather than allocated).
const MaxRegions = 5000

// maxValues bounds the number of values of one text matrix (256 MiB).
const maxValues = 1 << 25

// maxLine bounds the length of one text line (16 MiB).
const maxLine = 16 << 20

// ParseError reports malformed input: the file (or member) name, the
// 1-based line (0 if not line-oriented) and what is wrong.
type ParseError struct {
	File string
	Line int
	Err  error
}

// Error returns "data: FILE:LINE: message".
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("data: %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("data: %s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

func perr(file string, line int, format string, a ...any) error {
	return &ParseError{File: file, Line: line, Err: fmt.Errorf(format, a...)}
}

// scanErr turns the error of a scanner into a ParseError at line.
func scanErr(file string, line int, err error, max int) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	if errors.Is(err, bufio.ErrTooLong) {
		return perr(file, line, "line longer than %d bytes", max)
	}
	return perr(file, line, "%v", err)
}

func newScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return sc
}

func parseFloat(file string, line int, s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, perr(file, line, "bad number %q", truncate(s))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, perr(file, line, "non-finite number %q", truncate(s))
	}
	return v, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// maxSquareLine bounds one line of a square matrix: at most MaxRegions
// values of at most 64 characters each.
const maxSquareLine = 64*MaxRegions + 1024

// readMatrix reads a dense square or rectangular matrix, one row per line,
// fields split by sep (a comma) or, if sep is 0, by white space. Empty lines
// are skipped. All rows must have the same length. For a square matrix
// (square true) the first row fixes N ≤ MaxRegions, at most N rows are
// accepted, and storage for at most min(N², size/2) values is reserved,
// where size (if > 0) is the number of bytes of the input; otherwise at most
// maxValues values are read.
func readMatrix(file string, r io.Reader, sep rune, square bool, size int64) (*mat.Dense, error) {
	sc := bufio.NewScanner(r)
	if square {
		sc.Buffer(make([]byte, 0, 64<<10), maxSquareLine)
	} else {
		sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	}
	var data []float64
	cols := -1
	rows := 0
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if sep != 0 {
			text = strings.TrimSuffix(text, string(sep))
		}
		k := 0
		rest := text
		for more := true; more; {
			var f string
			if sep == 0 {
				if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
					f, rest = rest[:i], strings.TrimLeftFunc(rest[i:], unicode.IsSpace)
				} else {
					f, more = rest, false
				}
			} else {
				f, rest, more = strings.Cut(rest, string(sep))
			}
			k++
			switch {
			case cols >= 0 && k > cols:
				return nil, perr(file, line, "more than %d fields, want %d as in the first row", cols, cols)
			case cols < 0 && square && k > MaxRegions:
				return nil, perr(file, line, "more than %d columns (regions)", MaxRegions)
			case len(data) >= maxValues:
				return nil, perr(file, line, "more than %d values", maxValues)
			}
			v, err := parseFloat(file, line, strings.TrimSpace(f))
			if err != nil {
				return nil, err
			}
			data = append(data, v)
		}
		if cols < 0 {
			cols = k
			if square {
				// reserve what the header (first row, input size) allows
				want := int64(cols) * int64(cols)
				if size > 0 && size/2+1 < want {
					want = size/2 + 1
				}
				data = append(make([]float64, 0, want), data...)
			}
		} else if k != cols {
			return nil, perr(file, line, "%d fields, want %d as in the first row", k, cols)
		}
		rows++
		if square && rows > cols {
			return nil, perr(file, line, "more than %d rows, want a square matrix", cols)
		}
	}
	if err := sc.Err(); err != nil {
		max := maxLine
		if square {
			max = maxSquareLine
		}
		return nil, scanErr(file, line+1, err, max)
	}
	if rows == 0 || cols <= 0 {
		return nil, perr(file, 0, "no data")
	}
	return mat.NewDense(rows, cols, data), nil
}

func readSquare(file string, r io.Reader, sep rune, size int64) (*mat.Dense, error) {
	a, err := readMatrix(file, r, sep, true, size)
	if err != nil {
		return nil, err
	}
	if n, m := a.Dims(); n != m {
		return nil, perr(file, 0, "matrix is %d×%d, want square", n, m)
	}
	return a, nil
}

// ReadMatrixCSV reads a headerless comma-separated numeric matrix (one row
// per line; a trailing comma is allowed), as in the ENIGMA Toolbox HCP
// connectivity files. The matrix need not be square.
func ReadMatrixCSV(r io.Reader) (*mat.Dense, error) { return readMatrix("csv", r, ',', false, 0) }

// ReadMatrixText reads a white-space separated numeric matrix (one row per
// line), as in TVB's weights.txt.
func ReadMatrixText(r io.Reader) (*mat.Dense, error) { return readMatrix("text", r, 0, false, 0) }

// ReadLabelsCSV reads comma-separated labels (on one or several lines;
// surrounding spaces and quotes are removed). Empty input is an error.
func ReadLabelsCSV(r io.Reader) ([]string, error) {
	sc := newScanner(r)
	var labels []string
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		for _, f := range strings.Split(strings.TrimSuffix(text, ","), ",") {
			l := strings.Trim(strings.TrimSpace(f), `"'`)
			if l == "" {
				return nil, perr("labels", line, "empty label")
			}
			if len(labels) >= MaxRegions {
				return nil, perr("labels", line, "more than %d labels", MaxRegions)
			}
			labels = append(labels, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, perr("labels", line+1, "%v", err)
	}
	if len(labels) == 0 {
		return nil, perr("labels", 0, "no labels")
	}
	return labels, nil
}

// ReadAAL90 reads the AAL-90 connectome of Deco et al. 2017 in the format of
// Clusella et al. 2023 (pclus/transverse-instabilities, data/sc2017.dat):
// the first line is N, then lines "i j w" give Weights[i][j] = w with
// 0-based indices (missing pairs are 0). Every one of the N regions must
// appear in at least one entry (as i or j), so a short file cannot make the
// reader reserve N² values from its first line. aal, which may be nil, is the
// region table aal.dat (a '#' header, then per region: index, name, MNI x,
// y, z in mm, lobe, hemisphere, 1-based index); without it the labels are
// "0", "1", ….
func ReadAAL90(sc, aal io.Reader) (*Connectome, error) {
	const file = "sc2017.dat"
	s := newScanner(sc)
	line := 0
	n := -1
	// Entries are collected and the n×n matrix is allocated only after the
	// whole file is read and every declared region has appeared in an entry,
	// so memory follows the data, not the count on the first line.
	type entry struct {
		i, j int
		v    float64
	}
	var entries []entry
	var seen []bool
	named := 0
	for s.Scan() {
		line++
		f := strings.Fields(s.Text())
		if len(f) == 0 {
			continue
		}
		if n < 0 {
			if len(f) != 1 {
				return nil, perr(file, line, "first line has %d fields, want the number of regions", len(f))
			}
			v, err := strconv.Atoi(f[0])
			if err != nil || v < 1 || v > MaxRegions {
				return nil, perr(file, line, "number of regions %q, want an integer in [1, %d]", truncate(f[0]), MaxRegions)
			}
			n = v
			seen = make([]bool, n)
			continue
		}
		if len(f) != 3 {
			return nil, perr(file, line, "%d fields, want \"i j w\"", len(f))
		}
		i, err1 := strconv.Atoi(f[0])
		j, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || i < 0 || j < 0 || i >= n || j >= n {
			return nil, perr(file, line, "indices %q %q, want integers in [0, %d]", truncate(f[0]), truncate(f[1]), n-1)
		}
		v, err := parseFloat(file, line, f[2])
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry{i, j, v})
		for _, k := range [2]int{i, j} {
			if !seen[k] {
				seen[k] = true
				named++
			}
		}
	}
	if err := s.Err(); err != nil {
		return nil, scanErr(file, line+1, err, maxLine)
	}
	if n < 0 {
		return nil, perr(file, 0, "empty file")
	}
	if named < n {
		return nil, perr(file, 1, "declares %d regions but the entries name only %d of them", n, named)
	}
	w := mat.NewDense(n, n, nil)
	for _, e := range entries {
		w.Set(e.i, e.j, e.v)
	}
	c := &Connectome{Name: "aal90", Weights: w, Labels: make([]string, n)}
	for i := range c.Labels {
		c.Labels[i] = strconv.Itoa(i)
	}
	if aal == nil {
		return c, nil
	}
	const afile = "aal.dat"
	s = newScanner(aal)
	line = 0
	k := 0
	c.Centres = make([][3]float64, n)
	c.Lobe = make([]string, n)
	c.Hemisphere = make([]string, n)
	for s.Scan() {
		line++
		text := strings.TrimSpace(s.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 8 {
			return nil, perr(afile, line, "%d fields, want 8 (index name x y z lobe hemisphere index)", len(f))
		}
		if k >= n {
			return nil, perr(afile, line, "more than %d regions", n)
		}
		c.Labels[k] = f[1]
		for d := 0; d < 3; d++ {
			v, err := parseFloat(afile, line, f[2+d])
			if err != nil {
				return nil, err
			}
			c.Centres[k][d] = v
		}
		c.Lobe[k], c.Hemisphere[k] = f[5], f[6]
		k++
	}
	if err := s.Err(); err != nil {
		return nil, scanErr(afile, line+1, err, maxLine)
	}
	if k != n {
		return nil, perr(afile, 0, "%d regions, want %d as in sc2017.dat", k, n)
	}
	return c, nil
}

// readCentres reads TVB's centres.txt: per line a label and x y z (extra
// fields are ignored).
func readCentres(file string, r io.Reader) ([]string, [][3]float64, error) {
	s := newScanner(r)
	var labels []string
	var cs [][3]float64
	line := 0
	for s.Scan() {
		line++
		f := strings.Fields(s.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < 4 {
			return nil, nil, perr(file, line, "%d fields, want \"label x y z\"", len(f))
		}
		if len(labels) >= MaxRegions {
			return nil, nil, perr(file, line, "more than %d regions", MaxRegions)
		}
		var c [3]float64
		for d := 0; d < 3; d++ {
			v, err := parseFloat(file, line, f[1+d])
			if err != nil {
				return nil, nil, err
			}
			c[d] = v
		}
		labels = append(labels, strings.TrimFunc(f[0], unicode.IsSpace))
		cs = append(cs, c)
	}
	if err := s.Err(); err != nil {
		return nil, nil, scanErr(file, line+1, err, maxLine)
	}
	return labels, cs, nil
}
