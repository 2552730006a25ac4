// Package settings is the one way the settings types of ngnmm (Options,
// Settings, Config) apply their documented defaults — in the library, the
// studies and a researcher's own code alike — by the convention of the
// project: a nil pointer means every default, and a field left at its
// zero value means the default named in its comment.
//
//	func (o *Options) withDefaults() Options {
//		s := settings.Of(o)              // nil → the zero Options
//		settings.Default(&s.Dt, 0.01)    // 0 → 0.01
//		settings.Default(&s.Steps, 2000) // 0 → 2000
//		return s
//	}
//
// Validation of the filled settings (a negative step, say) stays with the
// caller: a default replaces only the zero value.
package settings

// Of returns a copy of *p, or the zero T when p is nil (nil = defaults).
func Of[T any](p *T) T {
	if p == nil {
		var z T
		return z
	}
	return *p
}

// Default sets *p to def when *p is the zero value of its type.
func Default[T comparable](p *T, def T) {
	var z T
	if *p == z {
		*p = def
	}
}
