/* The C half of gstcast's RTSP server. Three small GObject subclasses and a hub:
 *
 *  - GcHub: where a mount's H.264 access units arrive (from the appsink that ends a local source
 *    pipeline, or from the appsink of a publisher's RECORD media) and are pushed into the appsrc
 *    of the mount's one shared PLAY media. The source pipeline and the RTSP media are separate
 *    pipelines, so a source that fails and is restarted never tears down readers' sessions: they
 *    see frames again when the source is back.
 *  - GcFactory: a media factory that builds those bins element by element (no launch strings),
 *    keys every reader onto one shared media (whatever URL spelling or query they used), and
 *    builds a RECORD bin instead when the request is an ANNOUNCE.
 *  - GcAuth: basic/digest authentication from gst-rtsp-server, plus gstcast's per-mount rules:
 *    separate reader and publisher lists. Refusals are 401 with a challenge for anonymous
 *    users (wrong credentials land here too) and 403 for users who are known but not allowed.
 */
#include "rtspserver.h"
#include "sessions.h"
#include "gop.h"

#include <string.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/rtsp-server/rtsp-server.h>

#define ANON_ROLE "gstcast.anonymous"
#define ANY_USER "*"

/* ------------------------------------------------------------------------------------------ */
/* hub */

/* Access units the GOP cache holds at most (20 s at 30 fps): a longer GOP is not cached. */
#define GOP_MAX 600
/* Readers joining a playing media ask the source for a keyframe at most this often: 200
 * readers joining at once cost one keyframe, not 200. */
#define KEYFRAME_GAP_US (500 * 1000)

/* The hub pushes into the shared media only while a reader plays it (flowing, from the media's
 * new-state PLAYING to its PAUSED/NULL), never into a media that gst-rtsp-server holds blocked.
 * A live shared media is prerolled with one buffer, which gst-rtsp-server then holds at its
 * rtpbin until the first PLAY: that buffer is the codec configuration alone (no picture), and
 * the first PLAY starts the media with the GOP cache, from the newest keyframe on. Before, the
 * hub pushed into the blocked media's 4-buffer leaky appsrc, and every first reader decoded the
 * stale preroll frame, 3-8 damaged deltas, and lost the rest of a GOP. */
typedef struct {
  gint refcount;
  GMutex lock;
  GstElement *appsrc; /* the current PLAY media's source (ref) */
  gpointer media;     /* that media (no ref: compared only) */
  GstElement *active; /* the appsink whose samples are taken; others are dropped (no ref) */
  gboolean need_key;  /* start every reader-facing run at a keyframe */
  gboolean flowing;   /* a reader plays the media: push every access unit */
  gboolean primed;    /* the media has its preroll buffer */
  GcGop *gop;         /* the access units since the newest keyframe */
  GstClockTime last_dts;    /* of the last buffer pushed into appsrc */
  gint64 burst_us, key_us;  /* monotonic: the last cache burst, the last keyframe request */
  guint64 in, out;
  gint publishers; /* RECORD sinks alive */
} GcHub;

static GcHub *hub_new(void) {
  GcHub *h = g_new0(GcHub, 1);
  h->refcount = 1;
  h->need_key = TRUE;
  h->last_dts = GST_CLOCK_TIME_NONE;
  h->gop = gc_gop_new(GOP_MAX);
  g_mutex_init(&h->lock);
  return h;
}

static GcHub *hub_ref(GcHub *h) {
  g_atomic_int_inc(&h->refcount);
  return h;
}

static void hub_unref(gpointer p) {
  GcHub *h = p;
  if (!g_atomic_int_dec_and_test(&h->refcount))
    return;
  if (h->appsrc)
    gst_object_unref(h->appsrc);
  gc_gop_free(h->gop);
  g_mutex_clear(&h->lock);
  g_free(h);
}

static void hub_unref_closure(gpointer p, GClosure *c) { hub_unref(p); }

/* Take the source's timestamps off and put the media pipeline's running time on: the two
 * pipelines have different clocks' base times, and a restarted source starts again from zero.
 * A cached access unit is stamped ago before now, as it arrived, but never before the last one
 * pushed (after all readers left and the media paused, its running time went on from where it
 * paused). The PTS-DTS gap is kept so streams with B-frames still decode. */
