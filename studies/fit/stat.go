package fit

import (
	"encoding/json"
	"math"
)

// Stat is a statistic of a fit (a correlation, a distance, a mean or a
// standard deviation) that may be undefined: NaN, or ±Inf, means
// undefined (an FC correlation of a constant simulated signal, the s.d. of
// one value) and is written to JSON as null, never as a number; null is
// read back as NaN.
type Stat float64

// Undefined is the value of an undefined statistic.
var Undefined = Stat(math.NaN())

// Defined reports whether s is a finite number.
func (s Stat) Defined() bool { return !math.IsNaN(float64(s)) && !math.IsInf(float64(s), 0) }

// MarshalJSON writes s as encoding/json writes a float64, or null if s is
// not finite.
func (s Stat) MarshalJSON() ([]byte, error) {
	if !s.Defined() {
		return []byte("null"), nil
	}
	return json.Marshal(float64(s))
}

// UnmarshalJSON reads a number, or null as NaN.
func (s *Stat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = Undefined
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Stat(v)
	return nil
}
