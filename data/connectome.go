package data

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Connectome is a brain network: N regions with labels and a weight matrix,
// optionally tract lengths, region centres and anatomical annotations, and,
// for datasets that ship them, an empirical functional connectivity matrix
// or empirical BOLD time series.
//
// Weights[i][j] is the connection from region j to region i (row = target,
// column = source). Lengths are in mm. Optional fields are nil when the
// source does not provide them.
type Connectome struct {
	Name       string       // dataset name, e.g. "aal90"
	Labels     []string     // region names, len N
	Weights    *mat.Dense   // N×N, row = target, column = source
	Lengths    *mat.Dense   // N×N tract lengths (mm); nil if unknown
	Centres    [][3]float64 // region centres (atlas coordinates, MNI mm where known); nil if unknown
	Hemisphere []string     // "L"/"R" per region; nil if unknown
	Lobe       []string     // lobe per region; nil if unknown
	// FC is an empirical functional connectivity matrix (N×N correlations
	// of BOLD signals) shipped with the dataset; nil if none. FCFisherZ
	// tells whether its entries are Fisher z-transformed (atanh r), as in
	// the ENIGMA Toolbox matrices.
	FC        *mat.Dense
	FCFisherZ bool
	// BOLD holds empirical BOLD time series, N rows × samples (arbitrary
	// units), sampled every TR seconds; nil if none.
	BOLD *mat.Dense
	TR   float64 // BOLD repetition time (s); 0 if BOLD is nil
}

// N returns the number of regions.
func (c *Connectome) N() int {
	if c == nil || c.Weights == nil {
		return 0
	}
	r, _ := c.Weights.Dims()
	return r
}

// Validate checks the shapes of all fields and that the weights are finite
// and the lengths finite and non-negative. (Weights may be negative: the
// ENIGMA Schaefer matrices are log-transformed streamline counts with a few
// negative entries.)
func (c *Connectome) Validate() error {
	if c.Weights == nil {
		return fmt.Errorf("data: connectome %q has no weights", c.Name)
	}
	n, m := c.Weights.Dims()
	if n != m {
		return fmt.Errorf("data: connectome %q weights are %d×%d, want square", c.Name, n, m)
	}
	if len(c.Labels) != n {
		return fmt.Errorf("data: connectome %q has %d labels for %d regions", c.Name, len(c.Labels), n)
	}
	check := func(what string, a *mat.Dense, lo float64) error {
		if a == nil {
			return nil
		}
		if r, cc := a.Dims(); r != n || cc != n {
			return fmt.Errorf("data: connectome %q %s are %d×%d, want %d×%d", c.Name, what, r, cc, n, n)
		}
		for i := 0; i < n; i++ {
			for j, v := range a.RawRowView(i) {
				if !(v >= lo) || math.IsInf(v, 0) {
					return fmt.Errorf("data: connectome %q %s[%d][%d] = %v, want finite ≥ %v", c.Name, what, i, j, v, lo)
				}
			}
		}
		return nil
	}
	if err := check("weights", c.Weights, math.Inf(-1)); err != nil {
		return err
	}
	if err := check("lengths", c.Lengths, 0); err != nil {
		return err
	}
	if c.Centres != nil && len(c.Centres) != n {
		return fmt.Errorf("data: connectome %q has %d centres for %d regions", c.Name, len(c.Centres), n)
	}
	if c.Hemisphere != nil && len(c.Hemisphere) != n {
		return fmt.Errorf("data: connectome %q has %d hemisphere labels for %d regions", c.Name, len(c.Hemisphere), n)
	}
	if c.Lobe != nil && len(c.Lobe) != n {
		return fmt.Errorf("data: connectome %q has %d lobe labels for %d regions", c.Name, len(c.Lobe), n)
	}
	if c.FC != nil {
		if r, cc := c.FC.Dims(); r != n || cc != n {
			return fmt.Errorf("data: connectome %q FC is %d×%d, want %d×%d", c.Name, r, cc, n, n)
		}
	}
	if c.BOLD != nil {
		if r, _ := c.BOLD.Dims(); r != n {
			return fmt.Errorf("data: connectome %q BOLD has %d rows for %d regions", c.Name, r, n)
		}
	}
	return nil
}

// Clone returns a deep copy.
func (c *Connectome) Clone() *Connectome {
	d := *c
	cp := func(a *mat.Dense) *mat.Dense {
		if a == nil {
			return nil
		}
		return mat.DenseCopyOf(a)
	}
	d.Weights, d.Lengths, d.FC, d.BOLD = cp(c.Weights), cp(c.Lengths), cp(c.FC), cp(c.BOLD)
	d.Labels = append([]string(nil), c.Labels...)
	if c.Centres != nil {
		d.Centres = append([][3]float64(nil), c.Centres...)
	}
	if c.Hemisphere != nil {
		d.Hemisphere = append([]string(nil), c.Hemisphere...)
	}
	if c.Lobe != nil {
		d.Lobe = append([]string(nil), c.Lobe...)
	}
	return &d
}