static GstBuffer *restamp(GstBuffer *buf, GstElement *src, GstClockTime ago, GstClockTime floor) {
  GstBuffer *out = gst_buffer_copy(buf); /* metadata only: the memory is shared, not copied */
  GstClock *clock = gst_element_get_clock(src);
  GstClockTime now = GST_CLOCK_TIME_NONE, pts = GST_BUFFER_PTS(buf), dts = GST_BUFFER_DTS(buf);
  if (clock) {
    GstClockTime t = gst_clock_get_time(clock), base = gst_element_get_base_time(src);
    now = t > base + ago ? t - base - ago : 0;
    if (GST_CLOCK_TIME_IS_VALID(floor) && now <= floor)
      now = floor + GST_MSECOND;
    gst_object_unref(clock);
  }
  GST_BUFFER_DTS(out) = now;
  GST_BUFFER_PTS(out) = now;
  if (GST_CLOCK_TIME_IS_VALID(now) && GST_CLOCK_TIME_IS_VALID(pts) && GST_CLOCK_TIME_IS_VALID(dts) &&
      pts > dts)
    GST_BUFFER_PTS(out) = now + (pts - dts);
  GST_BUFFER_DURATION(out) = GST_CLOCK_TIME_NONE;
  return out;
}

/* Pushes buf into the media's appsrc, stamped ago before now. Called with the hub's lock held,
 * so the cache's burst and the source's next access units stay in order; the appsrc never
 * blocks (block=FALSE). */
static void hub_push(GcHub *h, GstBuffer *buf, GstCaps *caps, GstClockTime ago) {
  GstAppSrc *src = GST_APP_SRC(h->appsrc);
  if (caps) {
    GstCaps *cur = gst_app_src_get_caps(src);
    if (!cur || !gst_caps_is_equal(cur, caps))
      gst_app_src_set_caps(src, caps);
    if (cur)
      gst_caps_unref(cur);
  }
  GstBuffer *out = restamp(buf, h->appsrc, ago, h->last_dts);
  h->last_dts = GST_BUFFER_DTS(out);
  gst_app_src_push_buffer(src, out);
}

static GstFlowReturn hub_new_sample(GstAppSink *sink, gpointer data) {
  GcHub *h = data;
  GstSample *sample = gst_app_sink_pull_sample(sink);
  if (!sample)
    return GST_FLOW_FLUSHING;
  GstBuffer *buf = gst_sample_get_buffer(sample);
  GstCaps *caps = gst_sample_get_caps(sample);

  g_mutex_lock(&h->lock);
  if (buf && (h->active == NULL || h->active == GST_ELEMENT(sink))) {
    gboolean delta = GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_DELTA_UNIT);
    h->active = GST_ELEMENT(sink);
    h->in++;
    gc_gop_add(h->gop, buf, caps, gst_util_get_timestamp());
    if (h->appsrc && h->flowing) {
      if (h->need_key && delta) {
        /* readers could not decode this yet: wait for the next keyframe */
      } else {
        h->need_key = FALSE;
        hub_push(h, buf, caps, 0);
        h->out++;
      }
    } else if (h->appsrc && !h->primed && !delta) {
      /* the media's preroll: held by gst-rtsp-server until the first PLAY */
      GstBuffer *cfg = gc_config_only(buf, caps);
      hub_push(h, cfg ? cfg : buf, caps, 0);
      if (cfg)
        gst_buffer_unref(cfg);
      h->primed = TRUE;
    }
  }
  g_mutex_unlock(&h->lock);

  gst_sample_unref(sample);
  /* Never report an error upstream: a mount without readers must not stop its source. */
  return GST_FLOW_OK;
}

/* The shared media starts playing for its first reader (after a prepare, or after every reader
 * had left): start it with the cache, from the newest keyframe, stamped as the access units
 * arrived. It stops when the last reader leaves. */
static void hub_media_state(GstRTSPMedia *media, gint state, gpointer data) {
  GcHub *h = data;
  g_mutex_lock(&h->lock);
  if (media == h->media && h->appsrc) {
    if (state == GST_STATE_PLAYING && !h->flowing) {
      h->flowing = TRUE;
      guint n = gc_gop_len(h->gop);
      GstClockTime now = gst_util_get_timestamp();
      for (guint i = 0; i < n; i++) {
        GstCaps *caps;
        GstClockTime at;
        GstBuffer *buf = gc_gop_get(h->gop, i, &caps, &at);
        hub_push(h, buf, caps, now > at ? now - at : 0);
        h->out++;
      }
      h->need_key = n == 0;
      h->burst_us = g_get_monotonic_time();
    } else if (state != GST_STATE_PLAYING) {
      h->flowing = FALSE;
    }
  }
  g_mutex_unlock(&h->lock);
}

/* A reader joins the shared media (its PLAY was answered). One that started the media has the
 * cache; one that joins a playing media would wait for the source's next keyframe (gstcast's
 * own encoders make one every 2 s): ask for one now, rate-limited. */
