package graph

import "testing"

// BenchmarkNewLoaders is what every request pays for its loaders before using any.
func BenchmarkNewLoaders(b *testing.B) {
	r := &Resolver{}
	b.ReportAllocs()
	for b.Loop() {
		_ = NewLoaders(r)
	}
}
