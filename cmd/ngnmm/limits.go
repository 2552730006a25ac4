package main

import (
	"math"
	"os"
	"strconv"
)

// Resource limits of one command, checked from the flags before anything
// is allocated or computed (issue 18): a request beyond them is a usage
// error (exit 2) naming the flag and the limit. They are documented in
// 'ngnmm help' (see limitsHelp).
const (
	// maxMemory bounds the estimated memory of one command (2 GiB).
	maxMemory = 2 << 30
	// maxSteps bounds the time steps of one integration.
	maxSteps = 1e9
	// maxWork bounds the elementary updates of one command (neuron·steps,
	// node·steps, spectral terms): about a few minutes on one core.
	maxWork = 2e11
	// maxRows bounds the rows a command prints.
	maxRows = 1e7
)

// limitsHelp is the paragraph of 'ngnmm help' that states the limits.
const limitsHelp = `Limits: every command estimates its memory (≤ 2 GiB), time steps (≤ 10⁹),
work (≤ 2·10¹¹ neuron- or node-steps) and output rows (≤ 10⁷) from its flags
before it starts; beyond them it exits with status 2 naming the flag.`

// checkSteps refuses an integration of span time units at step dt (flag
// names the flag to change) with more than maxSteps steps.
func checkSteps(flag string, span, dt float64) error {
	if s := span / dt; !(s <= maxSteps) {
		return usageErr("--%s = %g: %.3g steps over %g time units, more than the limit %.0e (raise --%s or shorten the run)", flag, dt, s, span, maxSteps, flag)
	}
	return nil
}

// checkWork refuses more than maxWork elementary updates.
func checkWork(flag string, v, work float64) error {
	if !(work <= maxWork) {
		return usageErr("--%s = %g: ≈ %.3g updates, more than the limit %.0e", flag, v, work, float64(maxWork))
	}
	return nil
}

// checkMemory refuses an estimated memory of more than maxMemory bytes.
func checkMemory(flag string, v, bytes float64) error {
	if !(bytes <= maxMemory) {
		return usageErr("--%s = %g: needs ≈ %.3g GB, more than the limit %.3g GB", flag, v, bytes/1e9, float64(maxMemory)/1e9)
	}
	return nil
}

// checkRows refuses more than maxRows output rows.
func checkRows(flag string, v, rows float64) error {
	if !(rows <= maxRows) {
		return usageErr("--%s = %g: %.3g output rows, more than the limit %.0e", flag, v, rows, float64(maxRows))
	}
	return nil
}

// qifLimits estimates the spiking network run: N neurons, in-degree k (0:
// all-to-all), T/dt steps, T/bin rows.
func qifLimits(n, k int, T, dt, bin float64, dtFlag string) error {
	if n < 1 || n > 1e8 {
		return usageErr("--N = %d, want 1 … 10⁸", n)
	}
	if k < 0 || k > 0 && k >= n {
		return usageErr("--indegree = %d, want 0 (all-to-all) or 1 ≤ K < N = %d", k, n)
	}
	// per neuron ≈ 10 float64 of state; sparse graph: 2 int32 per edge
	if err := checkMemory("N", float64(n), 80*float64(n)+8*float64(n)*float64(k)); err != nil {
		if k > 0 {
			return checkMemory("indegree", float64(k), 80*float64(n)+8*float64(n)*float64(k))
		}
		return err
	}
	if err := checkSteps(dtFlag, T, dt); err != nil {
		return err
	}
	if err := checkWork("N", float64(n), float64(n)*T/dt); err != nil {
		return err
	}
	return checkRows("bin", bin, T/bin)
}

// streamBudget is the memory above which 'network simulate' streams the
// averaged signals instead of holding them (256 MiB; the environment
// variable NGNMM_STREAM_BUDGET, in bytes, lowers or raises it).
func streamBudget() (float64, error) {
	v := os.Getenv("NGNMM_STREAM_BUDGET")
	if v == "" {
		return 256 << 20, nil
	}
	b, err := strconv.ParseFloat(v, 64)
	if err != nil || !(b >= 0) || math.IsInf(b, 0) {
		return 0, usageErr("NGNMM_STREAM_BUDGET=%q: want a number of bytes ≥ 0", v)
	}
	return b, nil
}

// networkLimits estimates 'network simulate' on n regions recording vars
// variables: the averaged signals (8 bytes per region, variable and sample)
// and the Hilbert phases of the order parameter held in memory, or — when
// they would exceed budget bytes — streamed (stream true: the signals go to
// --out-signals as they are produced, the FC is accumulated online, the
// order parameter is not computed) with only the O(n²) FC accumulators
// (2n² for the sums and the matrix) in memory; with BOLD its samples
// (n per TR) and the BOLD FC accumulators. Streamed signals written to a
// file count as output rows.
func networkLimits(n, vars int, T, transient, dt, average float64, bold bool, tr float64, outSignals bool, budget float64) (stream bool, err error) {
	if err := checkSteps("dt", T+transient, dt); err != nil {
		return false, err
	}
	if average > T {
		return false, usageErr("--average = %g, want ≤ --T = %g (at least one averaged sample)", average, T)
	}
	samples := T / average
	nn := 16 * float64(n) * float64(n)
	mem := 8 * float64(n) * float64(vars) * samples * 2 // signals + Hilbert phases of the order parameter
	if mem > budget {
		stream, mem = true, 0
	}
	if outSignals {
		if err := checkRows("average", average, samples); err != nil {
			return false, err
		}
	}
	if err := checkMemory("average", average, mem+nn); err != nil {
		return false, err
	}
	if bold {
		if !(tr*1000 >= dt) {
			return false, usageErr("--tr = %g s, want ≥ --dt = %g ms", tr, dt)
		}
		bs := T / (tr * 1000)
		if err := checkMemory("tr", tr, mem+8*float64(n)*bs+2*nn); err != nil {
			return false, err
		}
	}
	return stream, nil
}

// shotnoiseTheoryWork is the number of series terms of 'shotnoise theory'
// (S0 at f = k·df sums 2000 + 50π·f·τ terms).
func shotnoiseTheoryWork(fmax, df, tau float64) float64 {
	rows := math.Floor(fmax / df)
	return rows*2000 + 50*math.Pi*tau*df*rows*(rows+1)/2
}

// shotnoiseSimulateMemory estimates 'shotnoise simulate': the noise is
// synthesised by one FFT of the next power of two ≥ steps (≈ 48 bytes per
// point with its coefficients), plus 4 float64 per output row.
func shotnoiseSimulateMemory(steps, rows float64) float64 {
	l := math.Exp2(math.Ceil(math.Log2(math.Max(steps, 2))))
	return 48*l + 32*rows
}

// fcdLimits estimates 'data fc --out-fcd' on t samples of n regions with
// sliding windows of window samples every step: k windows, each an FC of
// p = n(n−1)/2 pairs over window samples, then k(k−1)/2 correlations of
// length p (work), k·p upper triangles plus the k×k matrix (memory).
func fcdLimits(t, n, window, step int) error {
	if window > t {
		return usageErr("--window=%d: want ≤ %d samples", window, t)
	}
	k := float64((t-window)/step + 1)
	if k > maxFCDWindows {
		return usageErr("--window=%d --step=%d give %.0f windows, more than %d: raise --step", window, step, k, maxFCDWindows)
	}
	p := float64(n) * float64(n-1) / 2
	if err := checkWork("step", float64(step), k*p*float64(window)+k*(k-1)/2*p); err != nil {
		return err
	}
	return checkMemory("step", float64(step), 8*(k*p+k*k))
}
