// Package pipeline turns a stream spec and a platform profile into an element graph, and a graph
// into the gst-launch-1.0 line that runs the same thing. It is pure Go (no GStreamer): the
// plugin's runtime builds the graph element by element, so user text is only ever a property
// value, never part of a string that GStreamer parses.
package pipeline

// Well-known element names. The runtime finds the places it instruments by these names.
const (
	NameSource    = "src"     // the first element
	NameRawCaps   = "rawcaps" // raw video, I420, before encode: where a test source's frames are stamped
	NameEncoder   = "enc"
	NamePayloader = "pay" // RTP payloader: frames and bytes are counted on its sink pad
	NameSink      = "out"
	NameDecoder   = "dec"
)

// Prop is one property, with its value written as gst-launch writes it (gst_util_set_object_arg
// parses the same text, so the graph and its launch line cannot disagree).
type Prop struct {
	Name  string
	Value string
	// Secret values (passwords) are masked in the launch line.
	Secret bool
	// Optional properties are set only where the element has them: mfh264enc's low-latency,
	// gop-size and bframes exist only when the machine's Media Foundation encoder supports them.
	Optional bool
}

// Element is one GStreamer element of a graph.
type Element struct {
	Factory string
	Name    string // unique in the graph; empty lets GStreamer choose
	Props   []Prop
	// Caps is set for capsfilter elements only, and written bare in the launch line.
	Caps string
}

// Prop returns the value of a property and whether it is set.
func (e Element) Prop(name string) (string, bool) {
	for _, p := range e.Props {
		if p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// Graph is a chain of elements, each linked to the next. A link from an element with
// "sometimes" pads (parsebin, decodebin, rtspsrc) is made when the pad appears, as gst-launch does.
type Graph struct {
	Elements []Element
	// Sync is false for live sources: the sink sends each packet as soon as it is made.
	Live bool
}

// Find returns the element with the given name.
func (g Graph) Find(name string) (Element, bool) {
	for _, e := range g.Elements {
		if e.Name == name {
			return e, true
		}
	}
	return Element{}, false
}

// Factories lists the element factories in chain order (capsfilters included).
func (g Graph) Factories() []string {
	out := make([]string, len(g.Elements))
	for i, e := range g.Elements {
		out[i] = e.Factory
	}
	return out
}

// capsfilter is shorthand for a capsfilter element.
func capsfilter(name, caps string) Element {
	return Element{Factory: "capsfilter", Name: name, Caps: caps}
}

func el(factory, name string, props ...Prop) Element {
	return Element{Factory: factory, Name: name, Props: props}
}

func p(name, value string) Prop { return Prop{Name: name, Value: value} }
