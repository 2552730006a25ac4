package data

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Reordered returns a copy of c with its regions in the order of labels,
// matched case-insensitively (e.g. TVB's "l_bankssts" and ENIGMA's
// "L_bankssts"). Every label must match exactly one region of c; all
// per-region fields and matrices are permuted. Use it to combine datasets
// of the same parcellation, such as ENIGMA's DK68 weights and FC with TVB's
// 68-region tract lengths.
func (c *Connectome) Reordered(labels []string) (*Connectome, error) {
	n := c.N()
	if len(labels) != n {
		return nil, fmt.Errorf("data: Reordered: %d labels for %d regions of %q", len(labels), n, c.Name)
	}
	idx := map[string]int{}
	for i, l := range c.Labels {
		k := strings.ToLower(l)
		if _, dup := idx[k]; dup {
			return nil, fmt.Errorf("data: Reordered: label %q occurs twice in %q", l, c.Name)
		}
		idx[k] = i
	}
	perm := make([]int, n)
	used := make([]bool, n)
	for i, l := range labels {
		j, ok := idx[strings.ToLower(l)]
		if !ok {
			return nil, fmt.Errorf("data: Reordered: label %q not in %q", l, c.Name)
		}
		if used[j] {
			return nil, fmt.Errorf("data: Reordered: label %q given twice", l)
		}
		used[j] = true
		perm[i] = j
	}
	pm := func(a *mat.Dense) *mat.Dense {
		if a == nil {
			return nil
		}
		b := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				b.Set(i, j, a.At(perm[i], perm[j]))
			}
		}
		return b
	}
	ps := func(s []string) []string {
		if s == nil {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			out[i] = s[perm[i]]
		}
		return out
	}
	d := *c
	d.Weights, d.Lengths, d.FC = pm(c.Weights), pm(c.Lengths), pm(c.FC)
	d.Labels, d.Hemisphere, d.Lobe = ps(c.Labels), ps(c.Hemisphere), ps(c.Lobe)
	if c.Centres != nil {
		d.Centres = make([][3]float64, n)
		for i := range d.Centres {
			d.Centres[i] = c.Centres[perm[i]]
		}
	}
	if c.BOLD != nil {
		_, t := c.BOLD.Dims()
		d.BOLD = mat.NewDense(n, t, nil)
		for i := 0; i < n; i++ {
			d.BOLD.SetRow(i, c.BOLD.RawRowView(perm[i]))
		}
	}
	return &d, nil
}