// RowNormalized returns a copy whose weights have a zero diagonal and rows
// that sum to 1: W[i][j] = C[i][j] / Σ_{k≠i} C[i][k] (the normalisation of
// Clusella et al. 2023 and Delicado–Huguet–Clusella 2025, docs/models.md § E–I network).
// After the division each row is summed again and rescaled, so that its
// floating-point sum is 1 to within one rounding. A row without off-diagonal
// input (an isolated target) is an error.
func (c *Connectome) RowNormalized() (*Connectome, error) {
	d := c.Clone()
	n := d.N()
	for i := 0; i < n; i++ {
		row := d.Weights.RawRowView(i)
		row[i] = 0
		s := 0.0
		for _, v := range row {
			s += v
		}
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("data: RowNormalized: row %d (%s) of %q has off-diagonal sum %v, want > 0", i, label(d, i), d.Name, s)
		}
		for j := range row {
			row[j] /= s
		}
		if !sumToOne(row) {
			return nil, fmt.Errorf("data: RowNormalized: row %d (%s) of %q cannot be made to sum to 1 in floating point", i, label(d, i), d.Name)
		}
	}
	return d, nil
}

// MaxNormalized returns a copy whose weights are divided by their largest
// value (so that the largest is exactly 1) (TVB's scaled_weights("tract")); the diagonal is kept. All-zero
// weights are an error.
func (c *Connectome) MaxNormalized() (*Connectome, error) {
	m := mat.Max(c.Weights)
	if !(m > 0) || math.IsInf(m, 0) {
		return nil, fmt.Errorf("data: MaxNormalized: largest weight of %q is %v, want > 0", c.Name, m)
	}
	d := c.Clone()
	divide(d.Weights, m)
	return d, nil
}

func divide(a *mat.Dense, m float64) {
	r, _ := a.Dims()
	for i := 0; i < r; i++ {
		row := a.RawRowView(i)
		for j := range row {
			row[j] /= m
		}
	}
}

// InStrengthNormalized returns a copy whose weights are divided by the
// largest in-strength (row sum) max_i Σ_j W[i][j] (TVB's
// scaled_weights("region") with row = target); the diagonal is kept.
func (c *Connectome) InStrengthNormalized() (*Connectome, error) {
	n := c.N()
	m := 0.0
	for i := 0; i < n; i++ {
		s := 0.0
		for _, v := range c.Weights.RawRowView(i) {
			s += v
		}
		m = math.Max(m, s)
	}
	if !(m > 0) || math.IsInf(m, 0) {
		return nil, fmt.Errorf("data: InStrengthNormalized: largest in-strength of %q is %v, want > 0", c.Name, m)
	}
	d := c.Clone()
	divide(d.Weights, m)
	return d, nil
}

// IsSymmetric reports whether the weights are symmetric to within tol
// (absolute).
func (c *Connectome) IsSymmetric(tol float64) bool {
	return MaxAsymmetry(c.Weights) <= tol
}

// MaxAsymmetry returns max |A[i][j] − A[j][i]| of a square matrix.
func MaxAsymmetry(a mat.Matrix) float64 {
	n, _ := a.Dims()
	m := 0.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			m = math.Max(m, math.Abs(a.At(i, j)-a.At(j, i)))
		}
	}
	return m
}

// Density returns the fraction of non-zero off-diagonal weights.
func (c *Connectome) Density() float64 {
	n := c.N()
	if n < 2 {
		return 0
	}
	nz := 0
	for i := 0; i < n; i++ {
		for j, v := range c.Weights.RawRowView(i) {
			if i != j && v != 0 {
				nz++
			}
		}
	}
	return float64(nz) / float64(n*(n-1))
}

func label(c *Connectome, i int) string {
	if i < len(c.Labels) {
		return c.Labels[i]
	}
	return fmt.Sprint(i)
}

// sumToOne nudges the entries of a row normalised by its sum, one ulp at a
// time, until its left-to-right floating-point sum is exactly 1.
func sumToOne(row []float64) bool {
	sum := func() float64 {
		s := 0.0
		for _, v := range row {
			s += v
		}
		return s
	}
	s := sum()
	for j := range row {
		if s == 1 {
			return true
		}
		if row[j] == 0 {
			continue
		}
		for k := 0; k < 16 && s != 1; k++ {
			old := row[j]
			if s > 1 {
				row[j] = math.Nextafter(row[j], 0)
			} else {
				row[j] = math.Nextafter(row[j], 2)
			}
			ns := sum()
			if math.Abs(ns-1) > math.Abs(s-1) {
				row[j] = old
				break
			}
			s = ns
		}
	}
	return s == 1
}
