package energy

import (
	"fmt"
	"math"
)

// Polyline is a piecewise-linear curve; Closed reports that its last point
// joins its first (a closed orbit).
type Polyline struct {
	X, Y   []float64
	Closed bool
}

// Grid evaluates f at every (xs[i], ys[j]) into dst (row-major,
// dst[j*len(xs)+i]; allocated if short) and returns it.
func Grid(dst, xs, ys []float64, f func(x, y float64) float64) []float64 {
	n := len(xs) * len(ys)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	for j, y := range ys {
		for i, x := range xs {
			dst[j*len(xs)+i] = f(x, y)
		}
	}
	return dst
}

// Linspace returns n points evenly spaced from a to b inclusive.
func Linspace(a, b float64, n int) []float64 {
	if n == 1 {
		return []float64{a}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return out
}

// Contour extracts the level set z = level of gridded values by marching
// squares: z is row-major over the grid (z[j*len(xs)+i] at (xs[i], ys[j]));
// xs and ys must be strictly increasing. Crossings are linearly interpolated
// along cell edges; ambiguous (saddle) cells are resolved by the cell's mean
// value; cells with a NaN corner are skipped (e.g. r ≤ 0 for H). The
// segments are joined into polylines, closed ones marked Closed.
//
// References: W. E. Lorensen, H. E. Cline, Marching cubes, SIGGRAPH '87
// (the 2-D case is "marching squares").
func Contour(xs, ys, z []float64, level float64) ([]Polyline, error) {
	nx, ny := len(xs), len(ys)
	if nx < 2 || ny < 2 || len(z) != nx*ny {
		return nil, fmt.Errorf("energy: contour grid %d×%d with %d values, want ≥ 2×2 and len(z) = %d", nx, ny, len(z), nx*ny)
	}
	for i := 1; i < nx; i++ {
		if !(xs[i] > xs[i-1]) {
			return nil, fmt.Errorf("energy: contour xs not strictly increasing at %d", i)
		}
	}
	for j := 1; j < ny; j++ {
		if !(ys[j] > ys[j-1]) {
			return nil, fmt.Errorf("energy: contour ys not strictly increasing at %d", j)
		}
	}
	if math.IsNaN(level) || math.IsInf(level, 0) {
		return nil, fmt.Errorf("energy: contour level = %v, want finite", level)
	}
	at := func(i, j int) float64 { return z[j*nx+i] }
	// Edge ids: horizontal edge (i,j)-(i+1,j) → j*nx+i; vertical edge
	// (i,j)-(i,j+1) → nx*ny + j*nx+i.
	hEdge := func(i, j int) int { return j*nx + i }
	vEdge := func(i, j int) int { return nx*ny + j*nx + i }
	type pt struct{ x, y float64 }
	point := map[int]pt{}
	edgePoint := func(e int) pt {
		if p, ok := point[e]; ok {
			return p
		}
		var p pt
		if e < nx*ny {
			j, i := e/nx, e%nx
			a, b := at(i, j), at(i+1, j)
			t := (level - a) / (b - a)
			p = pt{xs[i] + t*(xs[i+1]-xs[i]), ys[j]}
		} else {
			e -= nx * ny
			j, i := e/nx, e%nx
			a, b := at(i, j), at(i, j+1)
			t := (level - a) / (b - a)
			p = pt{xs[i], ys[j] + t*(ys[j+1]-ys[j])}
		}
		point[e] = p
		return p
	}
	adj := map[int][]int{}
	link := func(a, b int) {
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	for j := 0; j < ny-1; j++ {
		for i := 0; i < nx-1; i++ {
			z0, z1, z2, z3 := at(i, j), at(i+1, j), at(i+1, j+1), at(i, j+1)
			if math.IsNaN(z0) || math.IsNaN(z1) || math.IsNaN(z2) || math.IsNaN(z3) {
				continue
			}
			c := 0
			if z0 > level {
				c |= 1
			}
			if z1 > level {
				c |= 2
			}
			if z2 > level {
				c |= 4
			}
			if z3 > level {
				c |= 8
			}
			// edges: bottom, right, top, left
			b, r, t, l := hEdge(i, j), vEdge(i+1, j), hEdge(i, j+1), vEdge(i, j)
			switch c {
			case 0, 15:
			case 1, 14:
				link(l, b)
			case 2, 13:
				link(b, r)
			case 3, 12:
				link(l, r)
			case 4, 11:
				link(r, t)
			case 6, 9:
				link(b, t)
			case 7, 8:
				link(l, t)
			case 5, 10:
				mean := 0.25 * (z0 + z1 + z2 + z3)
				if (mean > level) == (c == 5) {
					link(l, t)
					link(b, r)
				} else {
					link(l, b)
					link(r, t)
				}
			}
		}
	}
	// Join: start from open ends (degree 1) first, then remaining loops.
	visited := map[[2]int]bool{}
	key := func(a, b int) [2]int {
		if a > b {
			a, b = b, a
		}
		return [2]int{a, b}
	}
	var out []Polyline
	walk := func(start int) {
		pl := Polyline{}
		p := edgePoint(start)
		pl.X, pl.Y = append(pl.X, p.x), append(pl.Y, p.y)
		cur := start
		for {
			next := -1
			for _, nb := range adj[cur] {
				if !visited[key(cur, nb)] {
					next = nb
					break
				}
			}
			if next < 0 {
				break
			}
			visited[key(cur, next)] = true
			if next == start {
				pl.Closed = true
				break
			}
			p := edgePoint(next)
			pl.X, pl.Y = append(pl.X, p.x), append(pl.Y, p.y)
			cur = next
		}
		if len(pl.X) > 1 {
			out = append(out, pl)
		}
	}
	// deterministic order: iterate over edge ids in increasing order
	ids := make([]int, 0, len(adj))
	for e := 0; e < 2*nx*ny; e++ {
		if _, ok := adj[e]; ok {
			ids = append(ids, e)
		}
	}
	for _, e := range ids {
		if len(adj[e]) == 1 && !visited[key(e, adj[e][0])] {
			walk(e)
		}
	}
	for _, e := range ids {
		for _, nb := range adj[e] {
			if !visited[key(e, nb)] {
				walk(e)
			}
		}
	}
	return out, nil
}

// Contours returns the level sets of H on the grid rs × vs (r in 1/time
// unit of τ) for each level: a convenience for phase portraits.
func (h Hamiltonian) Contours(rs, vs, levels []float64) ([][]Polyline, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	z := Grid(nil, rs, vs, h.H)
	out := make([][]Polyline, len(levels))
	for k, E := range levels {
		pl, err := Contour(rs, vs, z, E)
		if err != nil {
			return nil, err
		}
		out[k] = pl
	}
	return out, nil
}
