package plotting_test

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/ngnmm/ngnmm/nmm/progress"
	"github.com/ngnmm/ngnmm/plotting"
)

// A time series with two curves, units on both axes; in a notebook call
// fig.Display() (interactive, with a PNG fallback) and
// fig.Column(plotting.SingleColumn).Save("figures/x") (PNG at 300 dpi, SVG, PDF).
func ExampleLines() {
	t := make([]float64, 101)
	r, v := make([]float64, 101), make([]float64, 101)
	for i := range t {
		t[i] = float64(i) * 0.1
		r[i] = math.Exp(-t[i])
		v[i] = -math.Exp(-t[i] / 2)
	}
	fig := plotting.Lines("relaxation",
		plotting.Axis{Label: "t", Unit: "ms"}, plotting.Axis{Label: "activity", Unit: "a.u."},
		plotting.Series{Name: "r", X: t, Y: r},
		plotting.Series{Name: "v", X: t, Y: v, Dashed: true})

	b, err := fig.Option()
	if err != nil {
		fmt.Println(err)
		return
	}
	var opt struct {
		XAxis  []struct{ Name string } `json:"xAxis"`
		YAxis  []struct{ Name string } `json:"yAxis"`
		Series []struct{ Name string } `json:"series"`
	}
	json.Unmarshal(b, &opt)
	fmt.Println(opt.XAxis[0].Name, "|", opt.YAxis[0].Name, "|", len(opt.Series), "series")
	w, h, dpi := fig.Column(plotting.SingleColumn).StaticSize()
	fmt.Printf("saved figure: %.0f×%.0f mm, PNG %.0f×%.0f px\n", w*25.4, h*25.4, w*dpi, h*dpi)
	// Output:
	// t (ms) | activity (a.u.) | 2 series
	// saved figure: 85×49 mm, PNG 1004×582 px
}

// A power spectrum: the y axis is logarithmic.
func ExampleSpectrum() {
	f := []float64{1, 2, 4, 8}
	psd := []float64{1, 0.25, 0.0625, 0.015625}
	fig := plotting.Spectrum("PSD", plotting.Axis{Label: "f", Unit: "Hz"}, plotting.Axis{Label: "PSD", Unit: "Hz⁻¹"},
		plotting.Series{Name: "r", X: f, Y: psd})
	fmt.Println(fig.Y.Title(), "log:", fig.Y.Log)
	// Output: PSD (Hz⁻¹) log: true
}

// A connectivity matrix with a colour scale.
func ExampleHeatmap() {
	w := [][]float64{{0, 0.5}, {0.2, 0}}
	fig := plotting.Heatmap("SC", plotting.Axis{Label: "source region"}, plotting.Axis{Label: "target region"},
		plotting.Axis{Label: "weight", Unit: "a.u."}, w)
	fig.RowLabels = []string{"V1", "V2"}
	fig.ColLabels = fig.RowLabels
	fmt.Println(fig.Err(), fig.Value.Title())
	// Output: <nil> weight (a.u.)
}

// A progress bar's Report method is a progress.Func: pass it to any
// long-running library function (ode.Settings.Progress, sweeps, …).
func ExampleNewProgress() {
	bar := plotting.NewProgress("sweep") // shown in a notebook; invisible elsewhere
	var report progress.Func = bar.Report
	for i := 1; i <= 10; i++ {
		report.Report(float64(i), 10)
	}
	bar.Done()
	fmt.Println("updates ≤ 4:", bar.Updates() <= 4)
	// Output: updates ≤ 4: true
}
