package data

import (
	"archive/zip"
	"compress/bzip2"
	"fmt"
	"io"
	"path"
	"strings"
)

// maxMember bounds the uncompressed size of one archive member (512 MiB).
const maxMember = 512 << 20

// ReadTVBZip reads a connectivity archive of The Virtual Brain (tvb-data
// connectivity_N.zip): weights.txt (N×N, white-space separated),
// tract_lengths.txt (N×N, mm) and centres.txt ("label x y z" per region),
// each either plain or bzip2-compressed (.txt.bz2), at the root of the
// archive or inside one folder. weights.txt is required, the others are
// optional. Members whose names are absolute or climb out of the archive
// ("..") and members larger than 512 MiB uncompressed are refused.
func ReadTVBZip(r io.ReaderAt, size int64) (*Connectome, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &ParseError{File: "zip", Err: err}
	}
	members := map[string]*zip.File{}
	for _, f := range zr.File {
		if err := checkMember(f); err != nil {
			return nil, err
		}
		if f.FileInfo().IsDir() {
			continue
		}
		base := path.Base(f.Name)
		base = strings.TrimSuffix(base, ".bz2")
		switch base {
		case "weights.txt", "tract_lengths.txt", "centres.txt":
			if _, dup := members[base]; dup {
				return nil, perr(f.Name, 0, "archive holds %s twice", base)
			}
			members[base] = f
		}
	}
	// Members are parsed as they are decompressed, never held whole.
	read := func(name string, parse func(r io.Reader, size int64) error) (bool, error) {
		f, ok := members[name]
		if !ok {
			return false, nil
		}
		rc, err := f.Open()
		if err != nil {
			return true, perr(f.Name, 0, "%v", err)
		}
		defer rc.Close()
		var r io.Reader = &memberReader{name: f.Name, r: io.LimitReader(rc, maxMember+1), left: maxMember}
		size := int64(f.UncompressedSize64)
		if strings.HasSuffix(f.Name, ".bz2") {
			r = &memberReader{name: f.Name, r: bzip2.NewReader(r), left: maxMember}
			size = 0
		}
		return true, parse(r, size)
	}
	c := &Connectome{}
	ok, err := read("weights.txt", func(r io.Reader, size int64) (err error) {
		c.Weights, err = readSquare("weights.txt", r, 0, size)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, perr("zip", 0, "no weights.txt in the archive")
	}
	n := c.N()
	_, err = read("tract_lengths.txt", func(r io.Reader, size int64) (err error) {
		if c.Lengths, err = readSquare("tract_lengths.txt", r, 0, size); err != nil {
			return err
		}
		if m := c.Lengths.RawMatrix().Rows; m != n {
			return perr("tract_lengths.txt", 0, "%d regions, want %d as in weights.txt", m, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ok, err = read("centres.txt", func(r io.Reader, _ int64) (err error) {
		if c.Labels, c.Centres, err = readCentres("centres.txt", r); err != nil {
			return err
		}
		if len(c.Labels) != n {
			return perr("centres.txt", 0, "%d regions, want %d as in weights.txt", len(c.Labels), n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		c.Labels = make([]string, n)
		for i := range c.Labels {
			c.Labels[i] = fmt.Sprint(i)
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func checkMember(f *zip.File) error {
	name := f.Name
	if name == "" || strings.Contains(name, "\\") || strings.HasPrefix(name, "/") || strings.ContainsRune(name, 0) {
		return perr("zip", 0, "refusing member %q: not a relative slash-separated path", truncate(name))
	}
	for _, el := range strings.Split(name, "/") {
		if el == ".." {
			return perr("zip", 0, "refusing member %q: path traversal", truncate(name))
		}
	}
	if f.UncompressedSize64 > maxMember {
		return perr("zip", 0, "refusing member %q: %d bytes uncompressed, more than %d", truncate(name), f.UncompressedSize64, maxMember)
	}
	return nil
}

// memberReader reads an archive member and fails once it yields more than
// left bytes.
type memberReader struct {
	name string
	r    io.Reader
	left int64
}

func (m *memberReader) Read(p []byte) (int, error) {
	if m.left < 0 {
		return 0, perr(m.name, 0, "more than %d bytes uncompressed", maxMember)
	}
	if int64(len(p)) > m.left+1 {
		p = p[:m.left+1]
	}
	n, err := m.r.Read(p)
	m.left -= int64(n)
	if m.left < 0 {
		return 0, perr(m.name, 0, "more than %d bytes uncompressed", maxMember)
	}
	return n, err
}
