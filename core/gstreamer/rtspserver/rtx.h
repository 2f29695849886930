#ifndef GC_RTX_H
#define GC_RTX_H
#include <gst/rtsp-server/rtsp-server.h>

/* Makes a factory's media offer RTP retransmission (RFC 4588): the AVPF profile and a
 * retransmission time (rtx.c). Call before the first media is built. */
void gc_factory_set_rtx(GstRTSPMediaFactory *mf, guint time_ms);

#endif
