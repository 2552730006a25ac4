// Package graph computes the connectome measures that the applications need:
// node strength and degree, eigenvector centrality, shortest path lengths from
// a source region, and Spearman rank correlation for comparing node rankings.
//
// # Conventions
//
// W[n][m] is the weight of the connection from node m (source) to node n
// (target): rows are targets, as everywhere in ngnmm. Weights must be ≥ 0; a
// zero weight is no connection. The diagonal is ignored.
//
// # References
//
//   - M. Rubinov, O. Sporns, Complex network measures of brain connectivity:
//     uses and interpretations, NeuroImage 52, 1059–1069 (2010) (strength,
//     degree, path length with length = 1/weight, eigenvector centrality).
//   - E. W. Dijkstra, A note on two problems in connexion with graphs, Numer.
//     Math. 1, 269–271 (1959).
//   - C. Spearman, The proof and measurement of association between two
//     things, Am. J. Psychol. 15, 72–101 (1904).
package graph

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/ngnmm/ngnmm/nmm/internal/corr"
)

// ErrWeights reports a non-square matrix or a negative or non-finite weight.
var ErrWeights = errors.New("graph: invalid weight matrix")

func check(w mat.Matrix) (int, error) {
	r, c := w.Dims()
	if r != c || r == 0 {
		return 0, fmt.Errorf("%w: %d×%d, want square and non-empty", ErrWeights, r, c)
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := w.At(i, j)
			if !(v >= 0) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("%w: W[%d][%d]=%g, want a finite value ≥ 0", ErrWeights, i, j, v)
			}
		}
	}
	return r, nil
}

// Strength returns the in-strength (row sums, input received) and
// out-strength (column sums, output sent) of every node, without the
// diagonal.
func Strength(w mat.Matrix) (in, out []float64, err error) {
	n, err := check(w)
	if err != nil {
		return nil, nil, err
	}
	in, out = make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				v := w.At(i, j)
				in[i] += v
				out[j] += v
			}
		}
	}
	return in, out, nil
}

// Degree returns the in- and out-degree (number of non-zero incoming and
// outgoing connections, without the diagonal) of every node.
func Degree(w mat.Matrix) (in, out []int, err error) {
	n, err := check(w)
	if err != nil {
		return nil, nil, err
	}
	in, out = make([]int, n), make([]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && w.At(i, j) > 0 {
				in[i]++
				out[j]++
			}
		}
	}
	return in, out, nil
}

// EigenvectorCentrality returns the eigenvector centrality of the undirected
// graph with symmetrised weights S = (W + Wᵀ)/2 (diagonal removed): the
// eigenvector of S for its largest eigenvalue, with non-negative entries
// (Perron–Frobenius) scaled to a maximum of 1. Isolated nodes get 0.
func EigenvectorCentrality(w mat.Matrix) ([]float64, error) {
	n, err := check(w)
	if err != nil {
		return nil, err
	}
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s.SetSym(i, j, (w.At(i, j)+w.At(j, i))/2)
		}
	}
	var es mat.EigenSym
	if !es.Factorize(s, true) {
		return nil, errors.New("graph: eigendecomposition failed")
	}
	var v mat.Dense
	es.VectorsTo(&v)
	k := n - 1 // eigenvalues in ascending order
	c := make([]float64, n)
	var m float64
	for i := range c {
		c[i] = v.At(i, k)
		if math.Abs(c[i]) > math.Abs(m) {
			m = c[i]
		}
	}
	if m == 0 {
		return c, nil
	}
	for i := range c {
		c[i] /= m
		if c[i] < 0 && c[i] > -1e-12 { // rounding of isolated nodes
			c[i] = 0
		}
	}
	return c, nil
}

// PathLengths returns the length of the shortest directed path from node src
// to every node, where a connection m → n (weight W[n][m] > 0) has length
// length(W[n][m]) (nil: 1/W, the usual conversion of connection strength to
// distance; use func(float64) float64 { return 1 } for hop counts). Nodes
// that cannot be reached get +Inf; src gets 0. Dijkstra's algorithm; lengths
// must be positive.
func PathLengths(w mat.Matrix, src int, length func(weight float64) float64) ([]float64, error) {
	n, err := check(w)
	if err != nil {
		return nil, err
	}
	if src < 0 || src >= n {
		return nil, fmt.Errorf("graph: source %d, want 0 ≤ src < %d", src, n)
	}
	if length == nil {
		length = func(x float64) float64 { return 1 / x }
	}
	d := make([]float64, n)
	for i := range d {
		d[i] = math.Inf(1)
	}
	d[src] = 0
	done := make([]bool, n)
	h := &pq{{src, 0}}
	for h.Len() > 0 {
		it := heap.Pop(h).(item)
		m := it.node
		if done[m] {
			continue
		}
		done[m] = true
		for t := 0; t < n; t++ {
			if t == m || done[t] {
				continue
			}
			wt := w.At(t, m)
			if wt <= 0 {
				continue
			}
			l := length(wt)
			if !(l > 0) {
				return nil, fmt.Errorf("graph: length %g of the edge %d→%d, want > 0", l, m, t)
			}
			if nd := d[m] + l; nd < d[t] {
				d[t] = nd
				heap.Push(h, item{t, nd})
			}
		}
	}
	return d, nil
}

type item struct {
	node int
	dist float64
}

type pq []item

func (p pq) Len() int           { return len(p) }
func (p pq) Less(i, j int) bool { return p[i].dist < p[j].dist }
func (p pq) Swap(i, j int)      { p[i], p[j] = p[j], p[i] }
func (p *pq) Push(x any)        { *p = append(*p, x.(item)) }
func (p *pq) Pop() any          { o := *p; it := o[len(o)-1]; *p = o[:len(o)-1]; return it }

// Ranks returns the ranks of x (1 = smallest), ties sharing the average of
// their ranks (the convention of scipy.stats.rankdata).
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

// Spearman returns Spearman's rank correlation of x and y (equal lengths ≥
// 2): the Pearson correlation of their ranks (Ranks), as
// scipy.stats.spearmanr. It is NaN if either is constant or contains NaN.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			return math.NaN()
		}
	}
	return pearson(Ranks(x), Ranks(y))
}

// Pearson returns the Pearson correlation of x and y (equal lengths ≥ 2); NaN
// if either is constant.
func Pearson(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	return pearson(x, y)
}

func pearson(x, y []float64) float64 {
	sxy, sxx, syy := corr.Sums(x, y)
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}