static void hub_reader_joined(GcHub *h) {
  GstElement *sink = NULL;
  g_mutex_lock(&h->lock);
  gint64 now = g_get_monotonic_time();
  if (h->flowing && h->active && now - h->burst_us > 100 * 1000)
    sink = gst_object_ref(h->active);
  gint64 last = h->key_us;
  g_mutex_unlock(&h->lock);
  if (!sink)
    return;
  if (gc_request_keyframe(sink, &last, KEYFRAME_GAP_US)) {
    g_mutex_lock(&h->lock);
    h->key_us = last;
    g_mutex_unlock(&h->lock);
  }
  gst_object_unref(sink);
}

static void hub_attach(GcHub *h, GstElement *appsink) {
  GstAppSinkCallbacks cbs = {0};
  cbs.new_sample = hub_new_sample;
  g_mutex_lock(&h->lock);
  h->active = appsink;
  h->need_key = TRUE;
  gc_gop_clear(h->gop); /* a new source: its own configuration and keyframes */
  g_mutex_unlock(&h->lock);
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink), &cbs, hub_ref(h), hub_unref);
}

static void hub_detach(GcHub *h, GstElement *appsink) {
  GstAppSinkCallbacks none = {0};
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink), &none, NULL, NULL);
  g_mutex_lock(&h->lock);
  if (h->active == appsink)
    h->active = NULL;
  g_mutex_unlock(&h->lock);
}

static void hub_set_appsrc(GcHub *h, GstElement *appsrc) {
  g_mutex_lock(&h->lock);
  if (h->appsrc)
    gst_object_unref(h->appsrc);
  h->appsrc = appsrc ? gst_object_ref(appsrc) : NULL;
  h->media = NULL; /* set once the media is configured */
  h->need_key = TRUE;
  h->flowing = FALSE;
  h->primed = FALSE;
  h->last_dts = GST_CLOCK_TIME_NONE;
  g_mutex_unlock(&h->lock);
}

typedef struct {
  GcHub *hub;
} PublisherRef;

static void publisher_gone(gpointer data, GObject *where_the_object_was) {
  PublisherRef *p = data;
  g_mutex_lock(&p->hub->lock);
  p->hub->publishers--;
  if (p->hub->active == (GstElement *)where_the_object_was)
    p->hub->active = NULL;
  g_mutex_unlock(&p->hub->lock);
  hub_unref(p->hub);
  g_free(p);
}

/* ------------------------------------------------------------------------------------------ */
/* factory */

typedef struct {
  GstRTSPMediaFactory parent;
  GcHub *hub;
  gchar **readers, **publishers;
  gboolean publish;
  gboolean h265; /* the source hands over H.265, not H.264 (gc_mount_set_h265) */
  GMutex construct_lock;
} GcFactory;

typedef struct {
  GstRTSPMediaFactoryClass parent_class;
} GcFactoryClass;

static GType gc_factory_get_type(void);
G_DEFINE_TYPE(GcFactory, gc_factory, GST_TYPE_RTSP_MEDIA_FACTORY)
#define GC_FACTORY(o) ((GcFactory *)(o))
#define GC_IS_FACTORY(o) G_TYPE_CHECK_INSTANCE_TYPE((o), gc_factory_get_type())

static gboolean in_announce(void) {
  GstRTSPContext *ctx = gst_rtsp_context_get_current();
  return ctx && ctx->method == GST_RTSP_ANNOUNCE;
}

/* One shared PLAY media per mount, whatever the URL looked like; RECORD media are never shared. */
static gchar *gc_factory_gen_key(GstRTSPMediaFactory *f, const GstRTSPUrl *url) {
  return in_announce() ? NULL : g_strdup("play");
}

static GstElement *make(const char *factory, const char *name) {
  GstElement *e = gst_element_factory_make(factory, name);
  if (!e)
    GST_ERROR("gstcast: element %s is not installed", factory);
  return e;
}

/* appsrc ! rtph264pay: the source side already hands over parsed byte-stream access units with
 * SPS/PPS before every keyframe, so the media needs no parser of its own. */
static GstElement *play_bin(GcFactory *f) {
  GstElement *bin = gst_bin_new(NULL);
  GstElement *src = make("appsrc", "src"), *pay = make(f->h265 ? "rtph265pay" : "rtph264pay", "pay0");
  if (!src || !pay) {
    if (src) gst_object_unref(src);
    if (pay) gst_object_unref(pay);
    gst_object_unref(bin);
    return NULL;
  }
  GstCaps *caps = gst_caps_from_string(f->h265 ? "video/x-h265,stream-format=byte-stream,alignment=au"
                                               : "video/x-h264,stream-format=byte-stream,alignment=au");
  /* Live, time-based, never blocking the hub. The hub pushes only while readers play, so the
   * queue holds at most the GOP cache's burst; only a media that cannot keep up drops (the
   * oldest first). */
  g_object_set(src, "is-live", TRUE, "format", GST_FORMAT_TIME, "caps", caps, "block", FALSE,
      "max-buffers", (guint64)(GOP_MAX + 16), "max-bytes", (guint64)(64 << 20),
      "leaky-type", GST_APP_LEAKY_TYPE_DOWNSTREAM, NULL);
  gst_caps_unref(caps);
  /* SPS/PPS with every IDR so a reader that joins late decodes at the next keyframe */
  g_object_set(pay, "pt", 96, "config-interval", -1, NULL);
  gst_bin_add_many(GST_BIN(bin), src, pay, NULL);
  if (!gst_element_link(src, pay)) {
    gst_object_unref(bin);
    return NULL;
  }
  hub_set_appsrc(f->hub, src);
  return bin;
}

