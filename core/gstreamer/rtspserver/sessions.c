/* Sessions, clients and limits of gstcast's RTSP server: see sessions.h.
 *
 * gst-rtsp-server keeps every session of a server in one pool and finds a request's session by
 * its id alone, whichever connection the request came on. A second connection that sends the
 * first reader's Session header could PLAY, PAUSE, TEARDOWN or SET_PARAMETER it, and merely
 * naming the session made the server "watch" it from that connection: when the intruder hung
 * up, the server stopped the reader's media (the live555 CVE-2026-41470 pattern). The guard
 * records which connection (and user) made each session, and the auth check refuses with 454
 * any request whose session belongs to another connection, unless it is the same
 * authenticated user; the intruder stops watching the session before anything else happens.
 *
 * Connections are counted per address and in all; one over a cap is closed at once with a log
 * line. A connection without a session that sends no request for a while is closed (gst's own
 * limit is 60 s). Request bodies are limited (a Content-Length of gigabytes is not allocated);
 * header lines are cut at 4 kB by GstRTSPConnection itself. */
#include "sessions.h"

#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#ifdef __linux__
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#endif

#include "_cgo_export.h" /* gcGuardLog */

#define GUARD_KEY "gstcast.guard"
#define CLIENT_KEY "gstcast.client"
#define OWNER_KEY "gstcast.owner"
#define COUNTERS_KEY "gstcast.counters"
/* the role of the default token; rtspserver.c's ANON_ROLE */
#define GUARD_ANON_ROLE "gstcast.anonymous"

struct GcGuard {
  gint refcount;
  GMutex lock;
  GstRTSPServer *server; /* not a ref: the guard is the server's qdata */
  GMainContext *context;
  GHashTable *per_addr; /* ip → open connections (GINT_TO_POINTER) */
  int clients;
  GcLimits lim;
  GSource *sweep;
  guint64 refused, hijacks, idle_closed, too_big;
  gint64 refusal_logged_us;
};

typedef struct {
  GcGuard *guard; /* ref */
  gchar *ip;
  guint port;
  gint64 last_us; /* monotonic: connected, or last request; guard->lock */
  guint64 rx_at_request; /* bytes received from it up to its last request; guard->lock */
  gboolean counted;
  GstRTSPSession *carried; /* another connection's session this request may use; guard->lock */
} ClientInfo;

/* Who made a session; the session's qdata. */
typedef struct {
  GWeakRef client;
  gchar address[72];
  gchar user[72];
  gint64 since_us;
  /* packets handed to this reader, from the payloader's sequence numbers since PLAY */
  gboolean have_seq;
  guint last_seq;
  guint64 packets;
} SessionOwner;

typedef struct {
  gint opened, failed;
} MountCount;

static GMutex owners_lock; /* SessionOwner's sequence counting */

static GcGuard *guard_ref(GcGuard *g) {
  g_atomic_int_inc(&g->refcount);
  return g;
}

static void guard_unref(gpointer p) {
  GcGuard *g = p;
  if (!g_atomic_int_dec_and_test(&g->refcount))
    return;
  if (g->sweep) {
    g_source_destroy(g->sweep);
    g_source_unref(g->sweep);
  }
  g_hash_table_unref(g->per_addr);
  g_main_context_unref(g->context);
  g_mutex_clear(&g->lock);
  g_free(g);
}

static void guard_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void guard_log(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  gchar *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  gcGuardLog(msg);
  g_free(msg);
}

/* ------------------------------------------------------------------------------------------ */
/* connections */

/* What the kernel counted on a client's connection (Linux): bytes the peer acknowledged, and
 * bytes received from it. FALSE when unknown. */
