package main

import (
	"io"

	"math/rand/v2"

	"github.com/ngnmm/ngnmm/data"

	"github.com/ngnmm/ngnmm/nmm"
	"github.com/ngnmm/ngnmm/nmm/brain"
	"github.com/ngnmm/ngnmm/nmm/lyapunov"
	"github.com/ngnmm/ngnmm/nmm/msf"
	"github.com/ngnmm/ngnmm/nmm/network"
	"github.com/ngnmm/ngnmm/nmm/ode"
)

func init() {
	register(&command{
		Name:    "lyapunov",
		Summary: "Lyapunov exponents (Benettin/QR) of Lorenz, the homogeneous E–I node or the E–I network",
		Help: `Flags: --system lorenz|ei-homogeneous|network (default lorenz), --k number of
exponents (0 = all; default 0, network default 8), --T averaging time, --transient,
--interval (re-orthonormalisation), --dt (RK4 step).
  lorenz:          --sigma, --rho, --beta (default 10, 28, 8/3); dimensionless time;
                   defaults T = 10000, transient = 100, interval = 1, dt = 0.01
  ei-homogeneous:  the synchronous dynamics of the E–I network (Delicado, Huguet &
                   Clusella 2025): one node with self-coupling ε; --IE, --eps; time in ms;
                   defaults T = 20000, transient = 1000, interval = 5, dt = 0.02;
                   starts from low rates
  network:         90 E–I nodes on the row-normalised --connectome (default aal90),
                   coupling ε; starts at the synchronous state (after the transient of the
                   homogeneous node) plus N(0, --noise²) per variable (default 1e-4, --seed 1);
                   defaults T = 2000, transient = 500, interval = 5, dt = 0.02. Tangent
                   dynamics by central finite differences of the right-hand side.
--T, --interval and --dt must be > 0 and --transient ≥ 0 when given (omitted: the
system's defaults above); flags of another system (e.g. --IE with lorenz) are refused.
Output (JSON): {"exponents": [...]} (1/time unit: 1/ms for the E–I systems), "sum",
"time" (averaging time).`,
		Run: runLyapunov,
	})
}

func runLyapunov(args []string, stdout io.Writer) error {
	fs := newFlags("lyapunov")
	system := fs.String("system", "lorenz", "lorenz|ei-homogeneous|network")
	k := fs.Int("k", 0, "number of exponents")
	T := fs.Float64("T", 0, "averaging time")
	tr := fs.Float64("transient", 0, "transient")
	iv := fs.Float64("interval", 0, "re-orthonormalisation interval")
	dt := fs.Float64("dt", 0, "RK4 step")
	sigma := fs.Float64("sigma", 10, "σ")
	rho := fs.Float64("rho", 28, "ρ")
	beta := fs.Float64("beta", 8.0/3, "β")
	ie := fs.Float64("IE", 12, "I_ext^E")
	eps := fs.Float64("eps", 8, "ε")
	conn := fs.String("connectome", "aal90", "connectome")
	noise := fs.Float64("noise", 1e-4, "initial perturbation")
	seed := fs.Uint64("seed", 1, "seed")
	if err := parseChecked(fs, args); err != nil {
		return err
	}
	set := setFlags(fs)
	// every flag is checked (name, value, range) before anything is loaded
	// or computed; flags of another system are refused, not ignored
	defT, defTr, defIv, defDt, defK := 0.0, 0.0, 0.0, 0.0, 0
	dim := 0
	switch *system {
	case "lorenz":
		if err := notApplicable(set, "--system lorenz", "IE", "eps", "connectome", "noise", "seed"); err != nil {
			return err
		}
		if !(*sigma > 0) || !(*beta > 0) {
			return usageErr("--sigma = %v, --beta = %v: want both > 0", *sigma, *beta)
		}
		defT, defTr, defIv, defDt, dim = 10000, 100, 1, 0.01, 3
	case "ei-homogeneous", "network":
		if err := notApplicable(set, "--system "+*system, "sigma", "rho", "beta"); err != nil {
			return err
		}
		m := nmm.DefaultEI()
		m.IE = *ie
		if err := (&nmm.SelfCoupled{Node: &m, G: *eps}).Validate(); err != nil {
			return usageErr("%v (flags --IE, --eps)", err)
		}
		if *system == "ei-homogeneous" {
			if err := notApplicable(set, "--system ei-homogeneous", "connectome", "noise", "seed"); err != nil {
				return err
			}
			defT, defTr, defIv, defDt, dim = 20000, 1000, 5, 0.02, 6
			break
		}
		if !(*noise >= 0) {
			return usageErr("--noise = %v, want ≥ 0", *noise)
		}
		ds, err := data.Lookup(*conn)
		if err != nil {
			return usageErr("--connectome %q: %v", *conn, err)
		}
		defT, defTr, defIv, defDt, defK, dim = 2000, 500, 5, 0.02, 8, 6*ds.Regions
	default:
		return usageErr("--system %q, want lorenz, ei-homogeneous or network", *system)
	}
	opt := &lyapunov.Options{K: defK, Duration: defT, Interval: defIv, Dt: defDt, Transient: defTr}
	if err := lyapunovOptions(opt, set, dim, *k, *T, *iv, *dt, *tr); err != nil {
		return err
	}
	sys, y0, err := lyapunovSystem(*system, *sigma, *rho, *beta, *ie, *eps, *conn, *noise, *seed)
	if err != nil {
		return err
	}
	res, err := lyapunov.Spectrum(sys, 0, y0, opt)
	if err != nil {
		return err
	}
	return writeJSON(stdout, map[string]any{"exponents": res.Exponents, "sum": res.Sum(), "time": res.Time})
}

