package msf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/cmplx"

	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/nmm/sweep"
)

// Axis is one parameter axis of a stability map (see [sweep.Axis]).
type Axis = sweep.Axis

// Grid is the two-parameter grid of a stability map. Point index
// idx = i·Y.N + j for X value i and Y value j.
type Grid struct {
	X Axis `json:"x"`
	Y Axis `json:"y"`
}

// Size returns the number of grid points.
func (g Grid) Size() int { return g.X.N * g.Y.N }

// Validate checks both axes.
func (g Grid) Validate() error {
	if err := g.X.Validate(); err != nil {
		return err
	}
	if err := g.Y.Validate(); err != nil {
		return err
	}
	if g.Size() > 100_000_000 {
		return fmt.Errorf("msf: grid of %d points is too large (max 10⁸)", g.Size())
	}
	return nil
}

// Shard selects the part of a map that one job computes (see
// [sweep.Shard]): the points with index ≡ Index (mod Count).
type Shard = sweep.Shard

// Point is the result of a stability map at one grid point.
type Point struct {
	Index int     `json:"idx"` // i·Y.N + j
	I     int     `json:"i"`   // X index
	J     int     `json:"j"`   // Y index
	X     float64 `json:"x"`   // X value
	Y     float64 `json:"y"`   // Y value
	// State is "stationary", "periodic" or "none".
	State string `json:"state"`
	// Frequency of a periodic state (1/time unit of the node: kHz for ms).
	Frequency float64 `json:"frequency"`
	// Uniform is the largest real part of the uniform-mode exponents (for a
	// cycle the trivial zero exponent is left out).
	Uniform float64 `json:"uniform"`
	// Transverse is the largest leading real part over the transverse
	// modes, at eigenvalue Lambda with imaginary part Im.
	Transverse float64 `json:"transverse"`
	Lambda     float64 `json:"lambda"`
	LambdaIm   float64 `json:"lambda_im,omitempty"`
	Im         float64 `json:"im"`
	// Unstable is the number of unstable transverse modes.
	Unstable int `json:"unstable_modes"`
	// Error is set when the point could not be analysed.
	Error string `json:"error,omitempty"`
}

// UniformStable reports a homogeneous state that is stable within the
// synchronous manifold.
func (p Point) UniformStable() bool {
	return p.State != "none" && p.Error == "" && p.Uniform < UnstableTol
}

// TransverseStable reports a homogeneous state stable to all transverse
// modes.
func (p Point) TransverseStable() bool { return p.State != "none" && p.Error == "" && p.Unstable == 0 }

// MapConfig describes a stability map.
type MapConfig struct {
	Grid Grid
	// Problem returns the node problem and the initial condition of the
	// homogeneous-state search at parameter values (x, y). It must be safe
	// for concurrent use and deterministic.
	Problem func(x, y float64) (*Problem, []float64, error)
	// Lambdas are the eigenvalues of W (the uniform one, Λ = 1, included).
	Lambdas []complex128
	// Options are the numerical settings (nil: MapOptions()).
	Options *Options
	// Workers is the number of goroutines (0: 1).
	Workers int
}

// MapOptions returns the default numerical settings of maps: the defaults
// of [Options] with Dt = 0.04 (for nmm.EI the exponents then agree with
// Dt = 0.005 to ~1e-7 ms⁻¹ while the map runs twice as fast).
func MapOptions() *Options { return &Options{Dt: 0.04} }

func (c *MapConfig) options() *Options {
	if c.Options == nil {
		return MapOptions()
	}
	return c.Options
}

// AnalysePoint computes one grid point. It is deterministic: the result
// depends only on the configuration and idx (not on the shard, the number
// of workers or the order of evaluation).
func (c *MapConfig) AnalysePoint(idx int) Point {
	i, j := idx/c.Grid.Y.N, idx%c.Grid.Y.N
	x, y := c.Grid.X.Value(i), c.Grid.Y.Value(j)
	pt := Point{Index: idx, I: i, J: j, X: x, Y: y, State: "none"}
	fail := func(err error) Point {
		pt.Error = err.Error()
		return pt
	}
	p, y0, err := c.Problem(x, y)
	if err != nil {
		return fail(err)
	}
	st, err := p.FindState(y0, c.options())
	if err != nil {
		return fail(err)
	}
	pt.State = st.Kind.String()
	if st.Kind == None {
		return pt
	}
	a, err := p.Analyze(st, c.options())
	if err != nil {
		return fail(err)
	}
	d, err := a.Dispersion(c.Lambdas)
	if err != nil {
		return fail(err)
	}
	if st.Kind == Periodic {
		pt.Frequency = 1 / st.Period
	}
	pt.Uniform = uniformMax(d.Uniform, st.Kind == Periodic)
	pt.Transverse = math.Inf(-1)
	if d.MaxTransverse >= 0 {
		m := d.Modes[d.MaxTransverse]
		pt.Transverse = real(m.Leading())
		pt.Lambda, pt.LambdaIm = real(m.Lambda), imag(m.Lambda)
		pt.Im = math.Abs(imag(m.Leading()))
	}
	pt.Unstable = d.Unstable
	pt.Uniform, pt.Transverse = finiteOr(pt.Uniform), finiteOr(pt.Transverse)
	return pt
}

// finiteOr maps −Inf (a zero multiplier) to −MaxFloat64 so that points can
// be written as JSON.
func finiteOr(v float64) float64 {
	if math.IsInf(v, -1) || math.IsNaN(v) {
		return -math.MaxFloat64
	}
	return v
}