static GstElement *record_bin(GcFactory *f) {
  GstElement *bin = gst_bin_new(NULL);
  GstElement *depay = make("rtph264depay", "depay0"), *parse = make("h264parse", NULL),
             *sink = make("appsink", NULL);
  if (!depay || !parse || !sink) {
    if (depay) gst_object_unref(depay);
    if (parse) gst_object_unref(parse);
    if (sink) gst_object_unref(sink);
    gst_object_unref(bin);
    return NULL;
  }
  GstCaps *caps = gst_caps_from_string("video/x-h264,stream-format=byte-stream,alignment=au");
  g_object_set(sink, "caps", caps, "sync", FALSE, "async", FALSE, "max-buffers", 4, "drop", TRUE,
      NULL);
  gst_caps_unref(caps);
  g_object_set(parse, "config-interval", -1, NULL);
  gst_bin_add_many(GST_BIN(bin), depay, parse, sink, NULL);
  if (!gst_element_link_many(depay, parse, sink, NULL)) {
    gst_object_unref(bin);
    return NULL;
  }
  /* The newest publisher takes the mount over (a camera that reconnects before its old
   * session timed out must not be locked out). */
  hub_attach(f->hub, sink);
  PublisherRef *p = g_new0(PublisherRef, 1);
  p->hub = hub_ref(f->hub);
  g_mutex_lock(&f->hub->lock);
  f->hub->publishers++;
  g_mutex_unlock(&f->hub->lock);
  g_object_weak_ref(G_OBJECT(sink), publisher_gone, p);
  return bin;
}

static GstElement *gc_factory_create_element(GstRTSPMediaFactory *mf, const GstRTSPUrl *url) {
  GcFactory *f = GC_FACTORY(mf);
  return in_announce() ? record_bin(f) : play_bin(f);
}

/* gst-rtsp-server builds a media with the factory's transport mode and only collects the
 * streams that match it (pay%d for PLAY, depay%d for RECORD), so a mount that is read and
 * published needs the right single mode while each media is built. */
static GstRTSPMedia *gc_factory_construct(GstRTSPMediaFactory *mf, const GstRTSPUrl *url) {
  GcFactory *f = GC_FACTORY(mf);
  GstRTSPMediaFactoryClass *parent = GST_RTSP_MEDIA_FACTORY_CLASS(gc_factory_parent_class);
  if (!f->publish)
    return parent->construct(mf, url);
  g_mutex_lock(&f->construct_lock);
  gst_rtsp_media_factory_set_transport_mode(mf,
      in_announce() ? GST_RTSP_TRANSPORT_MODE_RECORD : GST_RTSP_TRANSPORT_MODE_PLAY);
  GstRTSPMedia *media = parent->construct(mf, url);
  gst_rtsp_media_factory_set_transport_mode(mf,
      GST_RTSP_TRANSPORT_MODE_PLAY | GST_RTSP_TRANSPORT_MODE_RECORD);
  g_mutex_unlock(&f->construct_lock);
  return media;
}

/* The default configure copies the factory's (double) mode onto the media: put the single
 * one back, or gst-rtsp-server would treat a reader's media as a RECORD one and never prepare it. */
static GQuark hub_quark(void) { return g_quark_from_static_string("gstcast-hub"); }

static void gc_factory_configure(GstRTSPMediaFactory *mf, GstRTSPMedia *media) {
  GST_RTSP_MEDIA_FACTORY_CLASS(gc_factory_parent_class)->configure(mf, media);
  gboolean record = in_announce();
  if (GC_FACTORY(mf)->publish)
    gst_rtsp_media_set_transport_mode(media,
        record ? GST_RTSP_TRANSPORT_MODE_RECORD : GST_RTSP_TRANSPORT_MODE_PLAY);
  if (record)
    return;
  /* the PLAY media just built by play_bin: the hub follows its readers (see GcHub) */
  GcHub *h = GC_FACTORY(mf)->hub;
  g_mutex_lock(&h->lock);
  h->media = media;
  g_mutex_unlock(&h->lock);
  g_signal_connect_data(media, "new-state", G_CALLBACK(hub_media_state), hub_ref(h),
      hub_unref_closure, 0);
  g_object_set_qdata_full(G_OBJECT(media), hub_quark(), hub_ref(h), hub_unref);
}

