package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/data"
	"github.com/ngnmm/ngnmm/nmm/fc"
	"github.com/ngnmm/ngnmm/nmm/spectral"
)

// maxFCDWindows bounds the FCD matrix of 'data fc --out-fcd' (k² floats).
const maxFCDWindows = 5000

func init() {
	register(&command{
		Name:    "data fc",
		Summary: "empirical FC of a dataset's BOLD: mean FC, SC→FC baseline, optional FC/FCD CSV (JSON)",
		Help: `Usage: ngnmm data fc NAME [--band LO:HI] [--gsr] [--out-fc F] [--out-fcd F]
                    [--window W] [--step S]

Empirical functional connectivity of the BOLD time series of dataset NAME (one
with BOLD, e.g. hcp-101309; see 'ngnmm data list'). By default FC is the Pearson
correlation of the raw regional time series over all regions of the dataset;
the preprocessing options, applied in this order, are
  --band LO:HI   zero-phase FIR band-pass LO < f < HI in Hz (Hamming window,
                 3 cycles of LO taps, as scipy.signal.firwin); the first and
                 last (taps−1)/2 samples, spoiled by the edges, are dropped
  --gsr          global-signal regression (least squares, with intercept)
Fisher z is not applied (FC values are correlations r).

Output (JSON): {"name","regions","samples","tr_s","band_hz","gsr","fc_mean",
  "sc_fc_r","outputs"}
  regions   number of regions (all regions of the dataset)
  samples   number of samples the FC is computed from (after --band)
  tr_s      sampling interval of the BOLD (s)
  band_hz   [LO, HI] in Hz, or null
  fc_mean   mean of the strict upper triangle of FC (dimensionless)
  sc_fc_r   Pearson correlation of the strict upper triangles of FC and of
            the symmetrised raw structural matrix (W + Wᵀ)/2
  outputs   the files written
  --out-fc F    CSV of the N×N FC matrix (one row per line, no header)
  --out-fcd F   CSV of the FCD matrix: correlations of the upper-triangle FCs of
                windows of --window samples (default 30) every --step samples
                (default 5), one row per line, no header
Output files are opened before computing and written atomically.`,
		Run: runDataFC,
	})
}

// parseBand parses "LO:HI" with 0 < LO < HI finite.
func parseBand(s string) ([2]float64, error) {
	lo, hi, ok := strings.Cut(s, ":")
	if !ok {
		return [2]float64{}, usageErr("--band=%q: want LO:HI in Hz", s)
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if err1 != nil || err2 != nil || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return [2]float64{}, usageErr("--band=%q: want LO:HI, two finite numbers in Hz", s)
	}
	if !(a > 0 && a < b) {
		return [2]float64{}, usageErr("--band=%q: want 0 < LO < HI", s)
	}
	return [2]float64{a, b}, nil
}

// atomicFile is an output opened before computing: a temporary file in the
// destination's folder, renamed onto it by commit.
type atomicFile struct {
	path string
	tmp  *os.File
}

func openAtomic(path, flagName string) (*atomicFile, error) {
	if path == "" {
		return nil, nil
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, usageErr("%s=%q: %v", flagName, path, err)
	}
	return &atomicFile{path: path, tmp: f}, nil
}

func (a *atomicFile) discard() {
	if a != nil && a.tmp != nil {
		a.tmp.Close()
		os.Remove(a.tmp.Name())
		a.tmp = nil
	}
}

// commit writes m as CSV and renames the file onto its path.
func (a *atomicFile) commit(m mat.Matrix) error {
	w := bufio.NewWriter(a.tmp)
	r, c := m.Dims()
	buf := make([]byte, 0, 32)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if j > 0 {
				w.WriteByte(',')
			}
			buf = strconv.AppendFloat(buf[:0], m.At(i, j), 'g', -1, 64)
			w.Write(buf)
		}
		w.WriteByte('\n')
	}
	return a.finish(w.Flush())
}

// finish (after the content was written to a.tmp with error err) syncs,
// closes and renames the file onto its path, or removes it on error.
func (a *atomicFile) finish(err error) error {
	if err == nil {
		err = a.tmp.Chmod(0o644)
	}
	if err == nil {
		err = a.tmp.Sync()
	}
	if cerr := a.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.tmp.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.tmp.Name())
	}
	a.tmp = nil
	return err
}

