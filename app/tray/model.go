package tray

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/spec"
)

// Icon is what the tray icon shows.
type Icon int

const (
	IconIdle      Icon = iota // nothing streams
	IconStreaming             // streams run, none is in trouble
	IconError                 // a stream failed or is retrying, a favourite did not start, or the engine is out of reach
)

func (i Icon) String() string {
	switch i {
	case IconStreaming:
		return "streaming"
	case IconError:
		return "error"
	}
	return "idle"
}

// ActionKind says what clicking an item does.
type ActionKind int

const (
	ActNone          ActionKind = iota // a line that only informs
	ActStartFavorite                   // Backend.Add of the favourite
	ActStopFavorite                    // Backend.Remove of the favourite's stream
	ActStopStream                      // Backend.Remove of a running stream
	ActView                            // Options.OpenView(URL)
	ActShowMain                        // Options.ShowMain
	ActHideMain                        // Options.HideMain
	ActAutostart                       // turn start at login on or off
	ActQuit                            // Options.Quit
)

func (k ActionKind) String() string {
	return [...]string{"", "start-favorite", "stop-favorite", "stop", "view", "show-main", "hide-main", "autostart", "quit"}[k]
}

// Action is what an item does, and to what.
type Action struct {
	Kind ActionKind
	Name string // the favourite or stream
	URL  string // ActView: the RTSP URL to open
}

// Item is one line of the menu: a separator, a line that informs (Disabled), an action, or a
// submenu (Children).
type Item struct {
	Label     string
	Checked   bool
	Disabled  bool
	Separator bool
	Action    Action
	Children  []Item
}

// Menu is the whole tray: its icon and its menu.
type Menu struct {
	Icon  Icon
	Items []Item
}

// Favorite is one entry of the daemon config's favorites: list.
type Favorite struct {
	Name string
	Spec spec.StreamSpec
}

// Window is whether the app has a main window to show or hide, and whether it is shown.
type Window int

const (
	WindowNone   Window = iota // no main window: no show/hide item
	WindowHidden               // "Show main window"
	WindowShown                // "Hide main window"
)

// State is everything the menu is made from.
type State struct {
	// Connecting is true until the first snapshot of the engine's work arrived.
	Connecting bool
	// Problem says in words why the engine cannot be reached; empty when it can.
	Problem string
	// Streams is every stream and view the engine has (views are not listed), in any order.
	Streams []engine.Status
	// Favorites are the daemon config's favourites; ConfigProblem why they could not be read.
	Favorites     []Favorite
	ConfigProblem string
	// Busy marks a click under way: name → "starting" or "stopping".
	Busy map[string]string
	// Failed says, per favourite, why its last start failed (until the next try).
	Failed map[string]string
	// CanView offers "View" on served streams (the app can open viewer windows).
	CanView bool
	Window  Window
	// Autostart is whether start at login is on; nil where it cannot be offered.
	Autostart *bool
}

// Labels the tests and the D-Bus readers look for.
const (
	LabelQuit     = "Quit"
	LabelShowMain = "Show main window"
	LabelHideMain = "Hide main window"
	LabelLogin    = "Start at login"
	LabelView     = "View"
	LabelStop     = "Stop"
	LabelNoStream = "No streams running"
)

// StartLabel and StopLabel are the labels of a favourite that is off and one that runs.
func StartLabel(name string) string { return "▶ Start " + name }
func StopLabel(name string) string  { return "■ Stop " + name }

// Build turns the state into the menu. It is the whole of what the tray shows: the Fyne side
// only copies it.
func Build(s State) Menu {
	var streams []engine.Status
	byName := map[string]*engine.Status{}
	for _, st := range s.Streams {
		if st.Kind == engine.KindView {
			continue
		}
		streams = append(streams, st)
	}
	sort.Slice(streams, func(i, j int) bool {
		a, b := strings.ToLower(streams[i].Name), strings.ToLower(streams[j].Name)
		return a < b || a == b && streams[i].Name < streams[j].Name
	})
	for i := range streams {
		byName[streams[i].Name] = &streams[i]
	}
	running, trouble := 0, 0
	for _, st := range streams {
		if live(st) {
			running++
		}
		if troubled(st) {
			trouble++
		}
	}
	for _, f := range s.Favorites {
		if s.Failed[f.Name] != "" && byName[f.Name] == nil {
			trouble++
		}
	}

	sep := Item{Separator: true}
	items := []Item{{Label: headline(s, running, trouble), Disabled: true}}
	if len(s.Favorites) > 0 || s.ConfigProblem != "" {
		items = append(items, sep, Item{Label: "Favourites", Disabled: true})
		for _, f := range s.Favorites {
			items = append(items, favoriteItem(s, f, byName[f.Name]))
		}
		if s.ConfigProblem != "" {
			items = append(items, Item{Label: "Favourites could not be read: " + short(s.ConfigProblem), Disabled: true})
		}
	}
	items = append(items, sep, Item{Label: "Streams", Disabled: true})
	if len(streams) == 0 {
		items = append(items, Item{Label: LabelNoStream, Disabled: true})
	}
	for _, st := range streams {
		items = append(items, streamItem(s, st))
	}
	var app []Item
	switch s.Window {
	case WindowShown:
		app = append(app, Item{Label: LabelHideMain, Action: Action{Kind: ActHideMain}})
	case WindowHidden:
		app = append(app, Item{Label: LabelShowMain, Action: Action{Kind: ActShowMain}})
	}
	if s.Autostart != nil {
		app = append(app, Item{Label: LabelLogin, Checked: *s.Autostart, Action: Action{Kind: ActAutostart}})
	}
	if len(app) > 0 {
		items = append(append(items, sep), app...)
	}
	items = append(items, sep, Item{Label: LabelQuit, Action: Action{Kind: ActQuit}})

	icon := IconIdle
	switch {
	case s.Problem != "" || s.ConfigProblem != "" || trouble > 0:
		icon = IconError
	case running > 0:
		icon = IconStreaming
	}
	return Menu{Icon: icon, Items: items}
}