// eiNetwork builds the E–I network system (90 nodes of the row-normalised
// connectome, global coupling eps) and its initial state: the synchronous
// state reached by the homogeneous node after its transient (the
// synchronous attractor, not the equilibrium of brain.HomogeneousState),
// plus noise (brain.Start).
func eiNetwork(conn string, ie, eps, noise float64, seed uint64) (ode.System, []float64, error) {
	c, err := loadW(conn)
	if err != nil {
		return nil, nil, err
	}
	m := nmm.DefaultEI()
	m.IE = ie
	if err := m.Validate(); err != nil {
		return nil, nil, usageErr("%v", err)
	}
	net, err := network.New(network.Homogeneous(&m, c.N()), c.Weights, &network.Config{G: eps})
	if err != nil {
		return nil, nil, usageErr("%v", err)
	}
	p, y0 := msf.ForEI(m, eps)
	st, err := p.FindState(y0, nil)
	if err != nil {
		return nil, nil, err
	}
	if st.Kind != msf.None {
		y0 = st.Y
	}
	y, err := brain.Start(net, y0, noise, rand.New(rand.NewPCG(seed, 0x6d7366)))
	if err != nil {
		return nil, nil, err
	}
	return net, y, nil
}

// lyapunovOptions applies the flags given (set) to the system's defaults in
// opt and checks them against each other; dim is the system's dimension.
func lyapunovOptions(opt *lyapunov.Options, set map[string]bool, dim, k int, T, iv, dt, tr float64) error {
	for _, f := range []struct {
		name string
		v    float64
		dst  *float64
	}{{"T", T, &opt.Duration}, {"interval", iv, &opt.Interval}, {"dt", dt, &opt.Dt}} {
		if set[f.name] {
			if !(f.v > 0) {
				return usageErr("--%s = %v, want > 0", f.name, f.v)
			}
			*f.dst = f.v
		}
	}
	if set["transient"] {
		if !(tr >= 0) {
			return usageErr("--transient = %v, want ≥ 0", tr)
		}
		opt.Transient = tr
	}
	if set["k"] {
		if k < 0 || k > dim {
			return usageErr("--k = %d, want 0 (all) … %d (the dimension)", k, dim)
		}
		opt.K = k
	}
	if opt.Interval > opt.Duration {
		return usageErr("--interval = %v, want ≤ --T = %v", opt.Interval, opt.Duration)
	}
	if opt.Dt > opt.Interval {
		return usageErr("--dt = %v, want ≤ --interval = %v", opt.Dt, opt.Interval)
	}
	if steps := (opt.Transient + opt.Duration) / opt.Dt; steps > 1e9 {
		return usageErr("--T, --transient, --dt: %g steps, want ≤ 1e9", steps)
	}
	return nil
}

// lyapunovSystem builds the system of --system and its initial state.
func lyapunovSystem(system string, sigma, rho, beta, ie, eps float64, conn string, noise float64, seed uint64) (ode.System, []float64, error) {
	var sys ode.System
	var y0 []float64
	switch system {
	case "lorenz":
		sys, y0 = &lyapunov.Lorenz{Sigma: sigma, Rho: rho, Beta: beta}, []float64{1, 1, 20}
	case "ei-homogeneous":
		m := nmm.DefaultEI()
		m.IE = ie
		sys, y0 = &nmm.SelfCoupled{Node: &m, G: eps}, msf.EIStart()
	case "network":
		return eiNetwork(conn, ie, eps, noise, seed)
	}
	return sys, y0, nil
}
