#include "rtx.h"

/* gst-rtsp-server serves the AVP profile by default, which has no RTCP feedback: a reader's
 * NACKs are never answered. Asking for AVPF and a retransmission time (its
 * examples/test-video-rtx.c) adds rtprtxsend to the media, keeps time_ms of sent packets and
 * puts the rtx payload (apt=96, rtx-time) in the SDP, which rtspsrc (do-retransmission, on by
 * default) uses. AVPF alone, not AVP|AVPF: with both, the SDP lists the stream twice (an AVP
 * and an AVPF m-line) and rtspsrc and ffmpeg set up the AVP one, so nobody gets RTX. The cost:
 * readers that only speak AVP (ffmpeg, VLC) are refused (461 Unsupported transport), which is
 * why RTX is a mount option and not the default. */
void gc_factory_set_rtx(GstRTSPMediaFactory *mf, guint time_ms) {
  gst_rtsp_media_factory_set_profiles(mf, GST_RTSP_PROFILE_AVPF);
  gst_rtsp_media_factory_set_retransmission_time(mf, (GstClockTime)time_ms * GST_MSECOND);
}
