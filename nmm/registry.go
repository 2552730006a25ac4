package nmm

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/ngnmm/ngnmm/nmm/stability"
)

// registry lists every registered model, one line each. Adding a model to
// the command line, networks and analyses is one line here plus the model's
// file (its struct, equations and [Spec]) and its test.
var registry = []*Spec{&MPRSpec, &EISpec, &MPRAdaptSpec, &WilsonCowanSpec, &JansenRitSpec}

// Spec declares a model to the registry: its name, citation, the
// constructor of the default parameter set and the parameter table. The
// state variables and their units are the model's own (Vars, Units); the
// coupling variable is that of [Coupled] models; exact equilibria are those
// of models implementing [Equilibria].
type Spec struct {
	Name     string       // registry name, lower case, e.g. "mpr"
	Summary  string       // one line
	Citation string       // the paper (and equations) the model and its defaults come from
	TimeUnit string       // unit of time, e.g. "ms", or "τ" for dimensionless time
	New      func() Model // a new model with the default parameters (a pointer)
	Params   []Param      // the parameters that can be set by name
	// Input is the path of the model's time-dependent drive, a field of
	// type func(t float64) float64 added to its constant drive ("": none).
	Input string
}

// Param is one entry of a model's parameter table.
type Param struct {
	Name   string // name used by --set NAME=VALUE and in JSON, e.g. "eta"
	Field  string // path of the float64 field in the model struct: "EtaBar", "MPR.EtaBar", "Pop.1.J"
	Symbol string // the symbol of the equations, e.g. "η̄"
	Unit   string // unit, e.g. "ms" or "dimensionless"
	// Min and Max bound the allowed values (±Inf: unbounded); every value
	// must also be finite. MinOpen excludes Min itself (value > Min).
	Min, Max float64
	MinOpen  bool
	Doc      string // one line
	// Coupling marks the global coupling G of the homogeneous network
	// ([SelfCoupled] around the node), listed with the parameters so that
	// single-node analyses can set and continue it by name; it is not a
	// field of the node (Field is empty). It can be set only on a model
	// made by [Spec.SelfCoupled], and its default is 0 (isolated node).
	Coupling bool
}

// ParamError is the error of a parameter outside its allowed range (see
// [Param]). It names the model, the parameter and the range, so that a
// caller (the command line) can point at its own input without parsing
// the message.
type ParamError struct {
	Model   string  // model type, e.g. "MPR"
	Field   string  // Go field path, e.g. "EtaBar"
	Name    string  // registry name of the parameter, e.g. "eta"
	Value   float64 // the rejected value
	Min     float64 // allowed range (±Inf: unbounded)
	Max     float64
	MinOpen bool // Min itself excluded
}

// Want describes the allowed range, e.g. "finite > 0".
func (e *ParamError) Want() string {
	s := "finite"
	if !math.IsInf(e.Min, -1) {
		op := " ≥ "
		if e.MinOpen {
			op = " > "
		}
		s += op + strconv.FormatFloat(e.Min, 'g', -1, 64)
	}
	if !math.IsInf(e.Max, 1) {
		s += " ≤ " + strconv.FormatFloat(e.Max, 'g', -1, 64)
	}
	return s
}

// Error returns "nmm: MODEL parameter FIELD = VALUE, want RANGE".
func (e *ParamError) Error() string {
	return fmt.Sprintf("nmm: %s parameter %s = %v, want %s", e.Model, e.Field, e.Value, e.Want())
}

// ok reports whether v is allowed for p.
func (p *Param) ok(v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) || v > p.Max {
		return false
	}
	if p.MinOpen {
		return v > p.Min
	}
	return v >= p.Min
}

// checkParams validates the fields of model m (a pointer to a struct named
// model) against the table: the first violation as a *[ParamError].
func checkParams(model string, m any, params []Param) error {
	for i := range params {
		p := &params[i]
		if p.Coupling {
			continue
		}
		v := *field(m, p.Field)
		if !p.ok(v) {
			return &ParamError{Model: model, Field: p.Field, Name: p.Name, Value: v, Min: p.Min, Max: p.Max, MinOpen: p.MinOpen}
		}
	}
	return nil
}

// field returns a pointer to the float64 field at path ("A.B", "Pop.1.J")
// of the struct m points to. It panics on a wrong path (a programming error
// of a Spec, caught by the registry test).
func field(m any, path string) *float64 {
	v := reflect.ValueOf(m).Elem()
	for _, part := range strings.Split(path, ".") {
		if k, err := strconv.Atoi(part); err == nil {
			v = v.Index(k)
		} else {
			v = v.FieldByName(part)
		}
	}
	return v.Addr().Interface().(*float64)
}

// Models returns the registered models in registry order.
func Models() []*Spec { return append([]*Spec(nil), registry...) }

// ModelNames returns the registry names in registry order.
func ModelNames() []string {
	ns := make([]string, len(registry))
	for i, s := range registry {
		ns[i] = s.Name
	}
	return ns
}

// Lookup returns the model registered under name, or an error listing the
// registered names.
func Lookup(name string) (*Spec, error) {
	for _, s := range registry {
		if s.Name == name {
			return s, nil
		}
	}
	return nil, fmt.Errorf("nmm: unknown model %q, want one of %s", name, strings.Join(ModelNames(), ", "))
}

// Param returns the parameter named name (nil if there is none).
func (s *Spec) Param(name string) *Param {
	for i := range s.Params {
		if s.Params[i].Name == name {
			return &s.Params[i]
		}
	}
	return nil
}

