// Command costplot draws the cost curves of bench/peers: seconds of wall
// time per simulated second against the number of regions, ngnmm and TVB
// (numpy backend), medians over the repetitions, log–log axes.
//
//	go run ./bench/peers/costplot results.json cost.png
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/plotting"
)

type run struct {
	Workload     string   `json:"workload"`
	Who          string   `json:"who"`
	PerSimSecond *float64 `json:"per_sim_second"`
}

func median(x []float64) float64 {
	sort.Float64s(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: costplot results.json cost.png")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var res struct {
		Runs []run `json:"runs"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		fmt.Fprintln(os.Stderr, "costplot:", os.Args[1], err)
		os.Exit(1)
	}
	costs := map[string]map[int][]float64{}
	for _, r := range res.Runs {
		n, err := strconv.Atoi(strings.TrimPrefix(r.Workload, "mpr"))
		if !strings.HasPrefix(r.Workload, "mpr") || err != nil || r.PerSimSecond == nil || *r.PerSimSecond <= 0 {
			continue
		}
		if r.Who != "ngnmm" && r.Who != "tvb-numpy" {
			continue
		}
		if costs[r.Who] == nil {
			costs[r.Who] = map[int][]float64{}
		}
		costs[r.Who][n] = append(costs[r.Who][n], *r.PerSimSecond)
	}
	var series []plotting.Series
	for _, who := range []string{"ngnmm", "tvb-numpy"} {
		var ns []int
		for n := range costs[who] {
			ns = append(ns, n)
		}
		sort.Ints(ns)
		sr := plotting.Series{Name: who, Dashed: who != "ngnmm", Color: plotting.Palette[len(series)]}
		for _, n := range ns {
			sr.X = append(sr.X, float64(n))
			sr.Y = append(sr.Y, median(costs[who][n]))
		}
		if len(ns) > 0 {
			series = append(series, sr)
		}
	}
	if len(series) == 0 {
		fmt.Fprintln(os.Stderr, "costplot: no mpr runs in", os.Args[1])
		os.Exit(1)
	}
	// Lines with markers: few points per curve.
	for i := range series {
		pts := series[i]
		pts.Points, pts.Name, pts.Dashed = true, "", false
		series = append(series, pts)
	}
	f := plotting.Lines("MPR network with delays: cost per simulated second",
		plotting.Axis{Label: "regions", Log: true},
		plotting.Axis{Label: "wall time per simulated second", Unit: "s", Log: true}, series...)
	// Save writes the PNG and, next to it, the SVG and PDF.
	if err := f.Save(os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "costplot:", err)
		os.Exit(1)
	}
}
