package data

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"
)

// MATLAB level-5 MAT-file data types and array classes (MathWorks, "MAT-File
// Format", 2024, Tables 1-1 and 1-3).
const (
	miINT8       = 1
	miUINT8      = 2
	miINT16      = 3
	miUINT16     = 4
	miINT32      = 5
	miUINT32     = 6
	miSINGLE     = 7
	miDOUBLE     = 9
	miINT64      = 12
	miUINT64     = 13
	miMATRIX     = 14
	miCOMPRESSED = 15

	mxDOUBLE = 6
	mxUINT64 = 15
	mxINT8   = 8
)

// maxMAT bounds the bytes ReadMAT reads from a file and, separately, the
// bytes it decompresses from it in total (256 MiB each).
const maxMAT = 256 << 20

// maxMATValues bounds the number of values of all numeric arrays of one MAT
// file together (2^25, 256 MiB as float64).
const maxMATValues = 1 << 25

// maxMATHeader bounds the part of an array element read before its
// dimensions are checked (flags, dimensions and name).
const maxMATHeader = 4096

// ReadMAT reads the two-dimensional real numeric arrays of a MATLAB level-5
// MAT file (as written by MATLAB ≤ 7.2 and scipy.io.savemat), uncompressed
// or zlib-compressed (miCOMPRESSED), little- or big-endian, and returns them
// by variable name as dense matrices (converted to float64). Other
// variables (char, cell, struct, sparse, logical-free complex arrays, and
// arrays of more than two dimensions) are skipped. HDF5-based v7.3 files are
// not supported.
//
// The file is read as a stream: the dimensions of each array are checked
// before its data are read, and all arrays together may hold at most 2^25
// values; at most 256 MiB are read and 256 MiB decompressed. NaN and ±Inf
// values are refused.
func ReadMAT(r io.Reader) (map[string]*mat.Dense, error) {
	in := &matBudget{file: maxMAT, unzipped: maxMAT, values: maxMATValues}
	lr := &io.LimitedReader{R: r, N: maxMAT + 1}
	var hdr [128]byte
	if n, err := io.ReadFull(lr, hdr[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, perr("mat", 0, "%d bytes, too short for a MAT-file header", n)
		}
		return nil, perr("mat", 0, "%v", err)
	}
	var bo binary.ByteOrder
	switch string(hdr[126:128]) {
	case "IM":
		bo = binary.LittleEndian
	case "MI":
		bo = binary.BigEndian
	default:
		if bytes.HasPrefix(hdr[:], []byte("\x89HDF")) || bytes.Contains(hdr[:], []byte("7.3 MAT")) {
			return nil, perr("mat", 0, "MAT v7.3 (HDF5) files are not supported")
		}
		return nil, perr("mat", 0, "not a level-5 MAT file (no endian indicator)")
	}
	out := map[string]*mat.Dense{}
	if err := readElements(lr, bo, out, 0, in); err != nil {
		return nil, err
	}
	if lr.N <= 0 {
		return nil, perr("mat", 0, "file larger than %d bytes", maxMAT)
	}
	return out, nil
}

// matBudget holds what ReadMAT may still read, decompress and allocate.
type matBudget struct {
	file, unzipped int64
	values         int
}

// readElements reads the data elements of r up to its end. Top-level
// elements (depth 0) are padded to 8 bytes, the content of a compressed
// element is not.
func readElements(r io.Reader, bo binary.ByteOrder, out map[string]*mat.Dense, depth int, in *matBudget) error {
	for {
		var tb [8]byte
		n, err := io.ReadFull(r, tb[:])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if err == io.ErrUnexpectedEOF {
				if depth == 0 && allZero(tb[:n]) {
					return nil // trailing padding
				}
				return perr("mat", 0, "truncated element tag")
			}
			return perr("mat", 0, "%v", err)
		}
		w := bo.Uint32(tb[:])
		if w>>16 != 0 { // small data element at top level: nothing we read
			continue
		}
		typ, size := w, int64(bo.Uint32(tb[4:]))
		pad := int64(0)
		if depth == 0 && typ != miCOMPRESSED {
			pad = (8 - size%8) % 8
		}
		body := &io.LimitedReader{R: r, N: size}
		switch typ {
		case miCOMPRESSED:
			if depth > 0 {
				return perr("mat", 0, "nested compressed element")
			}
			zr, err := zlib.NewReader(body)
			if err != nil {
				return perr("mat", 0, "compressed element: %v", err)
			}
			cr := &countingReader{r: zr, left: in.unzipped}
			if err := readElements(cr, bo, out, depth+1, in); err != nil {
				return err
			}
			in.unzipped = cr.left
		case miMATRIX:
			if err := readMatrixStream(body, size, bo, out, in); err != nil {
				return err
			}
		}
		if err := discard(body, body.N); err != nil {
			return err
		}
		if pad > 0 {
			// the final padding may be missing
			if _, err := io.CopyN(io.Discard, r, pad); err != nil && err != io.EOF {
				return perr("mat", 0, "%v", err)
			}
		}
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// discard skips n bytes of r; fewer is a truncated element.
func discard(r io.Reader, n int64) error {
	if n <= 0 {
		return nil
	}
	m, err := io.CopyN(io.Discard, r, n)
	if m < n {
		if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
			return perr("mat", 0, "element truncated (%d bytes missing)", n-m)
		}
		return asParseErr(err)
	}
	return nil
}