static void on_play_request(GstRTSPClient *client, GstRTSPContext *ctx, gpointer data) {
  GcHub *h = ctx->media ? g_object_get_qdata(G_OBJECT(ctx->media), hub_quark()) : NULL;
  if (h)
    hub_reader_joined(h);
}

static void on_client_connected(GstRTSPServer *server, GstRTSPClient *client, gpointer data) {
  g_signal_connect(client, "play-request", G_CALLBACK(on_play_request), NULL);
}

static void gc_factory_finalize(GObject *o) {
  GcFactory *f = GC_FACTORY(o);
  g_strfreev(f->readers);
  g_strfreev(f->publishers);
  g_mutex_clear(&f->construct_lock);
  if (f->hub)
    hub_unref(f->hub);
  G_OBJECT_CLASS(gc_factory_parent_class)->finalize(o);
}

static void gc_factory_class_init(GcFactoryClass *klass) {
  GstRTSPMediaFactoryClass *mf = GST_RTSP_MEDIA_FACTORY_CLASS(klass);
  mf->gen_key = gc_factory_gen_key;
  mf->create_element = gc_factory_create_element;
  mf->construct = gc_factory_construct;
  mf->configure = gc_factory_configure;
  G_OBJECT_CLASS(klass)->finalize = gc_factory_finalize;
}

static void gc_factory_init(GcFactory *f) { g_mutex_init(&f->construct_lock); }

/* ------------------------------------------------------------------------------------------ */
/* auth */

typedef struct {
  GstRTSPAuth parent;
} GcAuth;

typedef struct {
  GstRTSPAuthClass parent_class;
} GcAuthClass;

static GType gc_auth_get_type(void);
G_DEFINE_TYPE(GcAuth, gc_auth, GST_TYPE_RTSP_AUTH)

static gboolean listed(gchar **users, const gchar *role) {
  if (!users)
    return FALSE;
  for (gchar **u = users; *u; u++) {
    if (g_str_equal(*u, ANY_USER))
      return TRUE;
    if (role && !g_str_equal(role, ANON_ROLE) && g_str_equal(*u, role))
      return TRUE;
  }
  return FALSE;
}

static void refuse(GstRTSPAuth *auth, GstRTSPContext *ctx, GstRTSPStatusCode code) {
  gst_rtsp_message_init_response(ctx->response, code, gst_rtsp_status_as_text(code), ctx->request);
  if (code == GST_RTSP_STS_UNAUTHORIZED)
    GST_RTSP_AUTH_GET_CLASS(auth)->generate_authenticate_header(auth, ctx);
  gst_rtsp_client_send_message(ctx->client, ctx->session, ctx->response);
}

static gboolean gc_auth_check(GstRTSPAuth *auth, GstRTSPContext *ctx, const gchar *check) {
  GstRTSPAuthClass *parent = GST_RTSP_AUTH_CLASS(gc_auth_parent_class);
  /* every request passes here first: another connection's session is refused (sessions.c) */
  if (g_str_equal(check, GST_RTSP_AUTH_CHECK_URL) && !gc_guard_check_request(auth, ctx))
    return FALSE;
  if (!ctx->factory || !GC_IS_FACTORY(ctx->factory) ||
      !g_str_has_prefix(check, "auth.check.media.factory."))
    return parent->check(auth, ctx, check);
  if (!g_str_equal(check, GST_RTSP_AUTH_CHECK_MEDIA_FACTORY_ACCESS))
    return TRUE; /* construct: decided with access */
  /* gst-rtsp-server authenticates lazily, in its own factory check, which is replaced here */
  if (ctx->token == NULL && GST_RTSP_AUTH_GET_CLASS(auth)->authenticate)
    GST_RTSP_AUTH_GET_CLASS(auth)->authenticate(auth, ctx);
  GcFactory *f = GC_FACTORY(ctx->factory);
  gboolean record = ctx->method == GST_RTSP_ANNOUNCE || ctx->method == GST_RTSP_RECORD;
  if (record && !f->publish)
    return TRUE; /* the server answers 405: this mount never takes RECORD */
  const gchar *role =
      ctx->token ? gst_rtsp_token_get_string(ctx->token, GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE) : NULL;
  if (listed(record ? f->publishers : f->readers, role))
    return TRUE;
  refuse(auth, ctx,
      (!role || g_str_equal(role, ANON_ROLE)) ? GST_RTSP_STS_UNAUTHORIZED : GST_RTSP_STS_FORBIDDEN);
  return FALSE;
}

