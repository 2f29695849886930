package viewmodel

// Fit places a w×h picture in a boxW×boxH area as large as it goes with its aspect ratio kept,
// centred, so that the bands left over (letterbox or pillarbox) are equal. An unknown picture
// size fills the box.
func Fit(w, h int, boxW, boxH float32) (x, y, fitW, fitH float32) {
	if w <= 0 || h <= 0 || boxW <= 0 || boxH <= 0 {
		return 0, 0, boxW, boxH
	}
	aspect := float32(w) / float32(h)
	fitW, fitH = boxW, boxW/aspect
	if fitH > boxH {
		fitW, fitH = boxH*aspect, boxH
	}
	return (boxW - fitW) / 2, (boxH - fitH) / 2, fitW, fitH
}
