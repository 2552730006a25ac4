package data

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
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

// maxMAT bounds the size of a MAT file and of one decompressed element
// (512 MiB).
const maxMAT = 512 << 20

// ReadMAT reads the two-dimensional real numeric arrays of a MATLAB level-5
// MAT file (as written by MATLAB ≤ 7.2 and scipy.io.savemat), uncompressed
// or zlib-compressed (miCOMPRESSED), little- or big-endian, and returns them
// by variable name as dense matrices (converted to float64). Other
// variables (char, cell, struct, sparse, logical-free complex arrays, and
// arrays of more than two dimensions) are skipped. HDF5-based v7.3 files are
// not supported.
func ReadMAT(r io.Reader) (map[string]*mat.Dense, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxMAT+1))
	if err != nil {
		return nil, perr("mat", 0, "%v", err)
	}
	if len(b) > maxMAT {
		return nil, perr("mat", 0, "file larger than %d bytes", maxMAT)
	}
	if len(b) < 128 {
		return nil, perr("mat", 0, "%d bytes, too short for a MAT-file header", len(b))
	}
	var bo binary.ByteOrder
	switch string(b[126:128]) {
	case "IM":
		bo = binary.LittleEndian
	case "MI":
		bo = binary.BigEndian
	default:
		if bytes.HasPrefix(b, []byte("\x89HDF")) || bytes.Contains(b[:128], []byte("7.3 MAT")) {
			return nil, perr("mat", 0, "MAT v7.3 (HDF5) files are not supported")
		}
		return nil, perr("mat", 0, "not a level-5 MAT file (no endian indicator)")
	}
	out := map[string]*mat.Dense{}
	if err := readElements(b[128:], bo, out, 0); err != nil {
		return nil, err
	}
	return out, nil
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

func readElements(b []byte, bo binary.ByteOrder, out map[string]*mat.Dense, depth int) error {
	for len(b) > 0 {
		typ, data, n, err := tag(b, bo)
		if err != nil {
			return err
		}
		b = b[n:]
		switch typ {
		case miCOMPRESSED:
			if depth > 0 {
				return perr("mat", 0, "nested compressed element")
			}
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return perr("mat", 0, "compressed element: %v", err)
			}
			inner, err := io.ReadAll(io.LimitReader(zr, maxMAT+1))
			if err != nil {
				return perr("mat", 0, "compressed element: %v", err)
			}
			if len(inner) > maxMAT {
				return perr("mat", 0, "compressed element larger than %d bytes", maxMAT)
			}
			if err := readElements(inner, bo, out, depth+1); err != nil {
				return err
			}
		case miMATRIX:
			name, m, err := readMatrixElement(data, bo)
			if err != nil {
				return err
			}
			if m != nil {
				out[name] = m
			}
		}
	}
	return nil
}

// readMatrixElement parses the content of an miMATRIX element. It returns a
// nil matrix (and no error) for arrays it skips.
func readMatrixElement(b []byte, bo binary.ByteOrder) (string, *mat.Dense, error) {
	// array flags
	typ, flags, n, err := tag(b, bo)
	if err != nil {
		return "", nil, err
	}
	if typ != miUINT32 || len(flags) < 8 {
		return "", nil, perr("mat", 0, "array flags of type %d and %d bytes, want miUINT32 ×2", typ, len(flags))
	}
	b = b[n:]
	class := bo.Uint32(flags) & 0xff
	complexArr := bo.Uint32(flags)&0x0800 != 0
	// dimensions
	typ, dimb, n, err := tag(b, bo)
	if err != nil {
		return "", nil, err
	}
	if typ != miINT32 || len(dimb)%4 != 0 || len(dimb) < 8 {
		return "", nil, perr("mat", 0, "dimensions of type %d and %d bytes, want miINT32 ×≥2", typ, len(dimb))
	}
	b = b[n:]
	dims := make([]int, len(dimb)/4)
	total := 1
	for i := range dims {
		d := int32(bo.Uint32(dimb[4*i:]))
		if d < 0 {
			return "", nil, perr("mat", 0, "negative dimension %d", d)
		}
		dims[i] = int(d)
		if dims[i] != 0 && total > maxMAT/dims[i] {
			return "", nil, perr("mat", 0, "array too large")
		}
		total *= dims[i]
	}
	// name
	typ, nameb, n, err := tag(b, bo)
	if err != nil {
		return "", nil, err
	}
	if typ != miINT8 && typ != miUINT8 {
		return "", nil, perr("mat", 0, "array name of type %d, want miINT8", typ)
	}
	name := string(nameb)
	b = b[n:]
	if class < mxDOUBLE || class > mxUINT64 || complexArr || len(dims) != 2 {
		return name, nil, nil
	}
	typ, real, _, err := tag(b, bo)
	if err != nil {
		return "", nil, err
	}
	vals, err := numeric(typ, real, bo)
	if err != nil {
		return "", nil, fmt.Errorf("%w (variable %q)", err, name)
	}
	if len(vals) != total {
		return "", nil, perr("mat", 0, "variable %q has %d values for dimensions %v", name, len(vals), dims)
	}
	if total == 0 {
		return name, nil, nil
	}
	rows, cols := dims[0], dims[1]
	m := mat.NewDense(rows, cols, nil)
	for j := 0; j < cols; j++ { // column-major
		for i := 0; i < rows; i++ {
			m.Set(i, j, vals[j*rows+i])
		}
	}
	return name, m, nil
}

// numeric converts the data of a numeric element to float64.
func numeric(typ uint32, b []byte, bo binary.ByteOrder) ([]float64, error) {
	var size int
	switch typ {
	case miINT8, miUINT8:
		size = 1
	case miINT16, miUINT16:
		size = 2
	case miINT32, miUINT32, miSINGLE:
		size = 4
	case miDOUBLE, miINT64, miUINT64:
		size = 8
	default:
		return nil, perr("mat", 0, "numeric data of unsupported type %d", typ)
	}
	if len(b)%size != 0 {
		return nil, perr("mat", 0, "%d bytes of type %d, not a multiple of %d", len(b), typ, size)
	}
	v := make([]float64, len(b)/size)
	for i := range v {
		p := b[i*size:]
		switch typ {
		case miINT8:
			v[i] = float64(int8(p[0]))
		case miUINT8:
			v[i] = float64(p[0])
		case miINT16:
			v[i] = float64(int16(bo.Uint16(p)))
		case miUINT16:
			v[i] = float64(bo.Uint16(p))
		case miINT32:
			v[i] = float64(int32(bo.Uint32(p)))
		case miUINT32:
			v[i] = float64(bo.Uint32(p))
		case miSINGLE:
			v[i] = float64(math.Float32frombits(bo.Uint32(p)))
		case miDOUBLE:
			v[i] = math.Float64frombits(bo.Uint64(p))
		case miINT64:
			v[i] = float64(int64(bo.Uint64(p)))
		case miUINT64:
			v[i] = float64(bo.Uint64(p))
		}
	}
	return v, nil
}
