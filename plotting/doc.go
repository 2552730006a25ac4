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
//   - statically with gonum/plot, for papers: [Figure.Save] writes PNG at
//     300 dpi ([PrintDPI]), SVG and PDF (fonts embedded) at a journal column
//     width ([Figure.Column]: [SingleColumn] 85 mm, [DoubleColumn] 175 mm,
//     the default); also [Figure.SavePNG] (with the SVG and PDF while
//     [SaveVector]), [Figure.SaveSVG], [Figure.SavePDF], [Figure.WriteTo],
//     [Figure.DisplayPNG], [Figure.DisplaySVG];
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
//	fig.Display()                          // interactive, with the PNG for untrusted viewers
//	fig.Save("figures/02_mpr_r_v")         // .png (300 dpi), .svg, .pdf for the paper
//
// # Where echarts comes from
//
// Interactive charts load echarts.min.js from [Assets]: [AssetsHost] if set,
// else the environment variable NGNMM_ECHARTS_ASSETS, else go-echarts'
// default CDN ([DefaultAssetsHost]). A relative folder ("assets/") is
// resolved against the page's address. The loader works with RequireJS
// (classic Notebook) and without (JupyterLab, Notebook 7, exported HTML); it
// never embeds go-echarts' RenderContent() page. Charts appear only in
// trusted notebooks (outputs you ran yourself are trusted); everywhere else
// (untrusted notebooks, GitHub, nbviewer) the static PNG that Display puts in
// the same output shows instead.
//
// Static figures use log ticks at decades labelled 10ⁿ with minor ticks,
// linear ticks at 1, 2, 5 × 10ᵏ, Liberation Sans at 8–10 pt, the Okabe–Ito
// colour-blind-safe [Palette] and viridis for heatmaps; the title and the
// legend sit above the data, a heatmap's colour bar (labelled with the value
// and its unit) on its right. Unicode super- and subscripts in any text
// (10⁻⁴, log₁₀, Hz⁻¹) are drawn as raised or lowered small characters.
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