// ParamNames returns the parameter names in table order.
func (s *Spec) ParamNames() []string {
	ns := make([]string, len(s.Params))
	for i, p := range s.Params {
		ns[i] = p.Name
	}
	return ns
}

// Default returns the default value of parameter p (its value in New();
// 0 for the [Param.Coupling]).
func (s *Spec) Default(p *Param) float64 {
	if p.Coupling {
		return 0
	}
	return *field(s.New(), p.Field)
}

// Coupling returns the [Param.Coupling] entry of the table (nil if the
// model has none).
func (s *Spec) Coupling() *Param {
	for i := range s.Params {
		if s.Params[i].Coupling {
			return &s.Params[i]
		}
	}
	return nil
}

// SelfCoupled returns m (a model made by s.New) as the node of the
// homogeneous network with global coupling g, [SelfCoupled]{m, g}, whose
// [Param.Coupling] can be set by name; an error if m is not [Coupled].
func (s *Spec) SelfCoupled(m Model, g float64) (*SelfCoupled, error) {
	c, ok := m.(Coupled)
	if !ok {
		return nil, fmt.Errorf("nmm: model %s has no coupling variable", s.Name)
	}
	return &SelfCoupled{Node: c, G: g}, nil
}

// ptr returns a pointer to parameter name of m: a field of the node (of
// m, or of m.Node for a *[SelfCoupled]), or the G of a *SelfCoupled for
// the [Param.Coupling].
func (s *Spec) ptr(m Model, name string) (*float64, error) {
	p := s.Param(name)
	if p == nil {
		return nil, fmt.Errorf("nmm: model %s has no parameter %q, want one of %s", s.Name, name, strings.Join(s.ParamNames(), ", "))
	}
	sc, self := m.(*SelfCoupled)
	switch {
	case p.Coupling && self:
		return &sc.G, nil
	case p.Coupling:
		return nil, fmt.Errorf("nmm: parameter %s of model %s is the coupling of the homogeneous network, not of a node (use Spec.SelfCoupled)", name, s.Name)
	case self:
		return field(sc.Node, p.Field), nil
	}
	return field(m, p.Field), nil
}

// Set sets parameter name of m (a model made by s.New, or [Spec.SelfCoupled]
// of one) to v without validating it. It returns an error for an unknown
// name.
func (s *Spec) Set(m Model, name string, v float64) error {
	ptr, err := s.ptr(m, name)
	if err != nil {
		return err
	}
	*ptr = v
	return nil
}

// Get returns parameter name of m (as for [Spec.Set]).
func (s *Spec) Get(m Model, name string) (float64, error) {
	ptr, err := s.ptr(m, name)
	if err != nil {
		return 0, err
	}
	return *ptr, nil
}

// Setter returns a function that sets parameter name of m (as for
// [Spec.Set]; for continuation), or an error for an unknown name.
func (s *Spec) Setter(m Model, name string) (func(v float64), error) {
	ptr, err := s.ptr(m, name)
	if err != nil {
		return nil, err
	}
	return func(v float64) { *ptr = v }, nil
}

// Validate validates m (as for [Spec.Set]); an invalid coupling G of a
// *[SelfCoupled] is a *[ParamError] naming the [Param.Coupling].
func (s *Spec) Validate(m Model) error {
	err := m.Validate()
	var pe *ParamError
	if c := s.Coupling(); c != nil && errors.As(err, &pe) && pe.Model == "SelfCoupled" {
		pe.Name = c.Name
	}
	return err
}

// SetInput sets the time-dependent drive of m (a model made by s.New) to
// f; an error if the model has no drive.
func (s *Spec) SetInput(m Model, f func(t float64) float64) error {
	if s.Input == "" {
		return fmt.Errorf("nmm: model %s has no time-dependent drive", s.Name)
	}
	if sc, ok := m.(*SelfCoupled); ok {
		m = sc.Node
	}
	v := reflect.ValueOf(m).Elem()
	for _, part := range strings.Split(s.Input, ".") {
		v = v.FieldByName(part)
	}
	v.Set(reflect.ValueOf(f))
	return nil
}

// Build returns a model with the defaults changed by set (parameter name →
// value), validated: an unknown name is an error naming the registered
// ones, a value out of range a *[ParamError]. When set holds the
// [Param.Coupling], the model is the *[SelfCoupled] node ([Spec.SelfCoupled]).
func (s *Spec) Build(set map[string]float64) (Model, error) {
	m := s.New()
	if c := s.Coupling(); c != nil {
		if _, ok := set[c.Name]; ok {
			sc, err := s.SelfCoupled(m, 0)
			if err != nil {
				return nil, err
			}
			m = sc
		}
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := s.Set(m, n, set[n]); err != nil {
			return nil, err
		}
	}
	if err := s.Validate(m); err != nil {
		return nil, err
	}
	return m, nil
}

// DisplayScale returns the factor and JSON name suffix with which a
// quantity in unit is reported: rates in kHz are reported in Hz (1000,
// "_hz"); every other unit as it is (1, "").
func DisplayScale(unit string) (scale float64, suffix string) {
	if unit == "kHz" {
		return 1000, "_hz"
	}
	return 1, ""
}

// FixedPoint is an equilibrium y* of a model with the eigenvalues of its
// Jacobian (by decreasing real part) and its classification: the
// [stability.FixedPoint] of every analysis.
type FixedPoint = stability.FixedPoint

// Equilibria is implemented by models that compute all their equilibria
// exactly (not from seeds), sorted by increasing value of the first state
// variable.
type Equilibria interface {
	FixedPoints() ([]FixedPoint, error)
}

// inf is +Inf for the parameter tables.
var inf = math.Inf(1)