static gboolean tcp_bytes(GstRTSPClient *client, guint64 *acked, guint64 *received) {
#if defined(__linux__) && defined(TCP_INFO)
  GstRTSPConnection *conn = client ? gst_rtsp_client_get_connection(client) : NULL;
  GSocket *sock = conn ? gst_rtsp_connection_get_read_socket(conn) : NULL;
  if (!sock)
    return FALSE;
  struct tcp_info ti;
  socklen_t len = sizeof ti;
  memset(&ti, 0, sizeof ti);
  if (getsockopt(g_socket_get_fd(sock), IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
      len < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof ti.tcpi_bytes_received)
    return FALSE;
  if (acked)
    *acked = ti.tcpi_bytes_acked;
  if (received)
    *received = ti.tcpi_bytes_received;
  return TRUE;
#else
  return FALSE;
#endif
}

static void client_info_free(gpointer p) {
  ClientInfo *ci = p;
  GcGuard *g = ci->guard;
  if (ci->counted) {
    g_mutex_lock(&g->lock);
    g->clients--;
    gint n = GPOINTER_TO_INT(g_hash_table_lookup(g->per_addr, ci->ip)) - 1;
    if (n > 0)
      g_hash_table_insert(g->per_addr, g_strdup(ci->ip), GINT_TO_POINTER(n));
    else
      g_hash_table_remove(g->per_addr, ci->ip);
    g_mutex_unlock(&g->lock);
  }
  if (ci->carried)
    g_object_unref(ci->carried);
  guard_unref(g);
  g_free(ci->ip);
  g_free(ci);
}

/* Ends a client's connection the way a peer hanging up would: its own thread reads the end of
 * the stream and the server cleans up as usual. (gst_rtsp_client_close from another thread
 * races the client's watch, which then reads from a closed connection.) */
static void hang_up(GstRTSPClient *client) {
  GstRTSPConnection *conn = gst_rtsp_client_get_connection(client);
  if (!conn)
    return;
  GSocket *r = gst_rtsp_connection_get_read_socket(conn), *w = gst_rtsp_connection_get_write_socket(conn);
  if (r)
    g_socket_shutdown(r, TRUE, TRUE, NULL);
  if (w && w != r)
    g_socket_shutdown(w, TRUE, TRUE, NULL);
}

static const gchar *role_of(GstRTSPContext *ctx) {
  const gchar *role =
      ctx && ctx->token ? gst_rtsp_token_get_string(ctx->token, GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE) : NULL;
  if (!role || g_str_equal(role, GUARD_ANON_ROLE))
    return NULL;
  return role;
}

/* The counters of the mount a request is about: its factory's, found from the URL when the
 * server has not looked the factory up (a SETUP after DESCRIBE uses the media it cached). */
static MountCount *counts_of(GstRTSPClient *client, GstRTSPContext *ctx) {
  if (ctx && ctx->factory)
    return g_object_get_data(G_OBJECT(ctx->factory), COUNTERS_KEY);
  if (!ctx || !ctx->uri || !ctx->uri->abspath || !client)
    return NULL;
  GstRTSPMountPoints *mp = gst_rtsp_client_get_mount_points(client);
  if (!mp)
    return NULL;
  gint matched = 0; /* the mount's path and more (a SETUP's /stream=0) */
  GstRTSPMediaFactory *f = gst_rtsp_mount_points_match(mp, ctx->uri->abspath, &matched);
  g_object_unref(mp);
  if (!f)
    return NULL;
  MountCount *mc = g_object_get_data(G_OBJECT(f), COUNTERS_KEY); /* lives as long as the mount */
  g_object_unref(f);
  return mc;
}

static void owner_free(gpointer p) {
  SessionOwner *o = p;
  g_weak_ref_clear(&o->client);
  g_free(o);
}

static void on_new_session(GstRTSPClient *client, GstRTSPSession *session, gpointer data) {
  GstRTSPContext *ctx = gst_rtsp_context_get_current();
  ClientInfo *ci = g_object_get_data(G_OBJECT(client), CLIENT_KEY);
  SessionOwner *o = g_new0(SessionOwner, 1);
  g_weak_ref_init(&o->client, client);
  if (ci)
    g_snprintf(o->address, sizeof o->address, "%s:%u", ci->ip, ci->port);
  const gchar *role = role_of(ctx);
  if (role)
    g_strlcpy(o->user, role, sizeof o->user);
  o->since_us = g_get_real_time();
  g_object_set_data_full(G_OBJECT(session), OWNER_KEY, o, owner_free);
  MountCount *mc = counts_of(client, ctx);
  if (mc)
    g_atomic_int_inc(&mc->opened);
}

static GstRTSPFilterResult unwatch_one(GstRTSPClient *c, GstRTSPSession *s, gpointer session) {
  return s == session ? GST_RTSP_FILTER_REMOVE : GST_RTSP_FILTER_KEEP;
}

static gboolean starts_session(GstRTSPMethod m) {
  return m == GST_RTSP_DESCRIBE || m == GST_RTSP_SETUP || m == GST_RTSP_PLAY ||
         m == GST_RTSP_ANNOUNCE || m == GST_RTSP_RECORD;
}

/* Counts refused set-ups per mount, and remembers where a reader's PLAY started (RTP-Info). */
static void on_send_message(GstRTSPClient *client, GstRTSPContext *ctx, GstRTSPMessage *msg,
    gpointer data) {
  if (!ctx || !ctx->request || !msg || gst_rtsp_message_get_type(msg) != GST_RTSP_MESSAGE_RESPONSE)
    return;
  GstRTSPStatusCode code = GST_RTSP_STS_OK;
  if (gst_rtsp_message_parse_response(msg, &code, NULL, NULL) != GST_RTSP_OK)
    return;
  /* A session carried on from another connection (its own user's): once answered, this
   * connection stops watching it, or its hanging up would stop the session's media. */
  ClientInfo *ci = g_object_get_data(G_OBJECT(client), CLIENT_KEY);
  GstRTSPSession *carried = NULL;
  if (ci) {
    g_mutex_lock(&ci->guard->lock);
    carried = ci->carried;
    ci->carried = NULL;
    g_mutex_unlock(&ci->guard->lock);
  }
  if (carried) {
    gst_rtsp_client_session_filter(client, unwatch_one, carried);
    g_object_unref(carried);
  }
  if (code == GST_RTSP_STS_OK && ctx->method == GST_RTSP_PLAY && ctx->session) {
    gchar *info = NULL;
    if (gst_rtsp_message_get_header(msg, GST_RTSP_HDR_RTP_INFO, &info, 0) == GST_RTSP_OK && info) {
      const gchar *seq = strstr(info, "seq=");
      SessionOwner *o = g_object_get_data(G_OBJECT(ctx->session), OWNER_KEY);
      if (seq && o) {
        g_mutex_lock(&owners_lock);
        if (!o->have_seq) {
          o->last_seq = (guint)strtoul(seq + 4, NULL, 10) & 0xffff;
          o->have_seq = TRUE;
        }
        g_mutex_unlock(&owners_lock);
      }
    }
    return;
  }
  if (code < 400 || !starts_session(ctx->method))
    return;
  /* A first 401 is the challenge of every authenticated reader; only refused credentials count. */
  if (code == GST_RTSP_STS_UNAUTHORIZED &&
      gst_rtsp_message_get_header(ctx->request, GST_RTSP_HDR_AUTHORIZATION, NULL, 0) != GST_RTSP_OK)
    return;
  MountCount *mc = counts_of(client, ctx);
  if (mc)
    g_atomic_int_inc(&mc->failed);
}

static void on_client_connected(GstRTSPServer *server, GstRTSPClient *client, gpointer data) {
  GcGuard *g = data;
  GstRTSPConnection *conn = gst_rtsp_client_get_connection(client);
  ClientInfo *ci = g_new0(ClientInfo, 1);
  ci->guard = guard_ref(g);
  ci->ip = g_strdup(conn && gst_rtsp_connection_get_ip(conn) ? gst_rtsp_connection_get_ip(conn) : "?");
  if (conn) {
    GSocket *sock = gst_rtsp_connection_get_read_socket(conn);
    GSocketAddress *peer = sock ? g_socket_get_remote_address(sock, NULL) : NULL;
    if (peer) {
      if (G_IS_INET_SOCKET_ADDRESS(peer))
        ci->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(peer));
      g_object_unref(peer);
    }
  }
  ci->last_us = g_get_monotonic_time();

  const char *why = NULL;
  int n_addr = 0, n_all = 0;
  g_mutex_lock(&g->lock);
  n_addr = GPOINTER_TO_INT(g_hash_table_lookup(g->per_addr, ci->ip));
  n_all = g->clients;
  if (g->lim.max_clients > 0 && n_all >= g->lim.max_clients)
    why = "connections open in all";
  else if (g->lim.max_clients_per_addr > 0 && n_addr >= g->lim.max_clients_per_addr)
    why = "connections open from that address";
  if (!why) {
    ci->counted = TRUE;
    g->clients++;
    g_hash_table_insert(g->per_addr, g_strdup(ci->ip), GINT_TO_POINTER(n_addr + 1));
  } else {
    g->refused++;
  }
  gboolean say = FALSE;
  guint64 refused = g->refused;
  gint64 now = g_get_monotonic_time();
  if (why && now - g->refusal_logged_us > G_USEC_PER_SEC) { /* one line a second, with a count */
    g->refusal_logged_us = now;
    say = TRUE;
  }
  g_mutex_unlock(&g->lock);
  g_object_set_data_full(G_OBJECT(client), CLIENT_KEY, ci, client_info_free);

  if (why) {
    gboolean all = g_str_has_suffix(why, "all");
    if (say)
      guard_log("rtsp: refused a connection from %s:%u: %d %s, the cap is %d "
                "(%" G_GUINT64_FORMAT " refused so far)",
          ci->ip, ci->port, all ? n_all : n_addr, why,
          all ? g->lim.max_clients : g->lim.max_clients_per_addr, refused);
    hang_up(client);
    return;
  }
  if (g->lim.max_body > 0)
    gst_rtsp_client_set_content_length_limit(client, (guint)g->lim.max_body);
  g_signal_connect(client, "new-session", G_CALLBACK(on_new_session), NULL);
  g_signal_connect(client, "send-message", G_CALLBACK(on_send_message), NULL);
}

