/* The hub's GOP cache and what a joining reader needs (gop.c): the access units since the newest
 * keyframe, so a reader that starts the shared media starts at that keyframe instead of waiting
 * for the next one; the codec configuration alone, to preroll the media on without a picture; and
 * a rate-limited keyframe request upstream for readers that join a media already playing. */
#ifndef GSTCAST_GOP_H
#define GSTCAST_GOP_H

#include <gst/gst.h>

typedef struct GcGop GcGop;

/* A cache of at most max access units; a GOP longer than that is not kept (the next reader
 * waits for the next keyframe then, as without a cache). */
GcGop *gc_gop_new(guint max);
void gc_gop_free(GcGop *g);
void gc_gop_clear(GcGop *g);
/* Adds an access unit that arrived at monotonic time at (gst_util_get_timestamp): a keyframe
 * starts the cache over; a delta unit without a keyframe before it is not kept. */
void gc_gop_add(GcGop *g, GstBuffer *buf, GstCaps *caps, GstClockTime at);
guint gc_gop_len(GcGop *g);
/* The i-th cached access unit (no ref), its caps (no ref, may be NULL) and when it arrived. */
GstBuffer *gc_gop_get(GcGop *g, guint i, GstCaps **caps, GstClockTime *at);

/* A buffer holding only the codec configuration of keyframe buf (H.264 SPS/PPS, H.265
 * VPS/SPS/PPS, from byte-stream access units): a media prerolled on it has nothing a reader
 * could show, so the frame gst-rtsp-server holds at its preroll until the first PLAY is never a
 * stale picture. NULL when caps are another codec or buf carries no configuration. */
GstBuffer *gc_config_only(GstBuffer *buf, GstCaps *caps);

/* Asks the source upstream of appsink for a keyframe now (GstForceKeyUnit: an encoder makes
 * one, an RTP depayloader asks its sender with RTCP PLI), at most once every min_gap_us per
 * *last (monotonic microseconds of the last request; updated). 1 when a request was sent. */
int gc_request_keyframe(GstElement *appsink, gint64 *last, gint64 min_gap_us);

#endif
