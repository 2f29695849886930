// Package tlscert makes the self-signed certificate gstcast's RTSPS server uses when the user
// asks for TLS without bringing a certificate: ECDSA P-256, valid for the machine's names and
// loopback, kept next to the config so clients that pin it keep working across restarts.
package tlscert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/gstcast/gstcast/core/atomicfile"
)

// Validity is how long a generated certificate lasts.
const Validity = 5 * 365 * 24 * time.Hour

// Generate makes a self-signed certificate for hosts (names or IP addresses; loopback and
// "localhost" are always added) and returns it and its key as PEM.
func Generate(hosts []string) (certPEM, keyPEM string, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return "", "", fmt.Errorf("serial number: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "gstcast RTSP server", Organization: []string{"gstcast (self-signed)"}},
		NotBefore:             now.Add(-time.Hour), // tolerate clocks a little behind
		NotAfter:              now.Add(Validity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range append([]string{"localhost", "127.0.0.1", "::1"}, hosts...) {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", "", fmt.Errorf("create certificate: %w", err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", "", fmt.Errorf("marshal key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})), nil
}

// Check parses a certificate and key and makes sure they belong together.
func Check(certPEM, keyPEM string) error {
	if _, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM)); err != nil {
		return fmt.Errorf("certificate and key: %w", err)
	}
	return nil
}

// LoadOrCreate reads dir/rtsps-cert.pem and dir/rtsps-key.pem, or makes and writes them
// (atomically; the key readable by the owner only) when neither exists.
func LoadOrCreate(dir string, hosts []string) (certPEM, keyPEM string, created bool, err error) {
	cp, kp := filepath.Join(dir, "rtsps-cert.pem"), filepath.Join(dir, "rtsps-key.pem")
	c, cerr := os.ReadFile(cp)
	k, kerr := os.ReadFile(kp)
	switch {
	case cerr == nil && kerr == nil:
		if err := Check(string(c), string(k)); err != nil {
			return "", "", false, fmt.Errorf("%s: %w", cp, err)
		}
		return string(c), string(k), false, nil
	case errors.Is(cerr, os.ErrNotExist) && errors.Is(kerr, os.ErrNotExist):
	case cerr != nil && !errors.Is(cerr, os.ErrNotExist):
		return "", "", false, cerr
	case kerr != nil && !errors.Is(kerr, os.ErrNotExist):
		return "", "", false, kerr
	default:
		return "", "", false, fmt.Errorf("%s and %s: one exists without the other; remove it or restore both", cp, kp)
	}
	certPEM, keyPEM, err = Generate(hosts)
	if err != nil {
		return "", "", false, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", false, err
	}
	if err := atomicfile.Write(kp, []byte(keyPEM), 0o600); err != nil {
		return "", "", false, err
	}
	if err := atomicfile.Write(cp, []byte(certPEM), 0o644); err != nil {
		return "", "", false, err
	}
	return certPEM, keyPEM, true, nil
}
