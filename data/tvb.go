package data

import (
	"archive/zip"
	"bytes"
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
	read := func(name string) ([]byte, bool, error) {
		f, ok := members[name]
		if !ok {
			return nil, false, nil
		}
		b, err := readMember(f)
		return b, true, err
	}
	wb, ok, err := read("weights.txt")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, perr("zip", 0, "no weights.txt in the archive")
	}
	c := &Connectome{}
	if c.Weights, err = readSquare("weights.txt", bytes.NewReader(wb), 0); err != nil {
		return nil, err
	}
	n := c.N()
	lb, ok, err := read("tract_lengths.txt")
	if err != nil {
		return nil, err
	}
	if ok {
		if c.Lengths, err = readSquare("tract_lengths.txt", bytes.NewReader(lb), 0); err != nil {
			return nil, err
		}
		if m := c.Lengths.RawMatrix().Rows; m != n {
			return nil, perr("tract_lengths.txt", 0, "%d regions, want %d as in weights.txt", m, n)
		}
	}
	cb, ok, err := read("centres.txt")
	if err != nil {
		return nil, err
	}
	if ok {
		if c.Labels, c.Centres, err = readCentres("centres.txt", bytes.NewReader(cb)); err != nil {
			return nil, err
		}
		if len(c.Labels) != n {
			return nil, perr("centres.txt", 0, "%d regions, want %d as in weights.txt", len(c.Labels), n)
		}
	} else {
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

// readMember reads an archive member, decompressing .bz2, never more than
// maxMember bytes.
func readMember(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, perr(f.Name, 0, "%v", err)
	}
	defer rc.Close()
	var r io.Reader = io.LimitReader(rc, maxMember+1)
	if strings.HasSuffix(f.Name, ".bz2") {
		r = io.LimitReader(bzip2.NewReader(r), maxMember+1)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, perr(f.Name, 0, "%v", err)
	}
	if len(b) > maxMember {
		return nil, perr(f.Name, 0, "more than %d bytes uncompressed", maxMember)
	}
	return b, nil
}
