package pluginapi

import (
	"context"
	"time"
)

// Sessions is what a plugin that serves RTSP adds to Platform: the readers and publishers of a
// served stream's mount, and kicking one of them. It is a separate interface so that plugins
// without an RTSP server need not implement it; the host asks with a type assertion, and over
// gRPC a plugin without it answers ErrUnsupported (*Client implements it for every plugin).
type Sessions interface {
	// Sessions lists the RTSP sessions of stream id's mount; a stream that serves no mount has
	// none. Unknown ids give ErrNotFound.
	Sessions(ctx context.Context, id string) ([]Session, error)
	// Kick closes the connection of session sessionID of stream id's mount and ends the
	// session. An unknown stream or session gives ErrNotFound.
	Kick(ctx context.Context, id, sessionID string) error
}

// Session transports.
const (
	TransportTCP       = "tcp"
	TransportUDP       = "udp"
	TransportMulticast = "multicast"
)

// Session is one RTSP session of a served mount: a reader (PLAY) or a publisher (RECORD).
type Session struct {
	ID        string    `json:"id"`
	Address   string    `json:"address"`        // the client's RTSP connection, ip:port
	User      string    `json:"user,omitempty"` // empty for anonymous
	Transport string    `json:"transport"`      // TransportTCP, TransportUDP, TransportMulticast
	Publisher bool      `json:"publisher,omitempty"`
	Playing   bool      `json:"playing"` // PLAY (a publisher's RECORD) was sent
	Since     time.Time `json:"since"`
	// Bytes and Packets are what was sent to a reader (UDP: counted by the socket; TCP: bytes
	// the reader acknowledged, packets by RTP sequence number since PLAY) or received from a
	// publisher.
	Bytes   uint64 `json:"bytes"`
	Packets uint64 `json:"packets"`
	// Report says an RTCP receiver report arrived; the loss and jitter are from the last one
	// (FractionLost of the packets since the report before, 0 to 1; PacketsLost in all).
	Report       bool    `json:"report"`
	FractionLost float64 `json:"fraction_lost"`
	PacketsLost  int64   `json:"packets_lost"`
	JitterMS     float64 `json:"jitter_ms"`
}

// ReaderReport is one reader's RTCP receiver report, as Stats carries it.
type ReaderReport struct {
	ID           string  `json:"id"` // the session
	FractionLost float64 `json:"fraction_lost"`
	PacketsLost  int64   `json:"packets_lost"`
	JitterMS     float64 `json:"jitter_ms"`
}

// MaxReaderReports is how many readers' reports Stats carries at most (the worst first), so
// that stats stay small whatever the audience.
const MaxReaderReports = 64
