package nmm

import (
	"errors"
	"math"
	"math/cmplx"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestRegistryTables checks every registered model: unique names, field
// paths that resolve, defaults inside their ranges and a valid default
// model whose Vars and Units agree with Dim.
func TestRegistryTables(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Models() {
		if seen[s.Name] || s.Name == "" || s.Summary == "" || s.Citation == "" || s.TimeUnit == "" {
			t.Errorf("model %q: duplicate or missing name, summary, citation or time unit", s.Name)
		}
		seen[s.Name] = true
		m := s.New()
		if err := m.Validate(); err != nil {
			t.Errorf("%s: default model invalid: %v", s.Name, err)
		}
		if len(m.Vars()) != m.Dim() || len(m.Units()) != m.Dim() {
			t.Errorf("%s: %d vars, %d units for Dim %d", s.Name, len(m.Vars()), len(m.Units()), m.Dim())
		}
		pn := map[string]bool{}
		for i := range s.Params {
			p := &s.Params[i]
			if pn[p.Name] {
				t.Errorf("%s: duplicate parameter %s", s.Name, p.Name)
			}
			pn[p.Name] = true
			if d := s.Default(p); !p.ok(d) {
				t.Errorf("%s: default %s = %v outside its range", s.Name, p.Name, d)
			}
			if p.Symbol == "" || p.Unit == "" || p.Doc == "" {
				t.Errorf("%s: parameter %s lacks symbol, unit or doc", s.Name, p.Name)
			}
		}
		if got, err := Lookup(s.Name); err != nil || got != s {
			t.Errorf("Lookup(%q) = %v, %v", s.Name, got, err)
		}
	}
	if _, err := Lookup("nope"); err == nil {
		t.Error("Lookup of an unknown model: no error")
	}
}

// TestRegistryDefaultsPapers compares the registered defaults with the
// papers' parameter tables: MPR 2015 Fig. 2 (Δ = 1, η̄ = −5, J = 15,
// dimensionless time) and Delicado, Huguet & Clusella (2025) (τE = τI = 8 ms,
// τsE = 1 ms, τsI = 5 ms, ηE = ηI = −5, ΔE = ΔI = 1, JEE = JII = 5,
// JEI = JIE = 13).
func TestRegistryDefaultsPapers(t *testing.T) {
	want := map[string]map[string]float64{
		"mpr": {"tau": 1, "delta": 1, "eta": -5, "J": 15, "I": 0},
		"ei": {"tauE": 8, "tauI": 8, "tauSE": 1, "tauSI": 5, "etaE": -5, "etaI": -5, "deltaE": 1, "deltaI": 1,
			"JEE": 5, "JII": 5, "JEI": 13, "JIE": 13, "IE": 0, "II": 0},
	}
	for name, ps := range want {
		s, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		for pn, v := range ps {
			p := s.Param(pn)
			if p == nil {
				t.Errorf("%s: no parameter %s", name, pn)
				continue
			}
			if got := s.Default(p); got != v {
				t.Errorf("%s: default %s = %v, want %v", name, pn, got, v)
			}
		}
	}
}

// TestRegistryBuildErrors: Build sets parameters by name, refuses unknown
// names and returns a typed *ParamError (model, field, value, range).
func TestRegistryBuildErrors(t *testing.T) {
	s, _ := Lookup("mpr")
	m, err := s.Build(map[string]float64{"eta": -4, "J": 10})
	if err != nil {
		t.Fatal(err)
	}
	if mm := m.(*MPR); mm.EtaBar != -4 || mm.J != 10 || mm.Delta != 1 {
		t.Errorf("Build: %+v", mm)
	}
	if _, err := s.Build(map[string]float64{"etaBar": 1}); err == nil {
		t.Error("unknown parameter accepted")
	}
	_, err = s.Build(map[string]float64{"tau": -1})
	var pe *ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("Build(tau=-1) = %v, want *ParamError", err)
	}
	if pe.Model != "MPR" || pe.Name != "tau" || pe.Field != "Tau" || pe.Value != -1 || pe.Min != 0 || !pe.MinOpen || !math.IsInf(pe.Max, 1) {
		t.Errorf("ParamError = %+v", pe)
	}
	if pe.Error() != "nmm: MPR parameter Tau = -1, want finite > 0" {
		t.Errorf("message %q", pe.Error())
	}
	ea, _ := Lookup("mpr-adapt")
	if _, err := ea.Build(map[string]float64{"alpha": -2}); !errors.As(err, &pe) || pe.Name != "alpha" {
		t.Errorf("mpr-adapt alpha=-2: %v", err)
	}
	ei, _ := Lookup("ei")
	if _, err := ei.Build(map[string]float64{"JEI": math.NaN()}); !errors.As(err, &pe) || pe.Field != "JEI" {
		t.Errorf("ei JEI=NaN: %v", err)
	}
}