// uniformMax returns the largest real part, leaving out the exponent
// closest to 0 for a cycle (the trivial one along the flow).
func uniformMax(u []complex128, periodic bool) float64 {
	skip := -1
	if periodic {
		best := math.Inf(1)
		for i, e := range u {
			if a := cmplx.Abs(e); a < best {
				best, skip = a, i
			}
		}
	}
	m := math.Inf(-1)
	for i, e := range u {
		if i != skip {
			m = math.Max(m, real(e))
		}
	}
	return m
}

// RunMap computes the points of shard that skip does not exclude (skip may
// be nil), with cfg.Workers goroutines, and passes each result to emit as it
// is finished (emit is called from one goroutine at a time; an error from it
// stops the run). Progress receives (points done, points to do). It is
// [sweep.Run] over [MapConfig.AnalysePoint].
func RunMap(ctx context.Context, cfg *MapConfig, shard Shard, skip func(idx int) bool, emit func(Point) error, prog progress.Func) error {
	if err := cfg.Grid.Validate(); err != nil {
		return err
	}
	if cfg.Problem == nil {
		return errors.New("msf: MapConfig.Problem is nil")
	}
	if _, err := cfg.options().defaults(); err != nil {
		return err
	}
	return sweep.Run(ctx, cfg.Grid.Size(), shard, cfg.Workers, skip, func(_ context.Context, idx int) (Point, error) {
		return cfg.AnalysePoint(idx), nil
	}, emit, prog)
}

// MapHeader is the first line of a map file.
type MapHeader struct {
	Map   string `json:"map"` // a description of the node/connectome, e.g. "ei aal90"
	Grid  Grid   `json:"grid"`
	Shard *Shard `json:"shard,omitempty"`
}

// MapID is the header of a map file without its shard: what identifies the
// map.
type MapID struct {
	Map  string `json:"map"`
	Grid Grid   `json:"grid"`
}

// Map file format (JSON lines, a [sweep.Format]): a [MapHeader] line, then
// one [Point] per line. A complete file has its points sorted by index; a
// partial (still running or interrupted) file may have them in any order
// and is completed by running again (resume). Merging the shards of a map
// gives exactly the bytes of the unsharded file.

// MapFormat returns the file format of the map id. Reading validates every
// point against the grid: its i, j, x and y must be those of its index and
// its state one of "stationary", "periodic", "none".
func MapFormat(id MapID) *sweep.Format[MapID, Point] {
	g := id.Grid
	return &sweep.Format[MapID, Point]{
		Header: id,
		Size:   g.Size(),
		Index:  func(p Point) int { return p.Index },
		Check: func(idx int, p Point) error {
			i, j := idx/g.Y.N, idx%g.Y.N
			if p.I != i || p.J != j || p.X != g.X.Value(i) || p.Y != g.Y.Value(j) {
				return fmt.Errorf("point (i, j, x, y) = (%d, %d, %v, %v) is not grid point %d = (%d, %d, %v, %v)",
					p.I, p.J, p.X, p.Y, idx, i, j, g.X.Value(i), g.Y.Value(j))
			}
			switch p.State {
			case "stationary", "periodic", "none":
			default:
				return fmt.Errorf("state %q, want stationary, periodic or none", p.State)
			}
			return nil
		},
	}
}

func (h MapHeader) id() MapID { return MapID{Map: h.Map, Grid: h.Grid} }

func (h MapHeader) shard() Shard {
	if h.Shard == nil {
		return Shard{}
	}
	return *h.Shard
}

// WriteMap writes a complete map file: the header and the points sorted by
// index.
func WriteMap(w io.Writer, h MapHeader, pts []Point) error {
	return MapFormat(h.id()).Write(w, h.shard(), pts)
}

// AppendPoint writes one point line (for incremental, resumable output).
func AppendPoint(w io.Writer, p Point) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadMap reads a map file, validating every line ([MapFormat]). A
// truncated last line (an interrupted write) is ignored.
func ReadMap(r io.Reader) (MapHeader, []Point, error) {
	var h MapHeader
	b, err := io.ReadAll(io.LimitReader(r, 1<<34))
	if err != nil {
		return h, nil, err
	}
	hl, err := sweep.ReadHeader(bytes.NewReader(b))
	if err != nil {
		return h, nil, fmt.Errorf("msf: map file: %v", err)
	}
	if err := json.Unmarshal(hl.Raw, &h); err != nil || h.Grid.X.N == 0 {
		return h, nil, fmt.Errorf("msf: map file header: not a map header (%v)", err)
	}
	if err := h.Grid.Validate(); err != nil {
		return h, nil, err
	}
	sh, pts, err := MapFormat(h.id()).Read(bytes.NewReader(b))
	if err != nil {
		return h, nil, fmt.Errorf("msf: map file: %v", err)
	}
	h.Shard = nil
	if !sh.Whole() {
		h.Shard = &sh
	}
	return h, pts, nil
}

// MergeMaps joins the points of shard files of the same map (same Map and
// Grid) into the unsharded header and the sorted points; it reports an
// error if the headers differ or two parts disagree on a point, and the
// number of missing points.
func MergeMaps(parts []MapHeader, points [][]Point) (MapHeader, []Point, int, error) {
	if len(parts) == 0 {
		return MapHeader{}, nil, 0, errors.New("msf: nothing to merge")
	}
	h := MapHeader{Map: parts[0].Map, Grid: parts[0].Grid}
	for k, p := range parts {
		if p.Map != h.Map || p.Grid != h.Grid {
			return h, nil, 0, fmt.Errorf("msf: part %d is a different map (%q %+v, want %q %+v)", k, p.Map, p.Grid, h.Map, h.Grid)
		}
	}
	pts, missing, err := MapFormat(h.id()).Merge(points...)
	return h, pts, missing, err
}
