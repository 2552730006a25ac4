// Package plotting turns ngnmm results into interactive echarts charts for
// notebooks and static gonum/plot figures (PNG, SVG) for papers, and shows
// progress bars for long runs.
//
// # Figures
//
// A [Figure] describes a plot independently of how it is drawn. Build one
// with
//
//   - [Lines]: time series and other curves against x (several series, a zoom slider);
//   - [FromTimeSeries]: the columns of an [nmm.TimeSeries] against time;
//   - [Spectrum]: curves with a logarithmic y axis (power spectra);
//   - [Phase]: trajectories in a plane, drawn in data order (phase portraits);
//   - [Scatter]: point sets (bifurcation diagrams, FC vs SC);
//   - [Heatmap]: matrices (connectivity, FC, parameter maps) with a colour scale.
//
// Every axis is an [Axis] with a Label and a Unit, rendered "Label (Unit)".
// Series are plain slices ([Series]); NaN and ±Inf are gaps. Builders never
// panic: a problem (mismatched lengths, empty matrix) is kept in the figure
// and returned by every rendering method.
//
// Then render it:
//
//   - interactively in a GoNB notebook: [Figure.Display] (echarts);
//   - statically with gonum/plot: [Figure.DisplayPNG], [Figure.DisplaySVG],
//     [Figure.SavePNG], [Figure.SaveSVG], [Figure.WriteTo], [Figure.PNG];
//   - or get the pieces: [Figure.Option] (echarts option JSON), [Figure.HTML],
//     [Figure.Chart] (the go-echarts chart), [Figure.Plot] (the gonum/plot plot).
//
// A typical notebook cell:
//
//	%%
//	ts, err := simulate()
//	if err != nil {
//		log.Fatal(err)
//	}
//	fig := plotting.FromTimeSeries("MPR, Fig. 2a", ts, "r", "v")
//	fig.Display()                          // interactive
//	fig.SavePNG("figures/02_mpr_r_v.png")  // for the paper
//
// # Where echarts comes from
//
// Interactive charts load echarts.min.js from [Assets]: [AssetsHost] if set,
// else the environment variable NGNMM_ECHARTS_ASSETS, else go-echarts'
// default CDN ([DefaultAssetsHost]). A relative folder ("assets/") is
// resolved against the page's address. The loader works with RequireJS
// (classic Notebook) and without (JupyterLab, Notebook 7, exported HTML); it
// never embeds go-echarts' RenderContent() page. Charts appear only in
// trusted notebooks (outputs you ran yourself are trusted); PNG figures show
// everywhere.
//
// # Progress
//
// [NewProgress] shows a bar that is updated in place. Its Report method is a
// progress.Func (package nmm/progress), the callback through which the
// library's long computations report progress:
//
//	bar := plotting.NewProgress("parameter sweep")
//	_, err := ode.Solve(sys, stepper, 0, T, y0, &ode.Settings{Progress: bar.Report}, obs)
//	bar.Done()
//
// # Notebook parameters
//
// [Pick] and [Quick] implement the quick settings that CI uses
// (NGNMM_QUICK=1) in every notebook's parameters cell.
package plotting