// live says whether a stream runs: starting or playing.
func live(st engine.Status) bool {
	return st.State == engine.StateStarting || st.State == engine.StatePlaying
}

// troubled says whether a stream needs the user's attention: it failed, or it fails and is
// being retried.
func troubled(st engine.Status) bool {
	return st.State == engine.StateFailed || st.State == engine.StateRetrying
}

func headline(s State, running, trouble int) string {
	switch {
	case s.Problem != "":
		return "gstcast: not connected: " + short(s.Problem)
	case s.Connecting:
		return "gstcast: connecting…"
	}
	var parts []string
	switch {
	case running == 1:
		parts = append(parts, "1 stream running")
	case running > 1:
		parts = append(parts, fmt.Sprintf("%d streams running", running))
	}
	switch {
	case trouble == 1:
		parts = append(parts, "1 problem")
	case trouble > 1:
		parts = append(parts, fmt.Sprintf("%d problems", trouble))
	}
	if len(parts) == 0 {
		return "gstcast: idle"
	}
	return "gstcast: " + strings.Join(parts, ", ")
}

func favoriteItem(s State, f Favorite, st *engine.Status) Item {
	if b := s.Busy[f.Name]; b != "" {
		return Item{Label: f.Name + ": " + b + "…", Checked: st != nil, Disabled: true}
	}
	if st != nil {
		label := StopLabel(f.Name)
		if st.State != engine.StatePlaying {
			label += " (" + stateWords(*st) + ")"
		}
		return Item{Label: label, Checked: true, Action: Action{Kind: ActStopFavorite, Name: f.Name}}
	}
	label := StartLabel(f.Name)
	if why := s.Failed[f.Name]; why != "" {
		label += " — failed: " + short(why)
	}
	return Item{Label: label, Action: Action{Kind: ActStartFavorite, Name: f.Name}}
}

func streamItem(s State, st engine.Status) Item {
	var children []Item
	if w := where(st); w != "" {
		children = append(children, Item{Label: w, Disabled: true})
	}
	if st.LastErr != nil && troubled(st) {
		children = append(children, Item{Label: "Error: " + short(st.LastErr.Message), Disabled: true})
	}
	if s.CanView && live(st) && isRTSP(st.URL) {
		children = append(children, Item{Label: LabelView, Action: Action{Kind: ActView, Name: st.Name, URL: st.URL}})
	}
	if b := s.Busy[st.Name]; b != "" {
		children = append(children, Item{Label: strings.ToUpper(b[:1]) + b[1:] + "…", Disabled: true})
	} else {
		children = append(children, Item{Label: LabelStop, Action: Action{Kind: ActStopStream, Name: st.Name}})
	}
	return Item{Label: st.Name + " — " + stateWords(st), Children: children}
}

// stateWords says where a stream stands, in a few words.
func stateWords(st engine.Status) string {
	switch st.State {
	case engine.StateRetrying:
		if st.Attempt > 0 {
			return fmt.Sprintf("retrying, attempt %d", st.Attempt)
		}
		return "retrying"
	case "":
		return "unknown"
	}
	return string(st.State)
}

// where is where readers find the stream: its RTSP URL, or where it is sent.
func where(st engine.Status) string {
	switch {
	case st.URL != "":
		return st.URL
	case st.Stream != nil && st.Stream.Output.URI != "":
		return "to " + spec.RedactURI(st.Stream.Output.URI)
	case st.Stream != nil && st.Stream.Output.Kind == spec.OutputServe:
		return "mount /" + st.Stream.Output.Mount
	}
	return ""
}

func isRTSP(url string) bool {
	return strings.HasPrefix(url, "rtsp://") || strings.HasPrefix(url, "rtsps://")
}

// short is the first line of a message, at most 72 characters: a menu line stays readable.
func short(msg string) string {
	msg = strings.TrimSpace(msg)
	if i := strings.IndexAny(msg, "\r\n"); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	const max = 72
	if r := []rune(msg); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return msg
}

// Text is the menu as text, one item a line (submenus indented), for goldens and logs:
//
//	▶ Start Desk camera  → start-favorite "Desk camera"
//	Streams  [disabled]
func (m Menu) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "icon: %s\n", m.Icon)
	writeItems(&b, m.Items, "")
	return b.String()
}

func writeItems(b *strings.Builder, items []Item, indent string) {
	for _, it := range items {
		if it.Separator {
			b.WriteString(indent + "----\n")
			continue
		}
		b.WriteString(indent + it.Label)
		if it.Checked {
			b.WriteString("  [x]")
		}
		if it.Disabled {
			b.WriteString("  [disabled]")
		}
		if it.Action.Kind != ActNone {
			fmt.Fprintf(b, "  → %s", it.Action.Kind)
			if it.Action.Name != "" {
				fmt.Fprintf(b, " %q", it.Action.Name)
			}
			if it.Action.URL != "" {
				b.WriteString(" " + it.Action.URL)
			}
		}
		b.WriteString("\n")
		writeItems(b, it.Children, indent+"    ")
	}
}
