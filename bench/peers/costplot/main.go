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

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
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
	p := plot.New()
	p.Title.Text = "MPR network with delays: cost per simulated second"
	p.X.Label.Text = "regions"
	p.Y.Label.Text = "wall seconds per simulated second"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{}, plot.LogTicks{}
	var args []any
	for _, who := range []string{"ngnmm", "tvb-numpy"} {
		var xy plotter.XYs
		for n, c := range costs[who] {
			xy = append(xy, plotter.XY{X: float64(n), Y: median(c)})
		}
		sort.Slice(xy, func(i, j int) bool { return xy[i].X < xy[j].X })
		if len(xy) > 0 {
			args = append(args, who, xy)
		}
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "costplot: no mpr runs in", os.Args[1])
		os.Exit(1)
	}
	if err := plotutil.AddLinePoints(p, args...); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := p.Save(6*vg.Inch, 4*vg.Inch, os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
