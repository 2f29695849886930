package viewer

import (
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSnapshotName(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 5, 7, 0, time.UTC)
	if got := snapshotName(at, 1); got != "gstcast-snapshot-20250301-090507.png" {
		t.Errorf("first: %q", got)
	}
	if got := snapshotName(at, 3); got != "gstcast-snapshot-20250301-090507-3.png" {
		t.Errorf("third: %q", got)
	}
}

func TestCloneRGBAOfASubImage(t *testing.T) {
	src := quadrants(8, 4)
	sub := src.SubImage(image.Rect(4, 2, 8, 4)).(*image.RGBA) // the yellow quadrant
	c := cloneRGBA(sub)
	if c.Rect != image.Rect(0, 0, 4, 2) || !packedRGBA(c) {
		t.Fatalf("clone rect %v stride %d", c.Rect, c.Stride)
	}
	for y := range 2 {
		for x := range 4 {
			if c.RGBAAt(x, y) != yellow {
				t.Fatalf("pixel %d,%d = %v", x, y, c.RGBAAt(x, y))
			}
		}
	}
}

func packedRGBA(img *image.RGBA) bool { return img.Stride == 4*img.Rect.Dx() }

func TestDefaultSnapshotDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	wd, _ := os.Getwd()
	if got := DefaultSnapshotDir(); got != wd {
		t.Errorf("no Pictures folder: %q, want the working directory %q", got, wd)
	}
	pictures := filepath.Join(home, "Pictures")
	if err := os.Mkdir(pictures, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := DefaultSnapshotDir(); got != pictures {
		t.Errorf("with ~/Pictures: %q", got)
	}
}

func TestXDGPicturesDir(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, "cfg")
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", cfg)
	if got := xdgPicturesDir(home); got != "" {
		t.Errorf("without user-dirs.dirs: %q", got)
	}
	dirs := "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/Bilder\"\n"
	if err := os.WriteFile(filepath.Join(cfg, "user-dirs.dirs"), []byte(dirs), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := xdgPicturesDir(home), filepath.Join(home, "Bilder"); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := os.WriteFile(filepath.Join(cfg, "user-dirs.dirs"), []byte("XDG_PICTURES_DIR=\"/srv/pics\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := xdgPicturesDir(home); got != "/srv/pics" {
		t.Errorf("absolute: %q", got)
	}
}