func asParseErr(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	return perr("mat", 0, "%v", err)
}

// countingReader fails once more than left bytes were read.
type countingReader struct {
	r    io.Reader
	left int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, perr("mat", 0, "more than %d bytes decompressed", maxMAT)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// readMatrixStream reads one miMATRIX element of size bytes from r: first
// its header (flags, dimensions, name), and only if it is an array ReadMAT
// returns and its declared size fits its dimensions and the budget, its
// data.
func readMatrixStream(r io.Reader, size int64, bo binary.ByteOrder, out map[string]*mat.Dense, in *matBudget) error {
	head := size
	if head > maxMATHeader {
		head = maxMATHeader
	}
	b := make([]byte, head)
	if _, err := io.ReadFull(r, b); err != nil {
		return perr("mat", 0, "array element truncated")
	}
	h, err := matrixHeader(b, bo)
	if err != nil {
		return err
	}
	if h.skip {
		return nil
	}
	if h.total > in.values {
		return perr("mat", 0, "variable %q of %v = %d values: more than the %d values ReadMAT accepts in one file", h.name, h.dims, h.total, maxMATValues)
	}
	// data tag + at most 8 bytes per value + padding
	if limit := int64(h.dataOff) + 8 + 8*int64(h.total) + 8; size > limit {
		return perr("mat", 0, "variable %q: element of %d bytes for %d values", h.name, size, h.total)
	}
	if size > head {
		b = append(b, make([]byte, size-head)...)
		if _, err := io.ReadFull(r, b[head:]); err != nil {
			return asParseErr(fmt.Errorf("variable %q truncated: %w", h.name, err))
		}
	}
	name, m, err := readMatrixElement(b, bo)
	if err != nil {
		return err
	}
	if m != nil {
		in.values -= h.total
		out[name] = m
	}
	return nil
}

// arrayHeader is the part of an miMATRIX element before its data.
type arrayHeader struct {
	name    string
	dims    []int
	total   int
	class   uint32
	complex bool
	skip    bool // not a real 2-D numeric array
	dataOff int  // offset of the real part's tag
}

func matrixHeader(b []byte, bo binary.ByteOrder) (arrayHeader, error) {
	var h arrayHeader
	off := 0
	// array flags
	typ, flags, n, err := tag(b, bo)
	if err != nil {
		return h, err
	}
	if typ != miUINT32 || len(flags) < 8 {
		return h, perr("mat", 0, "array flags of type %d and %d bytes, want miUINT32 ×2", typ, len(flags))
	}
	off += n
	h.class = bo.Uint32(flags) & 0xff
	h.complex = bo.Uint32(flags)&0x0800 != 0
	// dimensions
	typ, dimb, n, err := tag(b[off:], bo)
	if err != nil {
		return h, err
	}
	if typ != miINT32 || len(dimb)%4 != 0 || len(dimb) < 8 {
		return h, perr("mat", 0, "dimensions of type %d and %d bytes, want miINT32 ×≥2", typ, len(dimb))
	}
	off += n
	h.dims = make([]int, len(dimb)/4)
	h.total = 1
	for i := range h.dims {
		d := int32(bo.Uint32(dimb[4*i:]))
		if d < 0 {
			return h, perr("mat", 0, "negative dimension %d", d)
		}
		h.dims[i] = int(d)
		if h.dims[i] != 0 && h.total > (1<<40)/h.dims[i] {
			h.total = 1 << 40 // far too large; refused by the caller unless skipped
			continue
		}
		h.total *= h.dims[i]
	}
	// name
	typ, nameb, n, err := tag(b[off:], bo)
	if err != nil {
		return h, err
	}
	if typ != miINT8 && typ != miUINT8 {
		return h, perr("mat", 0, "array name of type %d, want miINT8", typ)
	}
	off += n
	h.name = string(nameb)
	h.dataOff = off
	h.skip = h.class < mxDOUBLE || h.class > mxUINT64 || h.complex || len(h.dims) != 2
	return h, nil
}

// tag reads an element tag at b and returns type, data, and the total
// length consumed (including padding).
func tag(b []byte, bo binary.ByteOrder) (typ uint32, data []byte, n int, err error) {
	if len(b) < 8 {
		return 0, nil, 0, perr("mat", 0, "truncated element tag")
	}
	w := bo.Uint32(b)
	if w>>16 != 0 { // small data element: 2-byte size, 2-byte type, ≤ 4 bytes of data
		typ, size := w&0xffff, int(w>>16)
		if size > 4 {
			return 0, nil, 0, perr("mat", 0, "small data element of %d bytes", size)
		}
		return typ, b[4 : 4+size], 8, nil
	}
	typ = w
	size := uint64(bo.Uint32(b[4:]))
	if size > uint64(len(b)-8) {
		return 0, nil, 0, perr("mat", 0, "element of %d bytes exceeds the remaining %d", size, len(b)-8)
	}
	n = 8 + int(size)
	if typ != miCOMPRESSED {
		n = (n + 7) &^ 7
		if n > len(b) {
			n = len(b) // final padding may be missing
		}
	}
	return typ, b[8 : 8+size], n, nil
}

// readMatrixElement parses the content of an miMATRIX element. It returns a
// nil matrix (and no error) for arrays it skips.
func readMatrixElement(b []byte, bo binary.ByteOrder) (string, *mat.Dense, error) {
	h, err := matrixHeader(b, bo)
	if err != nil {
		return "", nil, err
	}
	if h.skip {
		return h.name, nil, nil
	}
	typ, real, _, err := tag(b[h.dataOff:], bo)
	if err != nil {
		return "", nil, err
	}
	size, err := elemSize(typ)
	if err != nil {
		return "", nil, fmt.Errorf("%w (variable %q)", err, h.name)
	}
	if len(real)%size != 0 || len(real)/size != h.total {
		return "", nil, perr("mat", 0, "variable %q has %d bytes of type %d for dimensions %v", h.name, len(real), typ, h.dims)
	}
	if h.total == 0 {
		return h.name, nil, nil
	}
	rows, cols := h.dims[0], h.dims[1]
	v := make([]float64, h.total)
	for j := 0; j < cols; j++ { // column-major in the file, row-major in mat.Dense
		for i := 0; i < rows; i++ {
			x := value(typ, real[(j*rows+i)*size:], bo)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return "", nil, perr("mat", 0, "variable %q[%d][%d] = %v, want a finite number", h.name, i, j, x)
			}
			v[i*cols+j] = x
		}
	}
	return h.name, mat.NewDense(rows, cols, v), nil
}

