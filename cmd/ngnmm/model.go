package main

import (
	"errors"
	"io"
	"math"
	"reflect"
	"strings"

	"github.com/ngnmm/ngnmm/nmm"
)

func init() {
	register(&command{
		Name:    "models",
		Summary: "the registered models: parameters, state variables, units (JSON)",
		Help: `Lists every model of the registry (the names --model accepts).

Output (JSON):
  {"models":[{"name":…,"summary":…,"citation":…,"time_unit":…,"coupling_var":…,
    "vars":[{"name":…,"unit":…}],
    "params":[{"name":…,"symbol":…,"unit":…,"default":…,"min":…,"max":…,"min_open":bool,"doc":…}]}]}
  time_unit     unit of time of the model ("ms", or "τ": units of the membrane
                time constant)
  coupling_var  the state variable sent to other nodes in a network (absent:
                the model cannot be a network node)
  vars          state variables with their units (rates in kHz are reported
                in Hz by the other commands, as NAME_hz)
  params        the parameters --set NAME=VALUE accepts, with the default and
                the allowed range min…max (null: unbounded; min_open: min
                itself excluded); every value must be finite`,
		Run: runModels,
	})
}

type jsonVar struct {
	Name string `json:"name"`
	Unit string `json:"unit"`
}

type jsonParam struct {
	Name    string   `json:"name"`
	Symbol  string   `json:"symbol"`
	Unit    string   `json:"unit"`
	Default float64  `json:"default"`
	Min     *float64 `json:"min"`
	Max     *float64 `json:"max"`
	MinOpen bool     `json:"min_open"`
	Doc     string   `json:"doc"`
}

type jsonModel struct {
	Name        string      `json:"name"`
	Summary     string      `json:"summary"`
	Citation    string      `json:"citation"`
	TimeUnit    string      `json:"time_unit"`
	CouplingVar string      `json:"coupling_var,omitempty"`
	Vars        []jsonVar   `json:"vars"`
	Params      []jsonParam `json:"params"`
}

// finiteOrNil returns &x, or nil for an infinite bound.
func finiteOrNil(x float64) *float64 {
	if math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func describeModel(s *nmm.Spec) jsonModel {
	m := s.New()
	jm := jsonModel{Name: s.Name, Summary: s.Summary, Citation: s.Citation, TimeUnit: s.TimeUnit}
	units := m.Units()
	for i, v := range m.Vars() {
		jm.Vars = append(jm.Vars, jsonVar{Name: v, Unit: units[i]})
	}
	if c, ok := m.(nmm.Coupled); ok {
		jm.CouplingVar = m.Vars()[c.CouplingVar()]
	}
	for i := range s.Params {
		p := &s.Params[i]
		jm.Params = append(jm.Params, jsonParam{Name: p.Name, Symbol: p.Symbol, Unit: p.Unit, Default: s.Default(p),
			Min: finiteOrNil(p.Min), Max: finiteOrNil(p.Max), MinOpen: p.MinOpen, Doc: p.Doc})
	}
	return jm
}

func runModels(args []string, stdout io.Writer) error {
	fs := newFlags("models")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out := struct {
		Models []jsonModel `json:"models"`
	}{}
	for _, s := range nmm.Models() {
		out.Models = append(out.Models, describeModel(s))
	}
	return writeJSON(stdout, out)
}

// modelList is the registered names for help texts, "mpr|ei|…".
func modelList() string { return strings.Join(nmm.ModelNames(), "|") }

// validateModel validates m and turns a *nmm.ParamError into a usage error
// naming the flag (--NAME, the registry name of the parameter).
func validateModel(m nmm.Model) error {
	err := validate(m)
	if err == nil {
		return nil
	}
	var pe *nmm.ParamError
	if errors.As(err, &pe) {
		return usageErr("%s (flag --%s)", strings.TrimPrefix(err.Error(), "nmm: "), pe.Name)
	}
	return usageErr("%s", strings.TrimPrefix(err.Error(), "nmm: "))
}

// validate validates m; for a *nmm.SelfCoupled node the error of its
// coupling G names the registry's coupling parameter of the node's model
// (nmm.Spec.Validate), e.g. eps for ei.
func validate(m nmm.Model) error {
	if sc, ok := m.(*nmm.SelfCoupled); ok {
		for _, s := range nmm.Models() {
			if s.Coupling() != nil && reflect.TypeOf(s.New()) == reflect.TypeOf(sc.Node) {
				return s.Validate(m)
			}
		}
	}
	return m.Validate()
}

// joinNames joins names with ", ".
func joinNames(ns []string) string { return strings.Join(ns, ", ") }
