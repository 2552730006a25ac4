package plotting

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// Superscript returns n written with Unicode superscript digits and minus
// sign, e.g. Superscript(-4) = "⁻⁴", for labels such as "10" + Superscript(-4).
func Superscript(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	d := []rune(digits)
	s := strconv.Itoa(n)
	var b strings.Builder
	for _, c := range s {
		if c == '-' {
			b.WriteRune('⁻')
			continue
		}
		b.WriteRune(d[c-'0'])
	}
	return b.String()
}

// niceStep returns the step 1, 2 or 5 × 10ᵏ closest above raw, and the number
// of minor intervals per step.
func niceStep(raw float64) (step float64, minor int) {
	e := math.Floor(math.Log10(raw))
	p := math.Pow(10, e)
	switch m := raw / p; {
	case m <= 1:
		return p, 5
	case m <= 2:
		return 2 * p, 4
	case m <= 5:
		return 5 * p, 5
	default:
		return 10 * p, 5
	}
}

// linearTicks are four to eight major ticks at multiples of 1, 2 or 5 × 10ᵏ
// with minor ticks between them, labelled without floating-point noise
// (0.3, not 0.30000000000000004), with a true minus sign, and as m×10ⁿ when
// the numbers are very large or very small.
type linearTicks struct{}

// Ticks implements plot.Ticker.
func (linearTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return []plot.Tick{{Value: min, Label: formatTick(min, 1, false)}}
	}
	step, nminor := niceStep((max - min) / 7)
	minorStep := step / float64(nminor)
	mag := math.Max(math.Abs(min), math.Abs(max))
	sci := mag >= 1e5 || (mag < 1e-2 && step < 1e-3)
	var ticks []plot.Tick
	k0, k1 := math.Ceil(min/minorStep-1e-9), math.Floor(max/minorStep+1e-9)
	for k := k0; k <= k1 && len(ticks) < 200; k++ {
		v := k * minorStep
		if math.Abs(v) < minorStep*1e-9 {
			v = 0
		}
		t := plot.Tick{Value: v}
		if math.Mod(k, float64(nminor)) == 0 {
			t.Label = formatTick(v, step, sci)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// formatTick formats v, a multiple of step, with just the digits step
// needs, as m×10ⁿ if sci.
func formatTick(v, step float64, sci bool) string {
	if v == 0 {
		return "0"
	}
	if sci {
		e := int(math.Floor(math.Log10(math.Abs(v))))
		m := v / math.Pow(10, float64(e))
		prec := max(0, e-int(math.Floor(math.Log10(step))))
		ms := strconv.FormatFloat(m, 'f', min(prec, 6), 64)
		if strings.Contains(ms, ".") {
			ms = strings.TrimRight(strings.TrimRight(ms, "0"), ".")
		}
		return minus(ms + "×10" + Superscript(e))
	}
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	return minus(strconv.FormatFloat(v, 'f', prec, 64))
}

// minus replaces a leading hyphen by the minus sign U+2212.
func minus(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// logTicks mark every decade inside [min, max] with a major tick labelled
// 10ⁿ (every second or fifth decade when there are many) and 2…9 × 10ⁿ with
// minor ticks; ranges shorter than a decade also label 2 and 5 × 10ⁿ.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max > min) || math.IsInf(max, 0) {
		return nil
	}
	lo, hi := int(math.Floor(math.Log10(min)+1e-9)), int(math.Ceil(math.Log10(max)-1e-9))
	decades := hi - lo
	every := 1
	for _, e := range []int{1, 2, 5, 10, 20, 50} {
		every = e
		if decades/e <= 6 {
			break
		}
	}
	in := func(v float64) bool { return v >= min*(1-1e-9) && v <= max*(1+1e-9) }
	var ticks []plot.Tick
	majors := 0
	for e := lo; e <= hi; e++ {
		p := math.Pow(10, float64(e))
		if in(p) {
			t := plot.Tick{Value: p}
			if e%every == 0 {
				t.Label = "10" + Superscript(e)
				majors++
			}
			ticks = append(ticks, t)
		}
		if every > 1 {
			continue // minor ticks of 2…9 only when every decade is labelled
		}
		for m := 2; m <= 9; m++ {
			if v := float64(m) * p; in(v) {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	if majors < 2 { // short range: label 2 and 5 × 10ⁿ too
		for i := range ticks {
			v := ticks[i].Value
			e := math.Floor(math.Log10(v) + 1e-9)
			m := math.Round(v / math.Pow(10, e))
			if ticks[i].Label == "" && (m == 2 || m == 5 || (decades <= 1 && majors == 0)) {
				ticks[i].Label = strconv.Itoa(int(m)) + "×10" + Superscript(int(e))
			}
		}
	}
	return ticks
}

// indexTicks label matrix rows or columns with their labels (abbreviated to
// maxLabel characters) or indices, every step-th one.
type indexTicks struct {
	n      int
	labels []string
	step   int
	flip   bool // index i is drawn at n−1−i (rows, from the top)
}

// maxLabel is the longest row/column label drawn in full; longer ones are
// cut with "…".
const maxLabel = 14

// Ticks implements plot.Ticker.
func (t indexTicks) Ticks(min, max float64) []plot.Tick {
	step := max1(t.step)
	var ticks []plot.Tick
	for i := 0; i < t.n; i += step {
		label := strconv.Itoa(i)
		if i < len(t.labels) {
			label = abbreviate(t.labels[i], maxLabel)
		}
		v := float64(i)
		if t.flip {
			v = float64(t.n - 1 - i)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// abbreviate cuts s to n characters, the last one "…".
func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// indexStep returns the tick step 1, 2, 5, 10, 20, … that keeps n labels of
// the given pitch (space each needs) within length.
func indexStep(n int, pitch, length float64) int {
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		if float64((n+s-1)/s)*pitch <= length {
			return s
		}
	}
	return max1(n / 10)
}
