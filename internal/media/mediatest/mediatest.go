// Package mediatest makes photos for tests of the photo capability and of those that
// attach photos.
package mediatest

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// PNG is a side×side grey PNG of one shade: different shades give different bytes (and
// content hashes), the same arguments the same bytes.
func PNG(t testing.TB, side int, shade uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