static GstRTSPFilterResult count_session(GstRTSPClient *c, GstRTSPSession *s, gpointer n) {
  (*(int *)n)++;
  return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult sweep_client(GstRTSPServer *server, GstRTSPClient *client, gpointer data) {
  GcGuard *g = data;
  ClientInfo *ci = g_object_get_data(G_OBJECT(client), CLIENT_KEY);
  if (!ci || !ci->counted)
    return GST_RTSP_FILTER_KEEP;
  guint64 rx = 0;
  gboolean have_rx = g->lim.max_request > 0 && tcp_bytes(client, NULL, &rx);
  g_mutex_lock(&g->lock);
  gint64 idle = g_get_monotonic_time() - ci->last_us;
  guint64 pending = have_rx && rx > ci->rx_at_request ? rx - ci->rx_at_request : 0;
  g_mutex_unlock(&g->lock);
  gboolean too_big = pending > (guint64)g->lim.max_request;
  if (!too_big && (g->lim.idle_ms <= 0 || idle < (gint64)g->lim.idle_ms * 1000))
    return GST_RTSP_FILTER_KEEP;
  int n = 0;
  gst_rtsp_client_session_filter(client, count_session, &n);
  if (n > 0)
    return GST_RTSP_FILTER_KEEP; /* readers' sessions time out by themselves; their RTCP and
                                  * a publisher's media arrive between requests */
  if (too_big) {
    g_mutex_lock(&g->lock);
    g->too_big++;
    ci->last_us = G_MAXINT64 / 2;
    ci->rx_at_request = G_MAXUINT64 / 2;
    g_mutex_unlock(&g->lock);
    guard_log("rtsp: closed the connection from %s:%u: %" G_GUINT64_FORMAT
              " bytes sent without completing a request (the limit is %d)",
        ci->ip, ci->port, pending, g->lim.max_request);
    hang_up(client);
    return GST_RTSP_FILTER_KEEP;
  }
  g_mutex_lock(&g->lock);
  g->idle_closed++;
  g_mutex_unlock(&g->lock);
  guard_log("rtsp: closed the connection from %s:%u: no request and no session for %d ms",
      ci->ip, ci->port, g->lim.idle_ms);
  hang_up(client);
  g_mutex_lock(&g->lock);
  ci->last_us = G_MAXINT64 / 2; /* said once; the connection is going */
  g_mutex_unlock(&g->lock);
  return GST_RTSP_FILTER_KEEP;
}

static gboolean sweep(gpointer data) {
  GcGuard *g = data;
  gst_rtsp_server_client_filter(g->server, sweep_client, g);
  return G_SOURCE_CONTINUE;
}

GcGuard *gc_guard_install(GstRTSPServer *server, GMainContext *context, const GcLimits *limits) {
  GcGuard *g = g_new0(GcGuard, 1);
  g->refcount = 1;
  g_mutex_init(&g->lock);
  g->server = server;
  g->context = g_main_context_ref(context);
  g->per_addr = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g->lim = *limits;
  g_object_set_data_full(G_OBJECT(server), GUARD_KEY, g, guard_unref);
  g_signal_connect(server, "client-connected", G_CALLBACK(on_client_connected), g);
  if (g->lim.idle_ms > 0 || g->lim.max_request > 0) {
    /* often enough that a request that never ends is caught after a few hundred kB */
    g->sweep = g_timeout_source_new(g->lim.idle_ms > 0 ? MAX(50, MIN(250, g->lim.idle_ms / 4)) : 250);
    g_source_set_callback(g->sweep, sweep, g, NULL);
    g_source_attach(g->sweep, context);
  }
  return g;
}

void gc_guard_stop(GstRTSPServer *server) {
  GcGuard *g = g_object_get_data(G_OBJECT(server), GUARD_KEY);
  if (g && g->sweep) {
    g_source_destroy(g->sweep);
    g_source_unref(g->sweep);
    g->sweep = NULL;
  }
}

void gc_guard_watch_mount(GstRTSPMediaFactory *factory) {
  g_object_set_data_full(G_OBJECT(factory), COUNTERS_KEY, g_new0(MountCount, 1), g_free);
}

/* ------------------------------------------------------------------------------------------ */
/* requests */

gboolean gc_guard_check_request(GstRTSPAuth *auth, GstRTSPContext *ctx) {
  GstRTSPClient *client = ctx->client;
  ClientInfo *ci = client ? g_object_get_data(G_OBJECT(client), CLIENT_KEY) : NULL;
  if (ci) {
    guint64 rx = 0;
    gboolean have_rx = tcp_bytes(client, NULL, &rx);
    g_mutex_lock(&ci->guard->lock);
    ci->last_us = g_get_monotonic_time();
    if (have_rx)
      ci->rx_at_request = rx;
    g_mutex_unlock(&ci->guard->lock);
  }
  if (!ctx->session || !client)
    return TRUE;
  SessionOwner *o = g_object_get_data(G_OBJECT(ctx->session), OWNER_KEY);
  if (!o)
    return TRUE;
  GstRTSPClient *owner = g_weak_ref_get(&o->client);
  gboolean ok = owner == client;
  if (owner)
    g_object_unref(owner);
  if (!ok && o->user[0]) {
    /* the same authenticated user may carry on a session from another connection */
    if (ctx->token == NULL && GST_RTSP_AUTH_GET_CLASS(auth)->authenticate)
      GST_RTSP_AUTH_GET_CLASS(auth)->authenticate(auth, ctx);
    const gchar *role = role_of(ctx);
    ok = role && g_str_equal(role, o->user);
    if (ok && ci) {
      g_mutex_lock(&ci->guard->lock);
      if (ci->carried)
        g_object_unref(ci->carried);
      ci->carried = g_object_ref(ctx->session);
      g_mutex_unlock(&ci->guard->lock);
    }
  }
  if (ok)
    return TRUE;

  /* Not this connection's: forget it here first, so that this connection closing does not
   * take the owner's media down with it, then answer as if there were no such session. */
  gst_rtsp_client_session_filter(client, unwatch_one, ctx->session);
  const gchar *method = gst_rtsp_method_as_text(ctx->method);
  if (ci) {
    g_mutex_lock(&ci->guard->lock);
    ci->guard->hijacks++;
    g_mutex_unlock(&ci->guard->lock);
  }
  guard_log("rtsp: refused %s from %s:%u: it names a session of another connection (%s)",
      method ? method : "a request", ci ? ci->ip : "?", ci ? ci->port : 0, o->address);
  gst_rtsp_message_init_response(ctx->response, GST_RTSP_STS_SESSION_NOT_FOUND,
      gst_rtsp_status_as_text(GST_RTSP_STS_SESSION_NOT_FOUND), ctx->request);
  gst_rtsp_client_send_message(client, NULL, ctx->response);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* listing */

typedef struct {
  GstRTSPStream *stream;  /* ref */
  GstStructure *stats;    /* the RTP session's, NULL when it has none */
  GList *udpsinks;        /* multiudpsink elements of the stream's bin (refs) */
} StreamStats;

static void stream_stats_free(gpointer p) {
  StreamStats *ss = p;
  gst_object_unref(ss->stream);
  if (ss->stats)
    gst_structure_free(ss->stats);
  g_list_free_full(ss->udpsinks, gst_object_unref);
  g_free(ss);
}

static void collect_udpsinks(const GValue *v, gpointer data) {
  GList **l = data;
  GstElement *e = g_value_get_object(v);
  GstElementFactory *f = gst_element_get_factory(e);
  if (f && g_str_equal(GST_OBJECT_NAME(f), "multiudpsink"))
    *l = g_list_prepend(*l, gst_object_ref(e));
}

static StreamStats *stats_of(GPtrArray *cache, GstRTSPStream *stream) {
  for (guint i = 0; i < cache->len; i++) {
    StreamStats *ss = g_ptr_array_index(cache, i);
    if (ss->stream == stream)
      return ss;
  }
  StreamStats *ss = g_new0(StreamStats, 1);
  ss->stream = gst_object_ref(stream);
  GObject *rs = gst_rtsp_stream_get_rtpsession(stream);
  if (rs) {
    g_object_get(rs, "stats", &ss->stats, NULL);
    g_object_unref(rs);
  }
  GstBin *bin = gst_rtsp_stream_get_joined_bin(stream);
  if (bin) {
    GstIterator *it = gst_bin_iterate_recurse(bin);
    gst_iterator_foreach(it, collect_udpsinks, &ss->udpsinks);
    gst_iterator_free(it);
    gst_object_unref(bin);
  }
  g_ptr_array_add(cache, ss);
  return ss;
}

static const GstStructure *source_at(const GstStructure *stats, guint i, guint *n) {
  const GValue *v = stats ? gst_structure_get_value(stats, "source-stats") : NULL;
  /* rtpsession's stats are a GValueArray, deprecated by GLib but what it hands out */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!v || G_VALUE_TYPE(v) != g_value_array_get_type()) {
    G_GNUC_END_IGNORE_DEPRECATIONS
    return NULL;
  }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GValueArray *a = g_value_get_boxed(v);
  *n = a ? a->n_values : 0;
  if (!a || i >= a->n_values)
    return NULL;
  GValue *sv = g_value_array_get_nth(a, i);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return sv && GST_VALUE_HOLDS_STRUCTURE(sv) ? gst_value_get_structure(sv) : NULL;
}

static gboolean get_bool(const GstStructure *s, const char *f) {
  gboolean b = FALSE;
  gst_structure_get_boolean(s, f, &b);
  return b;
}

static guint64 get_u64(const GstStructure *s, const char *f) {
  guint64 v = 0;
  gst_structure_get_uint64(s, f, &v);
  return v;
}

/* A reader's RTCP receiver report: the remote source whose RTCP came from where the reader's
 * transport says (UDP: its RTCP port; TCP: the interleaved channel's address, which is the
 * reader's connection). */
static void reader_report(const StreamStats *ss, const GstRTSPTransport *tr, const char *peer,
    GcSessionInfo *si) {
  gchar want[96] = "";
  if (tr->lower_transport == GST_RTSP_LOWER_TRANS_UDP && tr->destination)
    g_snprintf(want, sizeof want, "%s:%d", tr->destination, tr->client_port.max);
  guint n = 0;
  for (guint i = 0; source_at(ss->stats, i, &n) || i < n; i++) {
    const GstStructure *s = source_at(ss->stats, i, &n);
    if (!s)
      continue;
    if (get_bool(s, "internal")) {
      gint rate = 0;
      if (gst_structure_get_int(s, "clock-rate", &rate) && rate > 0)
        si->clock_rate = rate;
      continue;
    }
    const gchar *from = gst_structure_get_string(s, "rtcp-from");
    if (!from || !(g_str_equal(from, want) || (peer && g_str_equal(from, peer))))
      continue;
    if (!get_bool(s, "have-rb"))
      continue;
    guint fl = 0, jit = 0;
    gint lost = 0;
    gst_structure_get_uint(s, "rb-fractionlost", &fl);
    gst_structure_get_int(s, "rb-packetslost", &lost);
    gst_structure_get_uint(s, "rb-jitter", &jit);
    si->have_rb = 1;
    si->fraction_lost = fl;
    si->packets_lost = lost;
    si->jitter = jit;
  }
}

/* A publisher's counters: what its RTP session received from the remote sender. */
static void publisher_report(const StreamStats *ss, GcSessionInfo *si) {
  guint n = 0;
  for (guint i = 0; source_at(ss->stats, i, &n) || i < n; i++) {
    const GstStructure *s = source_at(ss->stats, i, &n);
    if (!s || get_bool(s, "internal") || !get_bool(s, "is-sender"))
      continue;
    si->bytes += get_u64(s, "octets-received");
    si->packets += get_u64(s, "packets-received");
    gint lost = 0, rate = 0;
    guint jit = 0;
    if (gst_structure_get_int(s, "packets-lost", &lost))
      si->packets_lost = lost;
    if (gst_structure_get_uint(s, "jitter", &jit)) {
      si->jitter = jit;
      si->have_rb = 1;
    }
    if (gst_structure_get_int(s, "clock-rate", &rate) && rate > 0)
      si->clock_rate = rate;
  }
}

static guint64 tcp_bytes_sent(GstRTSPClient *client) {
  guint64 acked = 0;
  tcp_bytes(client, &acked, NULL);
  return acked;
}

static void fill_reader(GcSessionInfo *si, SessionOwner *o, GstRTSPStreamTransport *trans,
    StreamStats *ss) {
  const GstRTSPTransport *tr = gst_rtsp_stream_transport_get_transport(trans);
  GstRTSPStream *stream = gst_rtsp_stream_transport_get_stream(trans);
  if (o) {
    guint cur = gst_rtsp_stream_get_current_seqnum(stream) & 0xffff;
    g_mutex_lock(&owners_lock);
    if (o->have_seq) {
      o->packets += (cur - o->last_seq) & 0xffff;
      o->last_seq = cur;
    }
    si->packets = o->packets;
    g_mutex_unlock(&owners_lock);
  }
  if (tr->lower_transport == GST_RTSP_LOWER_TRANS_UDP && tr->destination) {
    for (GList *l = ss->udpsinks; l; l = l->next) {
      GstStructure *st = NULL;
      g_signal_emit_by_name(l->data, "get-stats", tr->destination, tr->client_port.min, &st);
      if (st && gst_structure_has_field(st, "bytes-sent")) {
        si->bytes = get_u64(st, "bytes-sent");
        si->packets = get_u64(st, "packets-sent");
        gst_structure_free(st);
        break;
      }
      if (st)
        gst_structure_free(st);
    }
  } else if (tr->lower_transport == GST_RTSP_LOWER_TRANS_TCP && o) {
    GstRTSPClient *c = g_weak_ref_get(&o->client);
    si->bytes = tcp_bytes_sent(c);
    if (c)
      g_object_unref(c);
  }
  reader_report(ss, tr, o && o->address[0] ? o->address : NULL, si);
}

static gboolean media_of_mount(GstRTSPSessionMedia *sm, const char *path) {
  gint matched = 0;
  return gst_rtsp_session_media_matches(sm, path, &matched) && matched == (gint)strlen(path);
}

int gc_guard_sessions(GstRTSPServer *server, const char *path, GcSessionInfo **out) {
  GArray *arr = g_array_new(FALSE, TRUE, sizeof(GcSessionInfo));
  GPtrArray *cache = g_ptr_array_new_with_free_func(stream_stats_free);
  GstRTSPSessionPool *pool = gst_rtsp_server_get_session_pool(server);
  GList *sessions = pool ? gst_rtsp_session_pool_filter(pool, NULL, NULL) : NULL;
  for (GList *l = sessions; l; l = l->next) {
    GstRTSPSession *sess = l->data;
    GList *medias = gst_rtsp_session_filter(sess, NULL, NULL);
    for (GList *ml = medias; ml; ml = ml->next) {
      GstRTSPSessionMedia *sm = ml->data;
      if (!media_of_mount(sm, path))
        continue;
      GcSessionInfo si;
      memset(&si, 0, sizeof si);
      g_strlcpy(si.id, gst_rtsp_session_get_sessionid(sess), sizeof si.id);
      SessionOwner *o = g_object_get_data(G_OBJECT(sess), OWNER_KEY);
      if (o) {
        g_strlcpy(si.address, o->address, sizeof si.address);
        g_strlcpy(si.user, o->user, sizeof si.user);
        si.since_us = o->since_us;
      }
      GstRTSPMedia *media = gst_rtsp_session_media_get_media(sm);
      si.publisher = (gst_rtsp_media_get_transport_mode(media) & GST_RTSP_TRANSPORT_MODE_RECORD) != 0;
      si.state = gst_rtsp_session_media_get_rtsp_state(sm);
      GPtrArray *trs = gst_rtsp_session_media_get_transports(sm);
      GstRTSPStreamTransport *trans = NULL;
      for (guint i = 0; trs && i < trs->len && !trans; i++)
        trans = g_ptr_array_index(trs, i);
      if (trans) {
        const GstRTSPTransport *tr = gst_rtsp_stream_transport_get_transport(trans);
        si.transport = tr->lower_transport == GST_RTSP_LOWER_TRANS_TCP         ? 0
                       : tr->lower_transport == GST_RTSP_LOWER_TRANS_UDP_MCAST ? 2
                                                                               : 1;
        StreamStats *ss = stats_of(cache, gst_rtsp_stream_transport_get_stream(trans));
        if (si.publisher)
          publisher_report(ss, &si);
        else
          fill_reader(&si, o, trans, ss);
      }
      if (trs)
        g_ptr_array_unref(trs);
      g_array_append_val(arr, si);
    }
    g_list_free_full(medias, g_object_unref);
  }
  g_list_free_full(sessions, g_object_unref);
  if (pool)
    g_object_unref(pool);
  g_ptr_array_unref(cache);
  int n = (int)arr->len;
  *out = (GcSessionInfo *)g_array_free(arr, FALSE);
  return n;
}

int gc_guard_kick(GstRTSPServer *server, const char *path, const char *id) {
  GstRTSPSessionPool *pool = gst_rtsp_server_get_session_pool(server);
  GstRTSPSession *sess = pool ? gst_rtsp_session_pool_find(pool, id) : NULL;
  int found = 0;
  if (sess) {
    GList *medias = gst_rtsp_session_filter(sess, NULL, NULL);
    for (GList *ml = medias; ml && !found; ml = ml->next)
      found = media_of_mount(ml->data, path);
    g_list_free_full(medias, g_object_unref);
  }
  if (found) {
    SessionOwner *o = g_object_get_data(G_OBJECT(sess), OWNER_KEY);
    GstRTSPClient *c = o ? g_weak_ref_get(&o->client) : NULL;
    if (c) {
      hang_up(c);
      g_object_unref(c);
    }
    gst_rtsp_session_pool_remove(pool, sess);
    guard_log("rtsp: kicked session %s of %s (%s)", id, path, o ? o->address : "?");
  }
  if (sess)
    g_object_unref(sess);
  if (pool)
    g_object_unref(pool);
  return found;
}

void gc_guard_counters(GstRTSPServer *server, GstRTSPMediaFactory *factory, GcMountCounters *out) {
  memset(out, 0, sizeof *out);
  MountCount *mc = factory ? g_object_get_data(G_OBJECT(factory), COUNTERS_KEY) : NULL;
  if (mc) {
    out->opened = (guint64)(guint)g_atomic_int_get(&mc->opened);
    out->failed = (guint64)(guint)g_atomic_int_get(&mc->failed);
  }
  GcGuard *g = g_object_get_data(G_OBJECT(server), GUARD_KEY);
  if (g) {
    g_mutex_lock(&g->lock);
    out->connections_refused = g->refused;
    out->hijacks_refused = g->hijacks;
    out->idle_closed = g->idle_closed;
    out->too_big = g->too_big;
    g_mutex_unlock(&g->lock);
  }
}
