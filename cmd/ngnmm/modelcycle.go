package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/cycle"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// cycleStart is --y0, or a point near the first unstable equilibrium (else
// the first equilibrium) of a model with exact equilibria.
func cycleStart(s *nmm.Spec, m nmm.Model, y0 string) ([]float64, error) {
	if y0 != "" {
		return parseVec("y0", y0, m.Dim())
	}
	fps, err := equilibria(s, m)
	if err != nil {
		return nil, err
	}
	if len(fps) == 0 {
		return nil, usageErr("no equilibrium to start from: give --y0")
	}
	fp := fps[0]
	for _, f := range fps {
		if !f.Stable {
			fp = f
			break
		}
	}
	y := append([]float64(nil), fp.Y...)
	for i := range y {
		y[i] *= 1 + 1e-3
	}
	return y, nil
}

// cycleJSON reports the cycle search from y0: the periodic orbit, or the
// state a damped trajectory settled on (the nearest equilibrium within 0.1
// if the model has exact ones).
func cycleJSON(s *nmm.Spec, m nmm.Model, y0 []float64, transient float64, steps int) (map[string]any, error) {
	o, err := cycle.Find(m, y0, &cycle.Options{Transient: math.Max(transient, 1e-9), Steps: steps})
	fk, fs, pk := timeKeys(s)
	out := map[string]any{}
	if errors.Is(err, cycle.ErrStationary) {
		y, stable, err := settle(m, y0, transient+2000)
		if err != nil {
			return nil, err
		}
		putState(out, m, y, "_max")
		putState(out, m, y, "_min")
		none := [][2]float64{}
		for k, v := range map[string]any{"state": "stationary", fk: 0.0, pk: 0.0, "frequency": 0.0, "period": 0.0,
			"multipliers": none, "exponents": none, "floquet": none, "floquet_exponents": none,
			"stable": stable, "trivial_multiplier_error": 0.0} {
			out[k] = v
		}
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	putState(out, m, o.Max, "_max")
	putState(out, m, o.Min, "_min")
	mult, exps := pairs(o.Multipliers), pairs(o.Exponents)
	for k, v := range map[string]any{"state": "periodic", fk: fs / o.Period, pk: o.Period, "frequency": 1 / o.Period, "period": o.Period,
		"multipliers": mult, "exponents": exps, "floquet": mult, "floquet_exponents": exps,
		"stable": o.Stable, "trivial_multiplier_error": o.TrivialError} {
		out[k] = v
	}
	return out, nil
}

// settle integrates m from y0 for T (RK4, dt = 0.01 time units) and returns
// the final state, replaced by the nearest exact equilibrium within 0.1 (the
// trajectory may still converge slowly, e.g. just below a Hopf point), with
// its stability.
func settle(m nmm.Model, y0 []float64, T float64) ([]float64, bool, error) {
	y := append([]float64(nil), y0...)
	if _, err := ode.Solve(m, ode.NewRK4(0.01), 0, T, y, nil, ode.ObserverFunc(func(t float64, s []float64) error {
		copy(y, s)
		return nil
	})); err != nil {
		return nil, false, err
	}
	stable := true
	if eq, ok := m.(nmm.Equilibria); ok {
		if fps, err := eq.FixedPoints(); err == nil {
			best := math.Inf(1)
			for _, f := range fps {
				d := 0.0
				for i := range y {
					d = math.Max(d, math.Abs(f.Y[i]-y[i]))
				}
				if d < best && d < 0.1 {
					best, stable = d, f.Stable
					copy(y, f.Y)
				}
			}
		}
	}
	return y, stable, nil
}

// checkCycleFlags checks --transient and --steps.
func checkCycleFlags(transient float64, steps int) error {
	if transient < 0 {
		return usageErr("--transient = %v, want ≥ 0", transient)
	}
	if transient > 1e6 {
		return usageErr("--transient = %v, want ≤ 10⁶ time units (RK4 at dt = 0.01)", transient)
	}
	if steps < 100 || steps > 1e6 {
		return usageErr("--steps = %d, want 100 … 10⁶", steps)
	}
	return nil
}

func runModelCycle(args []string, stdout io.Writer) error {
	fs := newFlags("model cycle")
	ms := addModelFlags(fs)
	y0s := fs.String("y0", "", "initial state")
	transient := fs.Float64("transient", 500, "transient")
	steps := fs.Int("steps", cycle.DefaultSteps, "RK4 steps per period")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	s, m, err := ms.build()
	if err != nil {
		return err
	}
	if err := checkCycleFlags(*transient, *steps); err != nil {
		return err
	}
	y0, err := cycleStart(s, m, *y0s)
	if err != nil {
		return err
	}
	out, err := cycleJSON(s, m, y0, *transient, *steps)
	if err != nil {
		return err
	}
	return writeJSON(stdout, out)
}

// rateVars marks the rates of m: the variables in kHz or 1/τ.
func rateVars(m nmm.Model) []bool {
	r := make([]bool, m.Dim())
	for i, u := range m.Units() {
		r[i] = u == "kHz" || u == "1/τ"
	}
	return r
}

// positiveRates is the domain of a continuation: every rate positive.
func positiveRates(m nmm.Model) func(y []float64) bool {
	isRate := rateVars(m)
	return func(y []float64) bool {
		for i, r := range isRate {
			if r && !(y[i] > 0) {
				return false
			}
		}
		return true
	}
}

// diagramJSON computes the bifurcation diagram of m in param on [from, to]
// from the lowest equilibrium at from and returns its JSON object.
func diagramJSON(s *nmm.Spec, m nmm.Model, param string, from, to float64, points int) (map[string]any, error) {
	fam, err := family(s, m, param)
	if err != nil {
		return nil, err
	}
	m0, _ := fam(from)
	if err := validateAs(m0.(nmm.Model), func(string) string { return "--from" }); err != nil {
		return nil, err
	}
	fps, err := equilibria(s, m0.(nmm.Model))
	if err != nil {
		return nil, err
	}
	if len(fps) == 0 {
		return nil, usageErr("no equilibrium at --from = %v", from)
	}
	d, err := cycle.BifurcationDiagram(fam, fps[0].Y, from, to, &cycle.DiagramSettings{Points: points, Valid: positiveRates(m)})
	if err != nil {
		return nil, err
	}
	for i, e := range d.CycleErrors {
		if e != nil {
			return nil, fmt.Errorf("periodic branch from Hopf point %d: %w", i, e)
		}
	}
	return diagramObj(s, m, param, d), nil
}

// diagramObj is the JSON object of a bifurcation diagram (the contract of
// 'ngnmm ei continuation', with every state variable).
func diagramObj(s *nmm.Spec, m nmm.Model, param string, d *cycle.Diagram) map[string]any {
	type obj = map[string]any
	fk, fs, pk := timeKeys(s)
	branch, folds, hopf, periodic := []obj{}, []obj{}, []obj{}, []obj{}
	for _, p := range d.Equilibria.Points {
		o := obj{param: p.P, "stable": p.Stable, "kind": p.Kind}
		putState(o, m, p.Y, "")
		branch = append(branch, o)
	}
	for _, f := range d.Equilibria.Folds {
		o := obj{param: f.P}
		putState(o, m, f.Y, "")
		folds = append(folds, o)
	}
	for _, h := range d.Hopf {
		crit := "supercritical"
		if h.L1 > 0 {
			crit = "subcritical"
		}
		o := obj{param: h.P, fk: fs * h.Frequency(), "first_lyapunov": h.L1, "criticality": crit}
		putState(o, m, h.X, "")
		hopf = append(hopf, o)
	}
	for i, br := range d.Cycles {
		pts, bifs := []obj{}, []obj{}
		for _, p := range br.Points {
			o := obj{param: p.P, fk: fs / p.Period, pk: p.Period, "stable": p.Stable, "floquet": pairs(p.Multipliers)}
			putState(o, m, p.Max, "_max")
			putState(o, m, p.Min, "_min")
			pts = append(pts, o)
		}
		for _, b := range br.Bifurcations {
			bifs = append(bifs, obj{"kind": b.Kind, param: b.P, fk: fs / b.Period})
		}
		o := obj{"hopf": d.CycleHopf[i], "end": br.End, "points": pts, "bifurcations": bifs}
		putStopped(o, br.End)
		periodic = append(periodic, o)
	}
	out := obj{"param": param, "branch": branch, "saddle_nodes": folds, "hopf": hopf, "periodic": periodic}
	putStopped(out, d.Equilibria.Stop)
	return out
}

func runModelContinuation(args []string, stdout io.Writer) error {
	fs := newFlags("model continuation")
	ms := addModelFlags(fs)
	param := fs.String("param", "", "parameter")
	from := fs.Float64("from", math.NaN(), "start of the parameter range")
	to := fs.Float64("to", math.NaN(), "end of the parameter range")
	points := fs.Int("points", 200, "number of equilibria")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	s, m, err := ms.build()
	if err != nil {
		return err
	}
	if *param == "" {
		return usageErr("--param: want one of %s", joinNames(s.ParamNames()))
	}
	if math.IsNaN(*from) {
		if *from, err = s.Get(m, *param); err != nil {
			return usageErr("--param: %v", err)
		}
	}
	if math.IsNaN(*to) {
		return usageErr("--to: want the end of the parameter range")
	}
	if err := checkRange(*from, *to, *points); err != nil {
		return err
	}
	out, err := diagramJSON(s, m, *param, *from, *to, *points)
	if err != nil {
		return err
	}
	return writeJSON(stdout, out)
}

// checkRange checks --from, --to and --points of a diagram.
func checkRange(from, to float64, points int) error {
	if from == to {
		return usageErr("--from = --to = %v, want a non-empty range", from)
	}
	if points < 10 || points > 100000 {
		return usageErr("--points = %d, want 10…100000", points)
	}
	return nil
}