func runDataFC(args []string, stdout io.Writer) error {
	fs := newFlags("data fc")
	band := fs.String("band", "", "")
	gsr := fs.Bool("gsr", false, "")
	outFC := fs.String("out-fc", "", "")
	outFCD := fs.String("out-fcd", "", "")
	window := fs.Int("window", 30, "")
	step := fs.Int("step", 5, "")
	name, err := parseNameArgs(fs, args)
	if err != nil {
		return err
	}
	var p fc.Preprocessing
	p.GSR = *gsr
	var bandOut any
	if *band != "" {
		b, err := parseBand(*band)
		if err != nil {
			return err
		}
		p.Band = b
		bandOut = b[:]
	}
	if *window < 2 || *window > 1<<20 {
		return usageErr("--window=%d: want 2..%d samples", *window, 1<<20)
	}
	if *step < 1 || *step > 1<<20 {
		return usageErr("--step=%d: want 1..%d samples", *step, 1<<20)
	}
	ds, err := data.Lookup(name)
	if err != nil {
		return usageErr("%v", err)
	}
	fFC, err := openAtomic(*outFC, "--out-fc")
	if err != nil {
		return err
	}
	defer fFC.discard()
	fFCD, err := openAtomic(*outFCD, "--out-fcd")
	if err != nil {
		return err
	}
	defer fFCD.discard()
	cache, err := data.DefaultCache()
	if err != nil {
		return err
	}
	con, err := cache.Load(context.Background(), ds)
	if err != nil {
		return err
	}
	if con.BOLD == nil {
		return usageErr("dataset %s has no BOLD time series (try one of the hcp-* datasets)", name)
	}
	p.TR = con.TR
	x := mat.DenseCopyOf(con.BOLD.T()) // samples × regions
	if p.Band[1] > 0 && !(p.Band[1] < 0.5/p.TR) {
		return usageErr("--band=%s: HI must be below the Nyquist frequency %g Hz of TR %g s", *band, 0.5/p.TR, p.TR)
	}
	x, err = fc.Preprocess(x, p)
	if err != nil {
		if errors.Is(err, spectral.ErrBand) || *band != "" {
			return usageErr("--band=%s: %v", *band, err)
		}
		return err
	}
	t, n := x.Dims()
	f, err := fc.Matrix(nil, x)
	if err != nil {
		return err
	}
	r, err := fc.SCBaseline(f, con.Weights)
	if err != nil {
		return err
	}
	outputs := []string{}
	if fFCD != nil {
		if err := writeFCD(fFCD, x, *window, *step); err != nil {
			return err
		}
		outputs = append(outputs, fFCD.path)
	}
	if fFC != nil {
		if err := fFC.commit(f); err != nil {
			return err
		}
		outputs = append(outputs, fFC.path)
	}
	return writeJSON(stdout, map[string]any{
		"name": name, "regions": n, "samples": t, "tr_s": con.TR, "band_hz": bandOut, "gsr": p.GSR,
		"fc_mean": fc.Mean(f), "sc_fc_r": r, "outputs": outputs,
	})
}

// parseNameArgs parses 'data fc NAME [flags]' (NAME before or after the
// flags) and returns NAME.
func parseNameArgs(fs *flag.FlagSet, args []string) (string, error) {
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, errUsage) {
			return "", err
		}
		return "", usageErr("data fc: %v", err)
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return "", usageErr("data fc: %v", err)
		}
	}
	if fs.NArg() > 0 {
		return "", usageErr("data fc: unexpected argument %q", fs.Arg(0))
	}
	if name == "" {
		return "", usageErr("want one dataset NAME (see 'ngnmm data list')")
	}
	return name, nil
}

// writeFCD checks the sliding windows against the t samples of x and writes
// the FCD matrix to f.
func writeFCD(f *atomicFile, x *mat.Dense, window, step int) error {
	t, n := x.Dims()
	if err := fcdLimits(t, n, window, step); err != nil {
		return err
	}
	d, err := fc.FCD(x, window, step)
	if err != nil {
		return err
	}
	return f.commit(d)
}