static void gc_auth_class_init(GcAuthClass *klass) {
  GST_RTSP_AUTH_CLASS(klass)->check = gc_auth_check;
}

static void gc_auth_init(GcAuth *a) {}

/* ------------------------------------------------------------------------------------------ */
/* server */

struct GcServer {
  GstRTSPServer *server;
  GstRTSPMountPoints *mounts;
  GstRTSPAuth *auth;
  GstRTSPAddressPool *mcast;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  GSource *listen, *cleanup;
  int port;
};

struct GcMount {
  GcServer *server;
  gchar *path;
  GcFactory *factory;
  GstRTSPMedia *media; /* kept prepared so readers never wait for a pipeline to be built */
  gboolean held;       /* we hold one prepare count of media */
};

GcServer *gc_server_new(const char *address, int port, int threads) {
  GcServer *s = g_new0(GcServer, 1);
  s->server = gst_rtsp_server_new();
  gst_rtsp_server_set_address(s->server, address);
  gchar *service = g_strdup_printf("%d", port);
  gst_rtsp_server_set_service(s->server, service);
  g_free(service);
  gst_rtsp_server_set_backlog(s->server, 256); /* hundreds of readers connect at once */
  GstRTSPThreadPool *tp = gst_rtsp_server_get_thread_pool(s->server);
  gst_rtsp_thread_pool_set_max_threads(tp, threads);
  g_object_unref(tp);
  s->mounts = gst_rtsp_server_get_mount_points(s->server);
  s->auth = g_object_new(gc_auth_get_type(), NULL);
  GstRTSPToken *anon =
      gst_rtsp_token_new(GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, ANON_ROLE, NULL);
  gst_rtsp_auth_set_default_token(s->auth, anon);
  gst_rtsp_token_unref(anon);
  gst_rtsp_server_set_auth(s->server, s->auth);
  s->context = g_main_context_new();
  s->loop = g_main_loop_new(s->context, FALSE);
  g_signal_connect(s->server, "client-connected", G_CALLBACK(on_client_connected), NULL);
  return s;
}

int gc_server_set_tls(GcServer *s, const char *pem, char **err) {
  GError *e = NULL;
  GTlsCertificate *cert = g_tls_certificate_new_from_pem(pem, -1, &e);
  if (!cert) {
    *err = g_strdup(e ? e->message : "invalid certificate");
    g_clear_error(&e);
    return 0;
  }
  gst_rtsp_auth_set_tls_certificate(s->auth, cert);
  g_object_unref(cert);
  return 1;
}

void gc_server_set_auth_methods(GcServer *s, int basic, int digest) {
  GstRTSPAuthMethod m = 0;
  if (basic)
    m |= GST_RTSP_AUTH_BASIC;
  if (digest)
    m |= GST_RTSP_AUTH_DIGEST;
  gst_rtsp_auth_set_supported_methods(s->auth, m);
}

void gc_server_add_user(GcServer *s, const char *name, const char *password) {
  GstRTSPToken *t = gst_rtsp_token_new(GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, name, NULL);
  gchar *basic = gst_rtsp_auth_make_basic(name, password);
  gst_rtsp_auth_add_basic(s->auth, basic, t);
  g_free(basic);
  gst_rtsp_auth_add_digest(s->auth, name, password, t);
  gst_rtsp_token_unref(t);
}

int gc_server_set_multicast(GcServer *s, const char *from, const char *to, int port_min,
    int port_max, int ttl, char **err) {
  GstRTSPAddressPool *pool = gst_rtsp_address_pool_new();
  if (!gst_rtsp_address_pool_add_range(pool, from, to, port_min, port_max, ttl)) {
    *err = g_strdup_printf("multicast range %s-%s ports %d-%d is not valid", from, to, port_min,
        port_max);
    g_object_unref(pool);
    return 0;
  }
  if (s->mcast)
    g_object_unref(s->mcast);
  s->mcast = pool;
  return 1;
}

static gboolean cleanup_sessions(GstRTSPSessionPool *pool, gpointer data) {
  gst_rtsp_session_pool_cleanup(pool);
  return G_SOURCE_CONTINUE;
}

