package rtspserver

/*
#include "rtspserver.h"
#include "sessions.h"
#include "rtx.h"
*/
import "C"

// RTXTime is how long a mount with RTX keeps sent packets to resend: a reader's NACK comes a
// jitter-buffer wait and a round trip after the loss; 500 ms covers WAN round trips.
const RTXTime = 500

// setRTX turns retransmission on for a mount's media (see rtx.c).
func setRTX(m *Mount) { C.gc_factory_set_rtx(C.gc_mount_factory(m.c), C.guint(RTXTime)) }
