package fit

import (
	"math"

	"github.com/ngnmm/ngnmm/nmm/fc"
)

// Baselines are the predictions of the subjects' FC that need no model,
// averaged over subjects (sample s.d. beside): the subject's own SC
// (SC→FC r), its tract lengths (distance null), the FC of the training
// group (mean FC r of each subject with every training subject other
// than itself) and the split-half noise ceiling of its BOLD.
type Baselines struct {
	Subjects     []string `json:"subjects"`
	SCFC         Stat     `json:"sc_fc_r"`
	SCFCSD       Stat     `json:"sc_fc_r_sd"`
	DistanceFC   Stat     `json:"distance_fc_r"`
	DistanceSD   Stat     `json:"distance_fc_r_sd"`
	GroupFC      Stat     `json:"group_fc_r"` // undefined without another training subject
	GroupFCSD    Stat     `json:"group_fc_r_sd"`
	NoiseCeiling Stat     `json:"noise_ceiling"`
	NoiseSD      Stat     `json:"noise_ceiling_sd"`
}

// meanSD returns the mean and sample s.d. of v: the mean is undefined for
// no value, the s.d. for fewer than two; a non-finite value makes both
// undefined.
func meanSD(v []float64) (m, sd Stat) {
	if len(v) == 0 {
		return Undefined, Undefined
	}
	mean := 0.0
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	m, sd = Stat(mean), Undefined
	if !m.Defined() {
		return Undefined, Undefined
	}
	if len(v) > 1 {
		ss := 0.0
		for _, x := range v {
			ss += (x - mean) * (x - mean)
		}
		sd = Stat(math.Sqrt(ss / float64(len(v)-1)))
	}
	return m, sd
}

// NewBaselines returns the baselines of the subjects subs (the held-out
// ones of a fit), the group prediction from the subjects train.
func NewBaselines(subs, train []*Subject) Baselines {
	b := Baselines{Subjects: []string{}, SCFC: Undefined, SCFCSD: Undefined, DistanceFC: Undefined, DistanceSD: Undefined,
		GroupFC: Undefined, GroupFCSD: Undefined, NoiseCeiling: Undefined, NoiseSD: Undefined}
	var sc, dist, half, group []float64
	for _, s := range subs {
		b.Subjects = append(b.Subjects, s.Name)
		sc, dist, half = append(sc, s.SCFC), append(dist, s.DistanceFC), append(half, s.SplitHalf)
		for _, t := range train {
			if t != s && t.Name != s.Name {
				if r, err := fc.Similarity(s.FC, t.FC); err == nil {
					group = append(group, r)
				}
			}
		}
	}
	if len(subs) == 0 {
		return b
	}
	b.SCFC, b.SCFCSD = meanSD(sc)
	b.DistanceFC, b.DistanceSD = meanSD(dist)
	b.NoiseCeiling, b.NoiseSD = meanSD(half)
	b.GroupFC, b.GroupFCSD = meanSD(group)
	return b
}

// Regime is the dynamical regime of the model at a point, over the
// training subjects and seeds: the mean firing rate and the synchrony
// (mean pairwise correlation of the regions' rates, [Score.Sync]).
type Regime struct {
	MeanRateHz Stat `json:"mean_rate_hz"`
	Synchrony  Stat `json:"synchrony"`
}

// BestPoint is the point of a fit with the largest training objective.
type BestPoint struct {
	Params map[string]float64 `json:"params"`
	Train  Summary            `json:"train"`
	Test   *Summary           `json:"test"` // null without test subjects
	Regime Regime             `json:"regime"`
}

// Report is the result of a fit: the best point (chosen on the training
// subjects only), the baselines of the held-out subjects (of the training
// subjects if there are none) and every evaluated point.
type Report struct {
	Best        *BestPoint `json:"best"` // null if no point has a finite objective
	Baselines   Baselines  `json:"baselines"`
	Evaluations []Point    `json:"evaluations"`
}

// Report summarises the evaluations evals of c ([Aggregate], [Best]).
func (c *Config) Report(evals []Eval) Report {
	pts := Aggregate(evals)
	if pts == nil {
		pts = []Point{}
	}
	subs := c.Test
	if len(subs) == 0 {
		subs = c.Train
	}
	r := Report{Baselines: NewBaselines(subs, c.Train), Evaluations: pts}
	if i := Best(pts, c.Objective); i >= 0 {
		p := pts[i]
		b := &BestPoint{Params: map[string]float64{}, Train: p.Train, Test: p.Test,
			Regime: Regime{MeanRateHz: p.Train.RateHz, Synchrony: p.Train.Sync}}
		for k, n := range c.Model.Names {
			b.Params[n] = p.X[k]
		}
		r.Best = b
	}
	return r
}