// TestMPRFixedPointsQuartic compares MPR.FixedPoints with the positive real
// roots of the fixed-point quartic π²ρ⁴ − Jρ³ − ηρ² − Δ²/(4π²) = 0 computed
// independently, as eigenvalues of its companion matrix (gonum), at
// parameters with one and with three equilibria, τ = 1 and τ = 10.
func TestMPRFixedPointsQuartic(t *testing.T) {
	for _, c := range []struct{ tau, delta, eta, j float64 }{
		{1, 1, -5, 15}, {1, 1, 2, 15}, {10, 0.5, -3, 12}, {1, 2, -10, 30},
	} {
		m := MPR{Tau: c.tau, Delta: c.delta, EtaBar: c.eta, J: c.j}
		fps, err := m.FixedPoints()
		if err != nil {
			t.Fatal(err)
		}
		pi2 := math.Pi * math.Pi
		// monic: ρ⁴ + a3 ρ³ + a2 ρ² + a1 ρ + a0
		a := []float64{-c.delta * c.delta / (4 * pi2) / pi2, 0, -c.eta / pi2, -c.j / pi2}
		comp := mat.NewDense(4, 4, nil)
		for i := 1; i < 4; i++ {
			comp.Set(i, i-1, 1)
		}
		for i := range 4 {
			comp.Set(i, 3, -a[i])
		}
		var e mat.Eigen
		if !e.Factorize(comp, mat.EigenNone) {
			t.Fatal("companion eigen failed")
		}
		var rhos []float64
		for _, z := range e.Values(nil) {
			if math.Abs(imag(z)) < 1e-9 && real(z) > 0 {
				rhos = append(rhos, real(z))
			}
		}
		sort.Float64s(rhos)
		if len(rhos) != len(fps) {
			t.Fatalf("%+v: %d equilibria, quartic has %d positive roots %v", c, len(fps), len(rhos), rhos)
		}
		for i, fp := range fps {
			if r := rhos[i] / c.tau; math.Abs(fp.Y[0]-r) > 1e-9*r {
				t.Errorf("%+v: r[%d] = %v, quartic root %v", c, i, fp.Y[0], r)
			}
			if v := -c.delta / (2 * math.Pi * rhos[i]); math.Abs(fp.Y[1]-v) > 1e-8*math.Abs(v) {
				t.Errorf("%+v: v[%d] = %v, want %v", c, i, fp.Y[1], v)
			}
			// eigenvalues of the 2×2 Jacobian by the trace–determinant formula
			r, v := fp.Y[0], fp.Y[1]
			tr := 4 * v / c.tau
			det := 4*v*v/(c.tau*c.tau) - 2*r/c.tau*(c.j-2*pi2*c.tau*r)
			sq := cmplx.Sqrt(complex(tr*tr/4-det, 0))
			want := complex(tr/2, 0) + sq
			if cmplx.Abs(fp.Eigenvalues[0]-want) > 1e-9*math.Max(1, cmplx.Abs(want)) && cmplx.Abs(fp.Eigenvalues[0]-(complex(tr/2, 0)-sq)) > 1e-9 {
				t.Errorf("%+v: λ₀ = %v, want %v", c, fp.Eigenvalues[0], want)
			}
			if fp.Stable != (tr < 0 && det > 0) {
				t.Errorf("%+v: stable = %v with trace %v, det %v", c, fp.Stable, tr, det)
			}
		}
	}
	var _ Equilibria = (*MPR)(nil)
	var _ Equilibria = (*EI)(nil)
}

// The coupling of the homogeneous network is a registry entry (ei's eps)
// but not a node field: it is the G of SelfCoupled, settable by name only
// there, and Build returns the self-coupled node when it is given.
func TestRegistryCoupling(t *testing.T) {
	if MPRSpec.Coupling() != nil {
		t.Error("mpr: unexpected coupling entry")
	}
	c := EISpec.Coupling()
	if c == nil || c.Name != "eps" || EISpec.Default(c) != 0 {
		t.Fatalf("ei coupling entry %+v", c)
	}
	m := EISpec.New()
	if err := EISpec.Set(m, "eps", 1); err == nil {
		t.Error("eps set on the bare node: no error")
	}
	sc, err := EISpec.SelfCoupled(m, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := EISpec.Set(sc, "eps", 3); err != nil || sc.G != 3 {
		t.Errorf("eps on SelfCoupled: G = %v, err %v", sc.G, err)
	}
	if err := EISpec.Set(sc, "IE", 2); err != nil || m.(*EI).IE != 2 {
		t.Errorf("IE through SelfCoupled: %v, err %v", m.(*EI).IE, err)
	}
	if g, err := EISpec.Get(sc, "eps"); err != nil || g != 3 {
		t.Errorf("Get eps = %v, %v", g, err)
	}
	b, err := EISpec.Build(map[string]float64{"eps": 4, "IE": 1})
	if s, ok := b.(*SelfCoupled); err != nil || !ok || s.G != 4 || s.Node.(*EI).IE != 1 {
		t.Errorf("Build with eps: %#v, %v", b, err)
	}
	var pe *ParamError
	if _, err := EISpec.Build(map[string]float64{"eps": math.NaN()}); !errors.As(err, &pe) || pe.Name != "eps" {
		t.Errorf("Build eps = NaN: %v, want a *ParamError naming eps", err)
	}
}
