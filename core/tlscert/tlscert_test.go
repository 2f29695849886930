package tlscert

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
)

func TestGenerateAndReload(t *testing.T) {
	dir := t.TempDir()
	c1, k1, created, err := LoadOrCreate(dir, []string{"cam.local", "192.0.2.7"})
	if err != nil || !created {
		t.Fatalf("created=%v err=%v", created, err)
	}
	if err := Check(c1, k1); err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode([]byte(c1))
	cert, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.VerifyHostname("cam.local"); err != nil {
		t.Error(err)
	}
	if err := cert.VerifyHostname("127.0.0.1"); err != nil {
		t.Error(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "rtsps-key.pem")); st.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v", st.Mode())
	}
	c2, k2, created, err := LoadOrCreate(dir, nil)
	if err != nil || created || c2 != c1 || k2 != k1 {
		t.Fatalf("second load: created=%v err=%v same=%v", created, err, c2 == c1 && k2 == k1)
	}
}

func TestHalfPairIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rtsps-cert.pem"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := LoadOrCreate(dir, nil); err == nil {
		t.Fatal("a certificate without its key was accepted")
	}
}

func TestMismatchedPair(t *testing.T) {
	c, _, _ := Generate(nil)
	_, k, _ := Generate(nil)
	if Check(c, k) == nil {
		t.Fatal("a key of another certificate was accepted")
	}
}
