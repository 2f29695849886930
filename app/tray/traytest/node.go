package traytest

import (
	"fmt"
	"strings"

	"github.com/godbus/dbus/v5"
)

// Node is one menu item as com.canonical.dbusmenu describes it.
type Node struct {
	ID        int32
	Label     string
	Enabled   bool
	Visible   bool
	Separator bool
	Checkable bool
	Checked   bool
	Children  []Node
}

// parseNode decodes a layout: (id int32, properties a{sv}, children av).
func parseNode(raw []any) (Node, error) {
	if len(raw) != 3 {
		return Node{}, fmt.Errorf("menu layout has %d fields", len(raw))
	}
	id, ok := raw[0].(int32)
	if !ok {
		return Node{}, fmt.Errorf("menu item id is a %T", raw[0])
	}
	props, _ := raw[1].(map[string]dbus.Variant)
	n := Node{ID: id, Enabled: true, Visible: true}
	for k, v := range props {
		switch k {
		case "label":
			n.Label, _ = v.Value().(string)
		case "enabled":
			n.Enabled, _ = v.Value().(bool)
		case "visible":
			n.Visible, _ = v.Value().(bool)
		case "type":
			n.Separator = v.Value() == "separator"
		case "toggle-type":
			n.Checkable = v.Value() == "checkmark" || v.Value() == "radio"
		case "toggle-state":
			s, _ := toInt(v.Value())
			n.Checked = s == 1
		}
	}
	children, _ := raw[2].([]dbus.Variant)
	for _, c := range children {
		cr, ok := c.Value().([]any)
		if !ok {
			return Node{}, fmt.Errorf("menu child is a %T", c.Value())
		}
		cn, err := parseNode(cr)
		if err != nil {
			return Node{}, err
		}
		n.Children = append(n.Children, cn)
	}
	return n, nil
}

func toInt(v any) (int, bool) {
	switch x := v.(type) {
	case int32:
		return int(x), true
	case int64:
		return int(x), true
	case uint32:
		return int(x), true
	case int:
		return x, true
	}
	return 0, false
}

// Find is the first visible item (depth first) whose label is label.
func (n Node) Find(label string) (Node, bool) {
	for _, c := range n.Children {
		if !c.Visible {
			continue
		}
		if c.Label == label {
			return c, true
		}
		if f, ok := c.Find(label); ok {
			return f, true
		}
	}
	return Node{}, false
}

// FindPrefix is the first visible item whose label starts with prefix.
func (n Node) FindPrefix(prefix string) (Node, bool) {
	for _, c := range n.Children {
		if !c.Visible {
			continue
		}
		if strings.HasPrefix(c.Label, prefix) {
			return c, true
		}
		if f, ok := c.FindPrefix(prefix); ok {
			return f, true
		}
	}
	return Node{}, false
}

// Labels are the labels of every visible item, depth first.
func (n Node) Labels() []string {
	var out []string
	for _, c := range n.Children {
		if !c.Visible {
			continue
		}
		if !c.Separator {
			out = append(out, c.Label)
		}
		out = append(out, c.Labels()...)
	}
	return out
}

// Text is the menu as a host shows it: one item a line, submenus indented, with [x] for
// checked and [disabled].
func (n Node) Text() string {
	var b strings.Builder
	n.write(&b, "")
	return b.String()
}

func (n Node) write(b *strings.Builder, indent string) {
	for _, c := range n.Children {
		if !c.Visible {
			continue
		}
		switch {
		case c.Separator:
			b.WriteString(indent + "----\n")
		default:
			b.WriteString(indent + c.Label)
			if c.Checked {
				b.WriteString("  [x]")
			}
			if !c.Enabled {
				b.WriteString("  [disabled]")
			}
			b.WriteString("\n")
		}
		c.write(b, indent+"    ")
	}
}
