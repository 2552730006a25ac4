package data

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"math"
	"runtime"
	"strings"
	"testing"
)

// matElem encodes one level-5 data element (little-endian, padded to 8).
func matElem(typ uint32, data []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, typ)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	return b
}

// matArray encodes an miMATRIX element of class double with the given
// dimensions, name and real part (of numeric type typ).
func matArray(name string, dims []int32, typ uint32, real []byte) []byte {
	flags := binary.LittleEndian.AppendUint32(nil, mxDOUBLE)
	flags = binary.LittleEndian.AppendUint32(flags, 0)
	var d []byte
	for _, x := range dims {
		d = binary.LittleEndian.AppendUint32(d, uint32(x))
	}
	var body []byte
	body = append(body, matElem(miUINT32, flags)...)
	body = append(body, matElem(miINT32, d)...)
	body = append(body, matElem(miINT8, []byte(name))...)
	body = append(body, matElem(typ, real)...)
	return matElem(miMATRIX, body)
}

func matFile(elems ...[]byte) []byte {
	h := make([]byte, 128)
	copy(h, "MATLAB 5.0 MAT-file, written by a test")
	for i := 38; i < 124; i++ {
		h[i] = ' '
	}
	h[124], h[125] = 0, 1
	h[126], h[127] = 'I', 'M'
	for _, e := range elems {
		h = append(h, e...)
	}
	return h
}

func compressed(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	zw.Write(b)
	zw.Close()
	e := binary.LittleEndian.AppendUint32(nil, miCOMPRESSED)
	e = binary.LittleEndian.AppendUint32(e, uint32(buf.Len()))
	return append(e, buf.Bytes()...)
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func f64s(v ...float64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// Issue 18 item 6: a small compressed MAT file declaring a huge array is
// refused from its header, before its data are decompressed or allocated;
// NaN/Inf values are refused like in the text readers.
func TestReadMATLimitsAndFinite(t *testing.T) {
	ok := matArray("a", []int32{2, 2}, miDOUBLE, f64s(1, 2, 3, 4))
	if m, err := ReadMAT(bytes.NewReader(matFile(ok))); err != nil || m["a"].At(0, 1) != 3 {
		t.Fatalf("valid file: %v %v", m, err)
	}
	// 6000×6000 int8 zeros (36 MB, 36 M values) compressed to ≈ 40 KB
	bomb := compressed(matArray("x", []int32{6000, 6000}, miINT8, make([]byte, 6000*6000)))
	var err error
	if a := allocated(func() { _, err = ReadMAT(bytes.NewReader(matFile(bomb))) }); err == nil || a > 32<<20 {
		t.Errorf("bomb (%d KB): err = %v after allocating %d MB, want a refusal within 32 MB", len(bomb)>>10, err, a>>20)
	} else if !strings.Contains(err.Error(), "values") {
		t.Errorf("bomb: err = %v, want it to name the value limit", err)
	}
	// an element declaring far more bytes than its dimensions need
	big := matArray("y", []int32{2, 2}, miDOUBLE, make([]byte, 32))
	binary.LittleEndian.PutUint32(big[4:], 1<<30)
	if _, err := ReadMAT(bytes.NewReader(matFile(big))); err == nil {
		t.Error("element size beyond its dimensions accepted")
	}
	for name, v := range map[string]float64{"nan": math.NaN(), "inf": math.Inf(1), "-inf": math.Inf(-1)} {
		f := matFile(matArray("a", []int32{1, 2}, miDOUBLE, f64s(1, v)))
		if _, err := ReadMAT(bytes.NewReader(f)); err == nil || !strings.Contains(err.Error(), "finite") {
			t.Errorf("%s: err = %v, want a refusal of the non-finite value", name, err)
		}
		f = matFile(compressed(matArray("a", []int32{1, 2}, miDOUBLE, f64s(1, v))))
		if _, err := ReadMAT(bytes.NewReader(f)); err == nil {
			t.Errorf("%s compressed: accepted", name)
		}
	}
}

// Issue 18 item 6: a small zip whose weights.txt is one huge line or far
// more rows than columns is refused without holding the decompressed member
// or a slice per field.
func TestReadTVBZipBombs(t *testing.T) {
	for name, member := range map[string]func() []byte{
		"long line": func() []byte { return bytes.Repeat([]byte("0 "), 16<<20) },
		"many rows": func() []byte { return bytes.Repeat([]byte("0 0\n"), 8<<20) },
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "weights.txt", Method: zip.Deflate})
		w.Write(member())
		zw.Close()
		z := buf.Bytes()
		var err error
		a := allocated(func() { _, err = ReadTVBZip(bytes.NewReader(z), int64(len(z))) })
		if err == nil || a > 16<<20 {
			t.Errorf("%s (%d KB zip): err = %v after allocating %d MB, want a refusal within 16 MB", name, len(z)>>10, err, a>>20)
		}
	}
}
