package pipeline

// JPEGDecodeTestGraph is an MJPEG decoder's test: a few frames of 320x240 test video encoded
// by jpegenc, as an MJPEG camera delivers them, decoded by d (and its After elements) into a
// fakesink named NameSink.
func JPEGDecodeTestGraph(d Decoder) Graph {
	g := Graph{Elements: []Element{
		el("videotestsrc", NameSource, p("num-buffers", itoa(DecodeTestFrames)), p("pattern", "smpte")),
		capsfilter(NameRawCaps, "video/x-raw,format=I420,width=320,height=240,framerate=30/1"),
		el("jpegenc", NameEncoder),
		capsfilter("camcaps", "image/jpeg,width=320,height=240,framerate=30/1"),
		{Factory: d.Element, Name: NameDecoder, Props: d.Props},
	}}
	g.Elements = append(g.Elements, d.After...)
	return Graph{Elements: append(g.Elements, el("fakesink", NameSink, p("sync", "false")))}
}
