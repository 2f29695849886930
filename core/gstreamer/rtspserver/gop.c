/* The hub's GOP cache, the preroll buffer and the keyframe request (gop.h has the why). */
#include "gop.h"

#include <string.h>
#include <gst/video/video.h>

typedef struct {
  GstBuffer *buf;
  GstCaps *caps;
  GstClockTime at;
} GopEntry;

struct GcGop {
  GArray *units; /* GopEntry, the first one a keyframe */
  guint max;
  gboolean overflow; /* the current GOP outgrew max: nothing kept until the next keyframe */
};

static void entry_clear(gpointer p) {
  GopEntry *e = p;
  gst_buffer_unref(e->buf);
  if (e->caps)
    gst_caps_unref(e->caps);
}

GcGop *gc_gop_new(guint max) {
  GcGop *g = g_new0(GcGop, 1);
  g->units = g_array_new(FALSE, FALSE, sizeof(GopEntry));
  g_array_set_clear_func(g->units, entry_clear);
  g->max = max;
  return g;
}

void gc_gop_free(GcGop *g) {
  g_array_unref(g->units);
  g_free(g);
}

void gc_gop_clear(GcGop *g) {
  g_array_set_size(g->units, 0);
  g->overflow = FALSE;
}

void gc_gop_add(GcGop *g, GstBuffer *buf, GstCaps *caps, GstClockTime at) {
  if (!GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT))
    gc_gop_clear(g);
  else if (g->units->len == 0 || g->overflow)
    return;
  if (g->units->len >= g->max) {
    gc_gop_clear(g);
    g->overflow = TRUE;
    return;
  }
  GopEntry e = {gst_buffer_ref(buf), caps ? gst_caps_ref(caps) : NULL, at};
  g_array_append_val(g->units, e);
}

guint gc_gop_len(GcGop *g) { return g->units->len; }

GstBuffer *gc_gop_get(GcGop *g, guint i, GstCaps **caps, GstClockTime *at) {
  GopEntry *e = &g_array_index(g->units, GopEntry, i);
  *caps = e->caps;
  *at = e->at;
  return e->buf;
}

/* The NAL units of a byte-stream access unit: start codes 00 00 01 (or 00 00 00 01). */
static gsize next_start(const guint8 *d, gsize n, gsize from, gsize *payload) {
  for (gsize i = from; i + 3 <= n; i++) {
    if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
      *payload = i + 3;
      return (i > from && d[i - 1] == 0) ? i - 1 : i;
    }
  }
  *payload = n;
  return n;
}

GstBuffer *gc_config_only(GstBuffer *buf, GstCaps *caps) {
  if (!caps || gst_caps_get_size(caps) == 0)
    return NULL;
  const gchar *name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  gboolean h264 = g_str_equal(name, "video/x-h264"), h265 = g_str_equal(name, "video/x-h265");
  if (!h264 && !h265)
    return NULL;
  GstMapInfo map;
  if (!gst_buffer_map(buf, &map, GST_MAP_READ))
    return NULL;
  GByteArray *out = g_byte_array_new();
  static const guint8 sc[4] = {0, 0, 0, 1};
  gsize p, start = next_start(map.data, map.size, 0, &p);
  while (start < map.size) {
    gsize np, next = next_start(map.data, map.size, p, &np);
    if (p < next) {
      guint8 b = map.data[p];
      guint type = h264 ? (b & 0x1f) : ((b >> 1) & 0x3f);
      gboolean config = h264 ? (type == 7 || type == 8) : (type >= 32 && type <= 34);
      if (config) {
        g_byte_array_append(out, sc, 4);
        g_byte_array_append(out, map.data + p, next - p);
      }
    }
    start = next;
    p = np;
  }
  gst_buffer_unmap(buf, &map);
  if (out->len == 0) {
    g_byte_array_unref(out);
    return NULL;
  }
  gsize len = out->len;
  GstBuffer *cfg = gst_buffer_new_wrapped(g_byte_array_free(out, FALSE), len);
  gst_buffer_copy_into(cfg, buf, GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  return cfg;
}

int gc_request_keyframe(GstElement *appsink, gint64 *last, gint64 min_gap_us) {
  gint64 now = g_get_monotonic_time();
  if (*last != 0 && now - *last < min_gap_us)
    return 0;
  *last = now;
  GstPad *pad = gst_element_get_static_pad(appsink, "sink");
  if (!pad)
    return 0;
  gboolean ok = gst_pad_push_event(pad,
      gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
  gst_object_unref(pad);
  return ok ? 1 : 0;
}