// elemSize returns the size in bytes of a numeric data type.
func elemSize(typ uint32) (int, error) {
	switch typ {
	case miINT8, miUINT8:
		return 1, nil
	case miINT16, miUINT16:
		return 2, nil
	case miINT32, miUINT32, miSINGLE:
		return 4, nil
	case miDOUBLE, miINT64, miUINT64:
		return 8, nil
	}
	return 0, perr("mat", 0, "numeric data of unsupported type %d", typ)
}

// value converts the number of type typ at the start of p to float64.
func value(typ uint32, p []byte, bo binary.ByteOrder) float64 {
	switch typ {
	case miINT8:
		return float64(int8(p[0]))
	case miUINT8:
		return float64(p[0])
	case miINT16:
		return float64(int16(bo.Uint16(p)))
	case miUINT16:
		return float64(bo.Uint16(p))
	case miINT32:
		return float64(int32(bo.Uint32(p)))
	case miUINT32:
		return float64(bo.Uint32(p))
	case miSINGLE:
		return float64(math.Float32frombits(bo.Uint32(p)))
	case miDOUBLE:
		return math.Float64frombits(bo.Uint64(p))
	case miINT64:
		return float64(int64(bo.Uint64(p)))
	case miUINT64:
		return float64(bo.Uint64(p))
	}
	return math.NaN()
}