static gboolean quit_loop(gpointer loop) {
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

static gpointer run_loop(gpointer data) {
  GcServer *s = data;
  g_main_context_push_thread_default(s->context);
  g_main_loop_run(s->loop);
  g_main_context_pop_thread_default(s->context);
  return NULL;
}

int gc_server_start(GcServer *s, char **err) {
  GError *e = NULL;
  s->listen = gst_rtsp_server_create_source(s->server, NULL, &e);
  if (!s->listen) {
    *err = g_strdup(e ? e->message : "cannot listen");
    g_clear_error(&e);
    return 0;
  }
  g_source_attach(s->listen, s->context);
  /* Sessions whose clients vanished without TEARDOWN are only removed when the pool is
   * cleaned; the watch does that as sessions expire. */
  GstRTSPSessionPool *sp = gst_rtsp_server_get_session_pool(s->server);
  s->cleanup = gst_rtsp_session_pool_create_watch(sp);
  g_object_unref(sp);
  g_source_set_callback(s->cleanup, (GSourceFunc)(void (*)(void))cleanup_sessions, NULL, NULL);
  g_source_attach(s->cleanup, s->context);
  s->port = gst_rtsp_server_get_bound_port(s->server);
  s->thread = g_thread_new("gstcast-rtsp", run_loop, s);
  return s->port;
}

static GstRTSPFilterResult close_client(GstRTSPServer *server, GstRTSPClient *c, gpointer d) {
  return GST_RTSP_FILTER_REMOVE;
}

static GstRTSPFilterResult count_client(GstRTSPServer *server, GstRTSPClient *c, gpointer d) {
  (*(int *)d)++;
  return GST_RTSP_FILTER_KEEP;
}

int gc_server_n_clients(GcServer *s) {
  int n = 0;
  gst_rtsp_server_client_filter(s->server, count_client, &n);
  return n;
}

void gc_server_free(GcServer *s) {
  if (s->listen) {
    g_source_destroy(s->listen);
    g_source_unref(s->listen);
  }
  if (s->cleanup) {
    g_source_destroy(s->cleanup);
    g_source_unref(s->cleanup);
  }
  gst_rtsp_server_client_filter(s->server, close_client, NULL);
  if (s->thread) {
    /* Quit from inside the loop: g_main_loop_quit on a loop that its thread has not started
     * running yet is lost (g_main_loop_run sets it running again), and the join would wait for
     * ever. A server closed right after it started, on a busy machine, did exactly that. */
    GSource *quit = g_idle_source_new();
    g_source_set_callback(quit, quit_loop, s->loop, NULL);
    g_source_attach(quit, s->context);
    g_source_unref(quit);
    g_thread_join(s->thread);
  }
  g_main_loop_unref(s->loop);
  g_main_context_unref(s->context);
  if (s->mcast)
    g_object_unref(s->mcast);
  g_object_unref(s->mounts);
  g_object_unref(s->auth);
  g_object_unref(s->server);
  g_free(s);
}

/* H.265 mounts: set before the first reader, right after gc_mount_add; the media is built
 * on the first DESCRIBE, under construct_lock. */
void gc_mount_set_h265(GcMount *m) {
  GcFactory *f = GC_FACTORY(gc_mount_factory(m));
  g_mutex_lock(&f->construct_lock);
  f->h265 = TRUE;
  g_mutex_unlock(&f->construct_lock);
}

GcMount *gc_mount_add(GcServer *s, const char *path, char **readers, char **publishers,
    int publish, char **err) {
  gint matched = 0;
  GstRTSPMediaFactory *have = gst_rtsp_mount_points_match(s->mounts, path, &matched);
  if (have) {
    g_object_unref(have);
    if (matched == (gint)strlen(path)) {
      *err = g_strdup_printf("mount %s is already served", path);
      return NULL;
    }
  }
  GcFactory *f = g_object_new(gc_factory_get_type(), NULL);
  f->hub = hub_new();
  f->readers = g_strdupv(readers);
  f->publishers = g_strdupv(publishers);
  f->publish = publish;
  GstRTSPMediaFactory *mf = GST_RTSP_MEDIA_FACTORY(f);
  gst_rtsp_media_factory_set_shared(mf, TRUE);
  gst_rtsp_media_factory_set_suspend_mode(mf, GST_RTSP_SUSPEND_MODE_NONE);
  gst_rtsp_media_factory_set_transport_mode(mf, publish
          ? (GST_RTSP_TRANSPORT_MODE_PLAY | GST_RTSP_TRANSPORT_MODE_RECORD)
          : GST_RTSP_TRANSPORT_MODE_PLAY);
  /* jitter buffer of a publisher's RECORD session; small, it adds to glass-to-glass latency */
  gst_rtsp_media_factory_set_latency(mf, 50);
  if (s->mcast)
    gst_rtsp_media_factory_set_address_pool(mf, s->mcast);
  gst_rtsp_mount_points_add_factory(s->mounts, path, g_object_ref(mf));

  GcMount *m = g_new0(GcMount, 1);
  m->server = s;
  m->path = g_strdup(path);
  m->factory = f;

  return m;
}

/* Build the shared PLAY media and prepare it, once the mount's source is flowing (a live
 * media prerolls on its first buffer), and keep it prepared: every later reader finds it ready.
 * Blocks until prepared or gst-rtsp-server's preroll timeout. Called again after a failure, it
 * starts over with a fresh media. */
int gc_mount_prepare(GcMount *m, char **err) {
  GcServer *s = m->server;
  if (m->media && m->held) {
    if (gst_rtsp_media_get_status(m->media) == GST_RTSP_MEDIA_STATUS_PREPARED)
      return 1;
    gst_rtsp_media_unprepare(m->media);
    m->held = FALSE;
  }
  if (m->media) {
    g_object_unref(m->media);
    m->media = NULL;
  }
  gchar *u = g_strdup_printf("rtsp://127.0.0.1:%d%s", s->port, m->path);
  GstRTSPUrl *url = NULL;
  if (gst_rtsp_url_parse(u, &url) == GST_RTSP_OK) {
    m->media = gst_rtsp_media_factory_construct(GST_RTSP_MEDIA_FACTORY(m->factory), url);
    gst_rtsp_url_free(url);
  }
  g_free(u);
  if (!m->media) {
    *err = g_strdup("cannot build the mount's media (are gst-plugins-good and -bad installed?)");
    return 0;
  }
  GstRTSPThreadPool *tp = gst_rtsp_server_get_thread_pool(s->server);
  GstRTSPThread *t = gst_rtsp_thread_pool_get_thread(tp, GST_RTSP_THREAD_TYPE_MEDIA, NULL);
  g_object_unref(tp);
  if (!gst_rtsp_media_prepare(m->media, t)) {
    *err = g_strdup("the mount's media did not preroll: no keyframe from the source in time");
    return 0;
  }
  m->held = TRUE;
  return 1;
}

void gc_mount_remove(GcMount *m) {
  gst_rtsp_mount_points_remove_factory(m->server->mounts, m->path);
  if (m->media) {
    /* readers get an end of stream (RTCP BYE) rather than silence */
    GstElement *src = NULL;
    g_mutex_lock(&m->factory->hub->lock);
    if (m->factory->hub->appsrc)
      src = gst_object_ref(m->factory->hub->appsrc);
    g_mutex_unlock(&m->factory->hub->lock);
    if (src) {
      gst_app_src_end_of_stream(GST_APP_SRC(src));
      gst_object_unref(src);
    }
    if (m->held)
      gst_rtsp_media_unprepare(m->media);
    g_object_unref(m->media);
  }
  g_object_unref(m->factory);
  g_free(m->path);
  g_free(m);
}

/* The element comes from another package's pipeline as a bare pointer: check its type before
 * treating it as an appsink. */
int gc_mount_attach_sink(GcMount *m, GstElement *appsink) {
  if (!GST_IS_APP_SINK(appsink))
    return 0;
  hub_attach(m->factory->hub, appsink);
  return 1;
}

void gc_mount_detach_sink(GcMount *m, GstElement *appsink) {
  if (GST_IS_APP_SINK(appsink))
    hub_detach(m->factory->hub, appsink);
}

void gc_mount_stats(GcMount *m, guint64 *in, guint64 *out, int *publishing, int *prepared) {
  GcHub *h = m->factory->hub;
  g_mutex_lock(&h->lock);
  *in = h->in;
  *out = h->out;
  *publishing = h->publishers;
  g_mutex_unlock(&h->lock);
  *prepared = m->media && gst_rtsp_media_get_status(m->media) == GST_RTSP_MEDIA_STATUS_PREPARED;
}

/* ------------------------------------------------------------------------------------------ */
/* sessions, clients, limits (sessions.c) and bind addresses */

void gc_server_guard(GcServer *s, const GcLimits *limits) {
  gc_guard_install(s->server, s->context, limits);
}

GstRTSPServer *gc_server_rtsp(GcServer *s) { return s->server; }

GstRTSPMediaFactory *gc_mount_factory(GcMount *m) { return GST_RTSP_MEDIA_FACTORY(m->factory); }

const char *gc_mount_path(GcMount *m) { return m->path; }

/* gst-rtsp-server binds the UDP sockets of UDP readers and publishers to all addresses unless
 * the mount's address pool has a unicast range: give it one of the listen address alone. Call
 * after gc_server_set_multicast (which replaces the pool) and before any mount is added. */
int gc_server_bind_udp(GcServer *s, const char *address, int port_min, int port_max, char **err) {
  if (!s->mcast)
    s->mcast = gst_rtsp_address_pool_new();
  if (!gst_rtsp_address_pool_add_range(s->mcast, address, address, port_min, port_max, 0)) {
    *err = g_strdup_printf("UDP ports %d-%d on %s are not a valid range", port_min, port_max, address);
    return 0;
  }
  return 1;
}

